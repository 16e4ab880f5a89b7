"""The Nu HTML checker (npm vnu-jar, run on the machine's Java) over every page type.

Every page of tests/pages.py in each of its languages is rendered with the test client
into a file; vnu runs once over all of them, because starting the JVM costs more than
checking a page. Outside CI a missing Java or vnu.jar skips the test with the reason;
in CI (CI=true) it fails, so it cannot be skipped silently there. The same pages are
searched for anything fetched from another host (GDPR-30, the static half of the check
whose browser half is tests/browser/test_third_parties.py).
"""

import json
import os
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils.text import slugify

from tests.pages import build_demo, visits

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
JAVA = shutil.which("java")


@pytest.fixture
def vnu():
    missing = [what for what, ok in (("java", JAVA), ("vnu-jar", VNU_JAR.exists())) if not ok]
    if missing:
        reason = (
            f"the Nu HTML checker needs {', '.join(missing)}: run `bash .ci/run` or `make install`"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


# What makes the browser fetch something (GDPR-30's static check); <a> links out are fine.
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}
LINK_RELS_FETCHED = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"}


class ForeignResources(HTMLParser):
    """The URLs in a page that point at another host than the test client's."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = FETCHED.get(tag, ())
        if tag == "link" and LINK_RELS_FETCHED & set((attrs.get("rel") or "").split()):
            names = ("href",)
        for name in names:
            for url in (attrs.get(name) or "").split(","):
                host = urlsplit(url.strip().split(" ")[0]).hostname
                if host not in (None, "testserver"):
                    self.found.append(f"<{tag} {name}={url.strip()}>")


def foreign_resources(html: str) -> list[str]:
    parser = ForeignResources()
    parser.feed(html)
    return parser.found


def render(client, visit):
    if visit.post_to:
        return client.post(visit.post_to, {})
    return client.get(visit.path)


@pytest.mark.django_db
def test_every_page_type_in_every_language_is_valid_html_from_the_portal_only(vnu, tmp_path):
    demo = build_demo()
    anonymous, editor = Client(), Client()
    editor.force_login(demo.admin_user)
    files = {}
    elsewhere = []  # resources from other hosts
    for visit in visits(demo):
        response = render(editor if visit.page.logged_in else anonymous, visit)
        assert response.status_code == visit.page.status, (visit.page.name, visit.path)
        assert response["Content-Type"].startswith("text/html"), visit.path
        name = f"{visit.language}-{slugify(visit.page.name)}.html"
        (tmp_path / name).write_bytes(response.content)
        files[name] = f"{visit.page.name} ({visit.path})"
        for found in foreign_resources(response.content.decode()):
            elsewhere.append(f"{files[name]}: {found}")
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 (our own command line)
        [*vnu, *sorted(files)], cwd=tmp_path, capture_output=True, text=True
    )
    seconds = time.monotonic() - started
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{files[Path(m['url']).name]} line {m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] == "error"
    ]
    print(f"\nNu HTML checker: {len(files)} pages checked in {seconds:.1f} s, {len(errors)} errors")
    assert elsewhere == []
    assert errors == [], "\n".join(errors)
    assert messages == []  # fatal problems (a file not read) are not "error"s
    assert result.returncode == 0


def test_resources_from_other_hosts_are_found():
    html = (
        '<link rel="canonical" href="https://next2met.example.eu/en/">'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<a href="https://www.interregeurope.eu/">Interreg Europe</a>'
        '<img src="/media/logo.png" srcset="/media/a.png 1x, //cdn.example.com/b.png 2x" alt="">'
        '<script src="https://testserver/static/x.js"></script>'
    )
    assert foreign_resources(html) == [
        "<link href=https://fonts.googleapis.com/css?family=Roboto>",
        "<img srcset=//cdn.example.com/b.png 2x>",
    ]
