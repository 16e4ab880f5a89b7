"""A practice, an event's agenda and the results print cleanly on A4 (issue 15, item 10).

Printed as Chromium prints them: the page's own @page size is A4; navigation, search, the
language switcher, the skip link and the registration form are gone; the programme identity
stays at the top; a link's address is printed after it; black text on white; nothing is
wider than the A4 page's printable width.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.pages import PAST_EVENT, build_demo

# A4 is 210 mm wide; @page leaves 16 mm each side: 178 mm at 96 CSS px per inch.
A4_CONTENT_PX = round((210 - 2 * 16) / 25.4 * 96)
# PDF points (1/72 inch) of A4, as Chromium writes the MediaBox.
A4_POINTS = (595, 842)

PRINTED = [
    ("en", "goodpractices:detail", ["smart-urban-platform"]),
    ("de", "events:detail", [PAST_EVENT]),
    ("fi", "reporting:results", []),
    ("pl", "goodpractices:detail", ["digital-consultations-local-digital-strategies"]),
]

# What the page shows on paper: which of these are rendered at all.
SHOWN = """(selectors) => Object.fromEntries(selectors.map((s) => {
    const el = document.querySelector(s);
    const rendered = !!el && el.getClientRects().length > 0;
    return [s, rendered && getComputedStyle(el).visibility !== "hidden"];
}))"""

WIDEST = """() => {
    let widest = document.documentElement.scrollWidth, what = "page";
    for (const el of document.body.querySelectorAll("*")) {
        const right = el.getBoundingClientRect().right;
        if (right > widest) { widest = right; what = el.tagName + "." + el.className; }
    }
    return [Math.ceil(widest), what];
}"""

# The text printed after each link of the main part, and what it points to.
LINK_SUFFIXES = """() => [...document.querySelectorAll("main a[href]")]
    .filter((a) => a.getClientRects().length > 0)
    .map((a) => ({href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content,
                  cls: a.className, text: a.textContent.trim()}))"""


@pytest.fixture
def demo(transactional_db):
    return build_demo()


def path(code, name, args):
    with translation.override(code):
        return reverse(name, args=args)


@pytest.mark.parametrize(("code", "name", "args"), PRINTED)
def test_a_page_prints_on_a4_without_navigation_with_identity_and_link_addresses(
    demo, browser, live_server, code, name, args
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": A4_CONTENT_PX, "height": 1000}
    )
    page = context.new_page()
    page.goto(path(code, name, args))
    page.emulate_media(media="print")

    shown = page.evaluate(
        SHOWN,
        [
            ".main-nav",
            ".header-search",
            ".language-switcher",
            ".skip-link",
            ".breadcrumb",
            "#register",
            ".site-header .eu-emblem",
            ".site-header .site-funding",
        ],
    )
    assert shown == {
        ".main-nav": False,
        ".header-search": False,
        ".language-switcher": False,
        ".skip-link": False,
        ".breadcrumb": False,
        "#register": False,
        ".site-header .eu-emblem": True,
        ".site-header .site-funding": True,
    }

    # Links to other pages carry their address on paper; tags and anchors do not.
    links = page.evaluate(LINK_SUFFIXES)
    addressed = [link for link in links if link["href"].startswith(("http", "/"))]
    assert any(link["after"] != "none" for link in addressed), "the page prints an address"
    for link in addressed:
        if "theme-tag" in link["cls"] or link["text"] == link["href"]:
            # A tag is not a reference; a link that reads as its address is not printed twice.
            assert link["after"] == "none", link
        else:
            assert link["after"] == f'" ({link["href"]})"', link

    # Black on white: the main text and the header.
    colours = page.evaluate(
        """() => ["main", ".site-header", "main h1"].map((s) => {
            const style = getComputedStyle(document.querySelector(s));
            return [style.color, style.backgroundColor];
        })"""
    )
    for colour, ground in colours:
        assert colour == "rgb(0, 0, 0)"
        assert ground in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")

    widest, what = page.evaluate(WIDEST)
    assert widest <= A4_CONTENT_PX, (widest, what)

    # Chromium takes the page size from the stylesheet's @page: A4.
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes
    for width, height in boxes:
        assert (round(float(width)), round(float(height))) == A4_POINTS
    context.close()


def test_the_screen_still_shows_the_navigation(demo, browser, live_server):
    """The print rules stay in print: on the screen the menu and the search are there."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(path("en", "events:detail", [PAST_EVENT]))
    shown = page.evaluate(SHOWN, [".main-nav", ".header-search", ".breadcrumb"])
    assert shown == {".main-nav": True, ".header-search": True, ".breadcrumb": True}
    context.close()
