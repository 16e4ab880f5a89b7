"""The map of the partnership: where each partner's marker and label go on the background
that partners/map/build-map.mjs draws (static/img/europe.svg).

The build script writes its projection's parameters to partners/map/projection.json;
``project`` is d3-geo's azimuthal equal-area projection with those parameters, so a
partner's latitude and longitude land on the same pixel as in the background, with no
JavaScript and no map server. The layout queries nothing; ``partner_map_html`` reads
the partners' content version, to render the map once per language and version.
"""

import dataclasses
import functools
import json
import math
import re
from pathlib import Path

from django.template.loader import render_to_string

from core.pagecache import cached_fragment
from core.templatetags.portal import is_fallback

PROJECTION_FILE = Path(__file__).parent / "map" / "projection.json"

# Sizes in the map's own units (the background is 600 wide), as static/css/portal.css
# draws them: the marker's radius and the label's font size.
MARKER_RADIUS = 10
LABEL_SIZE = 15
# A label is estimated at this many font sizes per character (a generous average for
# the sans-serif of the page), and kept this far from its marker.
CHARACTER_WIDTH = 0.6
LABEL_GAP = 4


@functools.cache
def projection() -> dict:
    return json.loads(PROJECTION_FILE.read_text(encoding="utf-8"))


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Where d3's ``geoAzimuthalEqualArea().rotate(r).scale(k).translate(t)`` puts a point."""
    p = projection()
    d_lambda, d_phi, d_gamma = (math.radians(angle) for angle in p["rotate"])
    lam = math.radians(longitude) + d_lambda
    # d3 keeps the rotated longitude within ±π.
    if abs(lam) > math.pi:
        lam -= round(lam / math.tau) * math.tau
    phi = math.radians(latitude)
    # d3's rotationPhiGamma: turn the sphere so that the centre of the map is at (0, 0).
    cos_phi = math.cos(phi)
    x, y, z = math.cos(lam) * cos_phi, math.sin(lam) * cos_phi, math.sin(phi)
    k = z * math.cos(d_phi) + x * math.sin(d_phi)
    lam = math.atan2(
        y * math.cos(d_gamma) - k * math.sin(d_gamma),
        x * math.cos(d_phi) - z * math.sin(d_phi),
    )
    phi = math.asin(max(-1.0, min(1.0, k * math.cos(d_gamma) + y * math.sin(d_gamma))))
    # d3's azimuthalEqualAreaRaw.
    cos_lam, cos_phi = math.cos(lam), math.cos(phi)
    scale = math.sqrt(2 / (1 + cos_lam * cos_phi))
    raw_x, raw_y = scale * cos_phi * math.sin(lam), scale * math.sin(phi)
    tx, ty = p["translate"]
    return tx + p["scale"] * raw_x, ty - p["scale"] * raw_y


def map_label(partner) -> tuple[str, str]:
    """The partner's region as a short label ("Brittany (seat in Rennes)" → "Brittany"),
    else its short name or name; and "en" when that label is an English fallback."""
    region = re.sub(r"\s*\(.*\)\s*$", "", partner.region or "").strip()
    if region:
        return region, "en" if is_fallback(partner, "region") else ""
    if partner.short_name:
        return partner.short_name, ""
    return partner.name, "en" if is_fallback(partner, "name") else ""


@dataclasses.dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: "Box") -> float:
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(width, 0) * max(height, 0)

    def outside(self, width: float, height: float) -> float:
        """How much of the box lies outside the map."""
        inside = Box(0, 0, width, height).overlap(self)
        return (self.right - self.left) * (self.bottom - self.top) - inside


@dataclasses.dataclass(frozen=True)
class Marker:
    partner: object
    number: int
    x: float
    y: float
    label: str
    label_lang: str  # "en" when the label falls back to English, else ""
    label_x: float
    label_y: float
    anchor: str  # the label's text-anchor: start, middle or end

    # Coordinates as the SVG gets them: never a localised decimal comma.
    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"

    @property
    def tx(self) -> str:
        return f"{self.label_x:.1f}"

    @property
    def ty(self) -> str:
        return f"{self.label_y:.1f}"


@dataclasses.dataclass(frozen=True)
class PartnerMap:
    width: int
    height: int
    markers: list[Marker]
    unplaced: list  # partners without a location: in the list, not on the map

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _label_places(x: float, y: float, label_width: float):
    """The places a label may take around its marker, best first: right, left, above,
    below. Each is (box, text x, text baseline y, text-anchor)."""
    half, beside = LABEL_SIZE / 2, MARKER_RADIUS + LABEL_GAP
    middle = y + LABEL_SIZE * 0.35  # the baseline that centres the text on the marker
    above, below = y - beside, y + beside
    left, right = x - label_width / 2, x + label_width / 2
    east, west = x + beside, x - beside
    return [
        (Box(east, y - half, east + label_width, y + half), east, middle, "start"),
        (Box(west - label_width, y - half, west, y + half), west, middle, "end"),
        (Box(left, above - LABEL_SIZE, right, above), x, above - 3, "middle"),
        (Box(left, below, right, below + LABEL_SIZE), x, below + LABEL_SIZE - 3, "middle"),
    ]


def partner_map(partners) -> PartnerMap:
    """The markers of ``partners`` (in their order, numbered from 1), each label placed
    beside its marker where it covers no other marker or label and stays on the map."""
    p = projection()
    width, height = p["width"], p["height"]
    located = [partner for partner in partners if partner.has_location]
    points = [project(float(pt.longitude), float(pt.latitude)) for pt in located]
    taken = [
        Box(x - MARKER_RADIUS, y - MARKER_RADIUS, x + MARKER_RADIUS, y + MARKER_RADIUS)
        for x, y in points
    ]
    markers = []
    for number, (partner, (x, y)) in enumerate(zip(located, points, strict=True), start=1):
        label, label_lang = map_label(partner)
        label_width = len(label) * LABEL_SIZE * CHARACTER_WIDTH
        places = _label_places(x, y, label_width)
        own = taken[number - 1]

        def cost(place, own=own):
            box = place[0]
            covered = sum(box.overlap(other) for other in taken if other is not own)
            return covered + box.outside(width, height)

        box, label_x, label_y, anchor = min(places, key=cost)  # the first of the best
        taken.append(box)
        markers.append(
            Marker(
                partner=partner,
                number=number,
                x=x,
                y=y,
                label=label,
                label_lang=label_lang,
                label_x=label_x,
                label_y=label_y,
                anchor=anchor,
            )
        )
    unplaced = [partner for partner in partners if not partner.has_location]
    return PartnerMap(width=width, height=height, markers=markers, unplaced=unplaced)


def partner_map_html(request, partners, key: str | None = None) -> str:
    """The map of ``partners`` (partners/includes/partner_map.html), rendered once per
    language and version of the partners' content: the home and the partner list show
    it, and its template over every partner cost them more than the rest of the page.
    ``partners``: the partners, or, with ``key`` naming the set, a function giving them
    (then read only when the map is not kept)."""
    if key is None:
        partners = list(partners)
        key = ",".join(str(partner.pk) for partner in partners)
        given = partners
    else:
        given = None

    def render():
        shown = given if given is not None else list(partners())
        return render_to_string(
            "partners/includes/partner_map.html", {"partner_map": partner_map(shown)}
        )

    return cached_fragment(request, "partner-map", ("partners",), key, render)
