"""Nothing scrolls sideways on a phone; wide tables scroll inside a named, focusable region.

WCAG 1.4.10 (reflow at 320 CSS px) and 2.1.1 (a scroll box the keyboard can reach).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import log_in_to_admin, open_visit, run_axe
from tests.pages import ADMIN_PASSWORD, PAGES, build_demo, visits

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
PUBLIC_PAGES = [page for page in PAGES if not page.admin]
ADMIN_PAGES = [page for page in PAGES if page.admin]

# What sticks out of the viewport, unless a scroll box (its containing block or an
# ancestor of it) clips it: elements, and text that runs out of its box.
OVERFLOWING = """() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const clipped = (element) => {
        let skipToPositioned = getComputedStyle(element).position === "absolute";
        if (getComputedStyle(element).position === "fixed") return true;
        let box = element.parentElement;
        for (; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (skipToPositioned) {
                if (style.position === "static" && style.transform === "none") continue;
                skipToPositioned = false;
            }
            if (style.overflowX !== "visible") return true;
            if (style.position === "absolute") skipToPositioned = true;
        }
        return false;
    };
    const name = (element) => {
        let text = element.tagName.toLowerCase();
        if (element.id) text += "#" + element.id;
        if (element.classList.length) text += "." + [...element.classList].join(".");
        return `${text} "${element.textContent.trim().replace(/\\s+/g, " ").slice(0, 40)}"`;
    };
    const found = new Set();
    for (const element of document.body.querySelectorAll("*")) {
        if (element.getBoundingClientRect().right > width + 0.5 && !clipped(element)) {
            found.add(name(element));
        }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        range.selectNodeContents(node);
        if (range.getBoundingClientRect().right > width + 0.5 && !clipped(node.parentElement)) {
            found.add("text in " + name(node.parentElement));
        }
    }
    return [`page ${document.documentElement.scrollWidth} px wide`, ...found].slice(0, 8);
}"""

WIDE_TABLES = "div:has(> table)"


@pytest.fixture
def demo(transactional_db):
    return build_demo()


def overflow_at(page, visits_, problems):
    for visit in visits_:
        open_visit(page, visit)
        overflowing = page.evaluate(OVERFLOWING)
        if overflowing:
            problems[f"{visit.page.name} ({visit.path})"] = overflowing


def test_no_page_scrolls_sideways_at_320_px_in_any_language(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    problems = {}
    overflow_at(page, visits(demo, PUBLIC_PAGES), problems)
    login, *behind_login = visits(demo, ADMIN_PAGES)
    overflow_at(page, [login], problems)
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    overflow_at(page, behind_login, problems)
    page.goto(reverse("admin:events_event_changelist"))
    if overflowing := page.evaluate(OVERFLOWING):
        problems["admin event changelist"] = overflowing
    context.close()
    assert problems == {}, "\n".join(f"{name}: {found}" for name, found in problems.items())


# The wide tables of the public pages, at 320 px, where they are wider than the screen.
WIDE = [
    ("en", "goodpractices:transfers", [], "Source region (rows) × learning region (columns)"),
    ("de", "goodpractices:transfers", [], None),
    ("de", "privacy", [], None),
]

REGIONS = """() => [...document.querySelectorAll("main table")].map((table) => {
    const box = table.parentElement;
    const labelled = (box.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
    return {
        table: table.querySelector("caption")?.textContent.trim() || "",
        role: box.getAttribute("role"),
        tabindex: box.getAttribute("tabindex"),
        name: (labelled.map((id) => document.getElementById(id)?.textContent.trim()).join(" ")
               || box.getAttribute("aria-label") || "").trim(),
        scrolls: box.scrollWidth > box.clientWidth,
        overflowX: getComputedStyle(box).overflowX,
    };
})"""

TAB_TO_REGION = """(index) => {
    const box = document.querySelectorAll("main table")[index].parentElement;
    return document.activeElement === box;
}"""

SCROLLED = "(i) => document.querySelectorAll('main table')[i].parentElement.scrollLeft > 0"


def test_wide_tables_scroll_in_a_named_region_the_keyboard_reaches(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    for language, name, args, expected_name in WIDE:
        with translation.override(language):
            path = reverse(name, args=args)
        page.goto(path)
        regions = page.evaluate(REGIONS)
        assert regions, path
        assert any(region["scrolls"] for region in regions), (path, regions)
        for index, region in enumerate(regions):
            where = f"{path}, table {region['table']!r}"
            assert region["role"] == "region", where
            assert region["tabindex"] == "0", where
            assert region["name"], where
            assert region["overflowX"] == "auto", where
            if expected_name:
                assert region["name"] == expected_name, where
            # Tab from the top of the page reaches the scroll box.
            page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            for _ in range(60):
                page.keyboard.press("Tab")
                if page.evaluate(TAB_TO_REGION, index):
                    break
            else:
                pytest.fail(f"60 presses of Tab did not reach the scroll box of {where}")
            if region["scrolls"]:
                # The keyboard scrolls the table inside its box, not the page.
                page.keyboard.press("ArrowRight")
                page.wait_for_function(SCROLLED, arg=index)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert run_axe(page) == [], path
    context.close()


def test_organiser_tools_are_on_screen_in_the_event_changelist(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(reverse("admin:events_event_changelist"))
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for tool in ("check-in", "attendance sheet", "CSV"):
        links = page.get_by_role("link", name=tool, exact=True)
        assert links.count() == page.locator("#result_list tbody tr").count() > 0
        box = links.first.bounding_box()
        assert box["x"] + box["width"] <= width, (tool, box, width)
    context.close()


def test_admin_forms_with_inline_rows_fit_a_1280_px_screen(demo, browser, live_server):
    """The event's materials and the stakeholder table: no sideways scrolling of the
    page, nor of the table where the screen has room for it."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    forms = {
        "event": reverse("admin:events_event_change", args=[demo.past_event.pk]),
        "instrument": reverse("admin:partners_policyinstrument_change", args=[demo.instrument.pk]),
    }
    for name, path in forms.items():
        page.goto(path)
        assert page.evaluate(OVERFLOWING) == [], name
        for box in page.locator(".inline-group .tabular fieldset").all():
            assert box.evaluate("(box) => box.scrollWidth <= box.clientWidth"), name
    context.close()
