"""SEC-02/07/10/12, ASVS 3.4.x and 14.3.2: the headers every response carries."""

import pytest
from django.conf import settings
from django.urls import reverse

from events.demo_content import load_events
from events.models import Event, Registration
from events.tokens import CONFIRM, MANAGE, make_token
from goodpractices.demo_content import load_good_practices
from partners.demo_content import load_partners
from reporting.demo_content import load_reporting
from tests.factories import RegistrationFactory
from tests.security.conftest import login

PUBLIC = [
    "/en/",
    "/fi/partners/",
    "/en/partners/ecoplus/",
    "/en/policy-instruments/",
    "/en/events/",
    "/de/events/demo-open-webinar/",
    "/en/events/demo-open-webinar/registered/",
    "/en/events/demo-open-webinar/calendar.ics",
    "/en/events/calendar.ics",
    "/en/good-practices/",
    "/en/good-practices/?country=ES&q=platform",
    "/en/good-practices/smart-urban-platform/",
    "/en/good-practices/transfers/",
    "/en/results/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/robots.txt",
    "/en/no-such-page/",
]
ALLOWED_SOURCES = {"'self'", "'none'"}
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def header_problems(response) -> list[str]:
    problems = []
    csp = parse_csp(response.get("Content-Security-Policy", ""))
    if csp != EXPECTED_CSP:
        problems.append(f"CSP {csp}")
    for name, sources in csp.items():
        foreign = [s for s in sources if s not in ALLOWED_SOURCES | {"data:"}]
        if foreign or ("data:" in sources and name != "img-src"):
            problems.append(f"{name} allows {sources}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    }
    for name, value in expected.items():
        if response.get(name) != value:
            problems.append(f"{name}: {response.get(name)!r}")
    cors = [h for h in response.headers if h.lower().startswith("access-control-")]
    if cors:
        problems.append(f"CORS {cors}")
    return problems


@pytest.fixture
def demo(db):
    load_partners()
    load_events()
    load_good_practices()
    load_reporting()


@pytest.fixture
def registration(demo):
    event = Event.objects.get(slug="demo-open-webinar")
    return RegistrationFactory(event=event, status=Registration.Status.PENDING)


def test_every_public_url_type_carries_the_security_headers(client, demo):
    problems = {}
    for url in PUBLIC:
        response = client.get(url, secure=True)
        assert response.status_code == (404 if "no-such" in url else 200), url
        if found := header_problems(response):
            problems[url] = found
    assert problems == {}


def test_registration_pages_are_never_stored_by_a_cache(client, registration):
    for url in (
        reverse("events:manage", kwargs={"token": make_token(registration, MANAGE)}),
        reverse("events:confirm", kwargs={"token": make_token(registration, CONFIRM)}),
        reverse("events:manage", kwargs={"token": "forged"}),
    ):
        response = client.get(url, secure=True)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
        assert header_problems(response) == [], url


def test_public_pages_may_be_cached(client, demo):
    # The opposite of the above, so that test can fail: no blanket no-store. Public
    # pages are revalidated (ETag) instead, see tests/test_pagecache.py.
    assert "no-store" not in client.get("/en/events/", secure=True)["Cache-Control"]


def test_admin_pages_carry_the_headers_and_are_neither_cached_nor_indexed(client, editor):
    pages = [client.get("/admin/login/", secure=True)]
    login(client, "editor", secure=True)
    pages += [
        client.get(url, secure=True)
        for url in ("/admin/", "/admin/partners/partner/", "/admin/two-factor/")
    ]
    for response in pages:
        assert response.status_code == 200
        assert header_problems(response) == []
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_cookies_are_host_prefixed_secure_and_lax(client, editor):
    client.get("/admin/login/", secure=True)
    response = login(client, "editor", secure=True)
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    csrf = client.cookies["__Host-csrftoken"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["samesite"] == "Lax"
    assert session["httponly"] is True
    assert session["max-age"] == 8 * 3600
    assert not {"sessionid", "csrftoken"} & set(client.cookies)


def test_the_proxy_header_counts_only_when_configured(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert not request.is_secure()
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert request.is_secure()


def test_no_unsafe_sources_anywhere_in_the_settings():
    text = (settings.BASE_DIR / "next2met" / "settings.py").read_text()
    assert "unsafe-" not in text
