"""The map of the partnership: markers that link to the partners, the same partners as
text, the projection that puts them where the background has their place, nothing fetched
from elsewhere."""

import datetime
import gzip
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from partners import maps
from partners.models import Partner
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
BACKGROUND = ROOT / "static" / "img" / "europe.svg"
BUILD_SCRIPT = ROOT / "partners" / "map" / "build-map.mjs"


class MapParser(HTMLParser):
    """The links of the map's markers and of its list, and every URL inside the SVG."""

    def __init__(self):
        super().__init__()
        self.markers, self.listed, self.svg_urls = [], [], []
        self.in_svg = self.in_key = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "svg" and "partner-map-svg" in classes:
            self.in_svg = True
        if tag == "ol" and "partner-map-key" in classes:
            self.in_key = True
        if self.in_svg:
            self.svg_urls += [v for k, v in attrs.items() if k in ("href", "xlink:href", "src")]
            if tag == "a":
                self.markers.append(attrs["href"])
        elif self.in_key and tag == "a":
            self.listed.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = False
        if tag == "ol":
            self.in_key = False


def parse_map(html):
    parser = MapParser()
    parser.feed(html)
    return parser


@pytest.fixture
def demo():
    call_command("load_demo_content", stdout=StringIO())


@pytest.mark.parametrize("path", ["/en/", "/de/partners/"])
def test_every_current_partner_region_is_a_marker_that_links_to_it(client, demo, path):
    html = client.get(path).content.decode()
    found = parse_map(html)
    current = Partner.objects.current().exclude(role=Partner.Role.SERVICE)
    language = path.split("/")[1]
    with translation.override(language):
        expected = [partner.get_absolute_url() for partner in current]
    assert found.markers == expected
    # The list beside the map names the same partners, in the same order.
    assert found.listed == expected
    # Former partners and the service provider are not on the map.
    for slug in ("lower-austria-government", "mv-regional-authority", "resolvo"):
        assert f"/partners/{slug}/" not in "".join(found.markers)


def test_the_markers_are_numbered_and_named_as_the_list(client, demo):
    html = client.get("/fi/").content.decode()
    start = html.index('<svg class="partner-map-svg"')
    svg = html[start : html.index("</svg>", start) + 6]
    numbers = re.findall(r'<text class="map-number"[^>]*>(\d+)</text>', svg)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert len(numbers) == 7
    labels = re.findall(r'<text class="map-label"[^>]*>([^<]+)</text>', svg)
    assert "Päijät-Häme" in labels
    # A region's note in brackets stays in the list, not on the map.
    assert not any("(" in label for label in labels)
    assert 'value="1"' in html


def test_the_map_fetches_nothing_from_another_host(client, demo):
    html = client.get("/en/").content.decode()
    found = parse_map(html)
    assert found.svg_urls, "the map has links and a background"
    assert all(url.startswith("/") and not url.startswith("//") for url in found.svg_urls)
    background = BACKGROUND.read_text(encoding="utf-8")
    assert re.findall(r"(?:https?:)?//[^\s\"']+", background) == ["http://www.w3.org/2000/svg"]


def test_the_background_is_a_small_well_formed_svg():
    root = ET.parse(BACKGROUND).getroot()  # noqa: S314 - our own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    projection = maps.projection()
    assert root.get("viewBox") == f"0 0 {projection['width']} {projection['height']}"
    assert not root.findall(".//{http://www.w3.org/2000/svg}script")
    assert len(gzip.compress(BACKGROUND.read_bytes())) < 20 * 1024


@pytest.mark.parametrize(
    "point", json.loads(maps.PROJECTION_FILE.read_text())["reference"], ids=lambda p: p["name"]
)
def test_python_projects_a_point_where_d3_put_it(point):
    x, y = maps.project(point["lon"], point["lat"])
    assert abs(x - point["x"]) < 0.5
    assert abs(y - point["y"]) < 0.5


