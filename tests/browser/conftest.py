"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

No browser is downloaded: Playwright launches /usr/bin/chromium. axe-core comes from
the project's npm install. Outside CI a missing browser skips these tests with the
reason; in CI (CI=true) it fails them, so they can never be skipped silently there.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# fixtures are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    missing = [
        what for what, ok in (("chromium", CHROMIUM), ("axe-core", AXE_JS.exists())) if not ok
    ]
    if missing:
        reason = f"browser tests need {', '.join(missing)}: run `bash .ci/run` or `make install`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatcher:
    """Records what a page asks of other origins and what the browser complains of."""

    def __init__(self, page, origin):
        self.origin = origin
        self.requests_checked = 0
        self.foreign_requests = []
        self.console_errors = []
        self.broken_resources = []
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("console", self._on_console)

    def _on_request(self, request):
        url = request.url
        self.requests_checked += 1
        if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:"))):
            self.foreign_requests.append(url)

    def _on_response(self, response):
        # A page may be a 404 on purpose; what it loads (CSS, JS, images) may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken_resources.append(f"{response.status} {response.url}")

    def _on_console(self, message):
        # Content-Security-Policy refusals and script errors; a failed load of the page
        # itself is the status code's business.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def assert_clean(self):
        assert self.foreign_requests == []
        assert self.broken_resources == []
        assert self.console_errors == []


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.watcher = PageWatcher(page, live_server.url)
    yield page
    context.close()


def run_axe(page):
    """axe-core with the WCAG 2.0/2.1 A and AA rules; returns the violations."""
    watcher = getattr(page, "watcher", None)
    errors_before = len(watcher.console_errors) if watcher else 0
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        })"""
    )
    if watcher:
        # axe's own probes set inline styles on some pages (the admin's change form),
        # which the CSP refuses: those refusals are axe's, not the page's.
        page.evaluate("0")  # a round trip, so that axe's console messages have arrived
        del watcher.console_errors[errors_before:]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def log_in_to_admin(page, user, password):
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith("/admin/"), page.url


def open_visit(page, visit):
    """Opens one page of tests/pages.py; a form's answer by submitting the form as it is."""
    if visit.post_to is None:
        response = page.goto(visit.path)
    else:
        page.goto(visit.path)
        with page.expect_navigation() as navigation:
            page.click(f'form[action="{visit.post_to}"] [type=submit]')
        response = navigation.value
    assert response.status == visit.page.status, (visit.page.name, visit.path)
    assert page.get_attribute("html", "lang") == visit.language, visit.path
    return response
