// Draws the background of the partnership map: Europe's land and borders as a small SVG,
// from Natural Earth's 1:50m countries (public domain) as npm's world-atlas ships them.
// Nothing is fetched: the data comes from node_modules, the SVG is served by the portal.
//
// Writes static/img/europe.svg and partners/map/projection.json, the projection's
// parameters that partners/maps.py uses to place the markers, with points d3 projected
// so that a test can check that Python puts them in the same place.
//
//   node partners/map/build-map.mjs           write both files (`make map`)
//   node partners/map/build-map.mjs --check   exit 1 if the committed files differ
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { geoAzimuthalEqualArea } from "d3-geo";
import { feature, mesh } from "topojson-client";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const SVG_PATH = join(root, "static", "img", "europe.svg");
const PROJECTION_PATH = join(here, "projection.json");

// The Lambert azimuthal equal-area projection that Eurostat and the EEA use for Europe
// (ETRS89-LAEA, EPSG:3035: centred on 10° E, 52° N), fitted to the part of Europe from
// Ireland to Finland and from Andalusia to Lapland.
const WIDTH = 600;
const HEIGHT = 640;
const EXTENT = { west: -10.5, east: 31.5, south: 35.8, north: 70.2 };
const ROTATE = [-10, -52, 0];
// Rings smaller than this (in square pixels) are islands too small to see.
const MIN_AREA = 1.5;

// Where d3 puts these points: the test in tests/partners/test_map.py checks that Python's
// projection agrees, so that the markers sit on the right spot of the background.
const REFERENCE = [
  ["Lahti", 25.6615, 60.9827],
  ["Greifswald", 13.3923, 54.0865],
  ["Barcelona", 2.1686, 41.3874],
  ["Dublin", -6.2603, 53.3498],
  ["Cabo da Roca", -9.5007, 38.7804],
  ["Nordkapp", 25.7836, 71.1685],
];

const world = require("world-atlas/countries-50m.json");

function edge(from, to, steps) {
  return Array.from({ length: steps + 1 }, (_, i) => [
    from[0] + ((to[0] - from[0]) * i) / steps,
    from[1] + ((to[1] - from[1]) * i) / steps,
  ]);
}

const { west, east, south, north } = EXTENT;
const frame = {
  type: "MultiPoint",
  coordinates: [
    ...edge([west, south], [east, south], 40),
    ...edge([east, south], [east, north], 40),
    ...edge([east, north], [west, north], 40),
    ...edge([west, north], [west, south], 40),
  ],
};
const projection = geoAzimuthalEqualArea()
  .rotate(ROTATE)
  .fitSize([WIDTH, HEIGHT], frame)
  .clipExtent([
    [-2, -2],
    [WIDTH + 2, HEIGHT + 2],
  ]);

// A path string with whole-pixel coordinates, without the points that rounding makes
// repeat, and without rings too small to see: a quarter of the bytes of d3's geoPath.
function pathOf(object) {
  let d = "";
  let ring = null;
  let inPolygon = false;
  const flush = () => {
    if (!ring) return;
    const points = ring;
    ring = null;
    if (points.length > 1 && points[0][0] === points.at(-1)[0] && points[0][1] === points.at(-1)[1]) {
      points.pop();
    }
    if (inPolygon) {
      if (points.length < 3) return;
      let area = 0;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        area += points[j][0] * points[i][1] - points[i][0] * points[j][1];
      }
      if (Math.abs(area / 2) < MIN_AREA) return;
    } else if (points.length < 2) {
      return;
    }
    let last = null;
    points.forEach((point, i) => {
      if (i === 0) {
        d += `M${point[0]} ${point[1]}`;
      } else {
        const [dx, dy] = [point[0] - last[0], point[1] - last[1]];
        d += dy === 0 ? `h${dx}` : dx === 0 ? `v${dy}` : `l${dx} ${dy}`;
      }
      last = point;
    });
    if (inPolygon) d += "z";
  };
  const sink = {
    point(x, y) {
      const point = [Math.round(x), Math.round(y)];
      const last = ring.at(-1);
      if (!last || last[0] !== point[0] || last[1] !== point[1]) ring.push(point);
    },
    lineStart() {
      ring = [];
    },
    lineEnd: flush,
    polygonStart() {
      inPolygon = true;
    },
    polygonEnd() {
      inPolygon = false;
    },
    sphere() {},
  };
  const stream = projection.stream(sink);
  const geometries = object.type === "FeatureCollection" ? object.features : [object];
  for (const geometry of geometries) {
    // d3's geoStream takes a geometry or a feature through the projection stream.
    streamGeometry(geometry.type === "Feature" ? geometry.geometry : geometry, stream);
  }
  return d;
}

function streamGeometry(geometry, stream) {
  const line = (coordinates, closed) => {
    stream.lineStart();
    const points = closed ? coordinates.slice(0, -1) : coordinates;
    for (const [x, y] of points) stream.point(x, y);
    stream.lineEnd();
  };
  const polygon = (rings) => {
    stream.polygonStart();
    for (const ring of rings) line(ring, true);
    stream.polygonEnd();
  };
  switch (geometry.type) {
    case "Polygon":
      polygon(geometry.coordinates);
      break;
    case "MultiPolygon":
      geometry.coordinates.forEach(polygon);
      break;
    case "LineString":
      line(geometry.coordinates, false);
      break;
    case "MultiLineString":
      for (const coordinates of geometry.coordinates) line(coordinates, false);
      break;
    default:
      break;
  }
}

const land = pathOf(feature(world, world.objects.land));
const borders = pathOf(mesh(world, world.objects.countries, (a, b) => a !== b));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">
<!-- Made with Natural Earth (public domain), from npm's world-atlas 2.0.2; see partners/map/build-map.mjs. -->
<rect width="${WIDTH}" height="${HEIGHT}" fill="#dcebf2"/>
<path fill="#f4f1ea" stroke="#8a9aa6" stroke-width="0.8" stroke-linejoin="round" d="${land}"/>
<path fill="none" stroke="#a8b3bb" stroke-width="0.8" stroke-linejoin="round" d="${borders}"/>
</svg>
`;

const round = (value) => Math.round(value * 1e6) / 1e6;
const parameters = `${JSON.stringify(
  {
    source: "partners/map/build-map.mjs",
    projection: "azimuthal equal-area (d3.geoAzimuthalEqualArea)",
    rotate: ROTATE,
    scale: round(projection.scale()),
    translate: projection.translate().map(round),
    width: WIDTH,
    height: HEIGHT,
    reference: REFERENCE.map(([name, lon, lat]) => {
      const [x, y] = projection([lon, lat]);
      return { name, lon, lat, x: round(x), y: round(y) };
    }),
  },
  null,
  2,
)}\n`;

if (process.argv.includes("--check")) {
  const stale = [
    [SVG_PATH, svg],
    [PROJECTION_PATH, parameters],
  ].filter(([path, text]) => readFileSync(path, "utf8") !== text);
  for (const [path] of stale) console.error(`${path} is not what the build draws: run make map`);
  process.exit(stale.length ? 1 : 0);
}
writeFileSync(SVG_PATH, svg);
writeFileSync(PROJECTION_PATH, parameters);