def test_the_committed_map_is_what_the_build_script_draws():
    node = shutil.which("node")
    if not node or not (ROOT / "node_modules" / "world-atlas").exists():
        pytest.skip("the build needs node and npm's world-atlas: run `make assets`")
    result = subprocess.run(  # noqa: S603 - our own script
        [node, str(BUILD_SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_labels_do_not_cover_markers_or_each_other():
    def located(name, region, lat, lon):
        return PartnerFactory(
            name_en=name, region_en=region, latitude=Decimal(lat), longitude=Decimal(lon)
        )

    partners = [
        located("Greifswald", "Mecklenburg-Vorpommern", "54.0865", "13.3923"),
        located("Białystok", "Podlaskie", "53.1325", "23.1688"),
        located("Dublin", "Eastern and Midland Region", "53.3498", "-6.2603"),
        located("Rennes", "Brittany", "48.1173", "-1.6778"),
        located("Lahti", "Päijät-Häme", "60.9827", "25.6615"),
        located("Lappeenranta", "South Karelia", "61.0587", "28.1887"),
    ]
    partner_map = maps.partner_map(partners)
    boxes = []
    for marker in partner_map.markers:
        width = len(marker.label) * maps.LABEL_SIZE * maps.CHARACTER_WIDTH
        left = {"start": marker.label_x, "end": marker.label_x - width}.get(
            marker.anchor, marker.label_x - width / 2
        )
        boxes.append(maps.Box(left, marker.label_y - 12, left + width, marker.label_y + 2))
        assert 0 <= left and left + width <= partner_map.width, marker.label
    circles = [
        maps.Box(m.x - maps.MARKER_RADIUS, m.y - maps.MARKER_RADIUS, m.x + 10, m.y + 10)
        for m in partner_map.markers
    ]
    for i, box in enumerate(boxes):
        assert not any(box.overlap(other) for other in boxes[:i] + boxes[i + 1 :])
        assert not any(box.overlap(circle) for circle in circles)


def test_a_partner_without_a_location_is_listed_but_not_on_the_map(client):
    ProjectFactory()
    PartnerFactory(name_en="Somewhere", latitude=Decimal("60.98"), longitude=Decimal("25.66"))
    PartnerFactory(name_en="Nowhere")
    html = client.get("/en/").content.decode()
    found = parse_map(html)
    assert len(found.markers) == 1
    assert "Not on the map:" in html
    assert html.index("Not on the map:") < html.index("Nowhere")


def test_latitude_and_longitude_come_together():
    partner = PartnerFactory.build(latitude=Decimal("60.98"), longitude=None, slug="half")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "longitude" in error.value.message_dict
    partner.latitude = Decimal("91")
    partner.longitude = Decimal("25")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "latitude" in error.value.message_dict


@pytest.mark.parametrize("path", ["/fi/", "/fi/partners/"])
def test_the_map_adds_no_query(client, django_assert_max_num_queries, path):
    ProjectFactory()
    partners = PartnerFactory.create_batch(100, latitude=Decimal("53.1"), longitude=Decimal("23.2"))
    for old in partners[:20]:
        old.role_end = datetime.date(2020, 1, 1)
        old.save()
    # The same bounds as the home and partner list query-count tests (+1 on the home: the
    # events' next change by the clock, read once per version of the events).
    with django_assert_max_num_queries(15 if path == "/fi/" else 3):
        response = client.get(path)
    assert len(parse_map(response.content.decode()).markers) == 80


@pytest.mark.parametrize("page_cache_seconds", [0, 60])
def test_the_map_is_rendered_once_and_again_after_a_partner_edit(
    client, settings, django_capture_on_commit_callbacks, page_cache_seconds
):
    # The map is kept per language and version of the partners' content, whether or not
    # the page cache is on: an edit shows at once, in every language that shows it.
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    ProjectFactory()
    partner = PartnerFactory(
        name_en="Harbour Region", latitude=Decimal("60.2"), longitude=Decimal("24.9")
    )
    assert "Harbour Region" in client.get("/en/partners/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        partner.name_en = "Lighthouse Region"
        partner.save()
    for path in ("/en/partners/", "/en/"):
        html = client.get(path).content.decode()
        start = html.index('<svg class="partner-map-svg"')
        end = html.index("</svg>", start)
        assert "Lighthouse Region" in html[start:end], path
        assert "Harbour Region" not in html, path


def test_the_map_is_kept_per_language(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory()
    PartnerFactory(
        name_en="Harbour Region",
        name_fi="Satamaseutu",
        latitude=Decimal("60.2"),
        longitude=Decimal("24.9"),
    )
    assert "Harbour Region" in client.get("/en/partners/").content.decode()
    finnish = client.get("/fi/partners/").content.decode()
    start = finnish.index('<svg class="partner-map-svg"')
    end = finnish.index("</svg>", start)
    assert "Satamaseutu" in finnish[start:end]
    assert 'href="/fi/partners/' in finnish[start:end]
