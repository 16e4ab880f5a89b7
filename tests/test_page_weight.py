import gzip
import re
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

# HTML, CSS and JS of one page, compressed as WhiteNoise serves them (images aside).
LIMIT = 60 * 1024


def page_weight(client, path):
    html = client.get(path).content
    total = len(gzip.compress(html))
    for url in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        with open(finders.find(url.decode()), "rb") as asset:
            total += len(gzip.compress(asset.read()))
    return total


@pytest.mark.parametrize(
    "path",
    [
        "/fi/",
        "/de/partners/",
        "/pl/partners/podlaskie/",
        "/es/policy-instruments/",
        "/fr/events/",
        "/it/events/demo-open-webinar/",
        "/ca/good-practices/",
        "/pl/good-practices/digital-consultations-local-digital-strategies/",
        "/de/good-practices/transfers/",
        "/fi/results/",
        "/ca/contact/",
    ],
)
def test_page_with_its_css_and_js_stays_under_60_kb_compressed(client, path):
    call_command("load_demo_content", stdout=StringIO())
    assert client.get(path).status_code == 200
    assert page_weight(client, path) < LIMIT
