"""The keyboard focus is visible on every kind of control (WCAG 2.4.7, 1.4.11).

Each control is reached with Tab, so that :focus-visible applies as it does for a
keyboard user. The indicator (the outline, or else the widest box-shadow) must be at
least 2 px wide and contrast at least 3:1 with what is behind it, sampled where the
ring is drawn on the four sides of the control (a semi-transparent glow is blended
onto that background first).
"""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import log_in_to_admin
from tests.pages import ADMIN_PASSWORD, OPEN_EVENT, build_demo

MAX_TABS = 120

# page: {control: selector}; every control must be reached by Tab on that page.
CONTROLS = {
    f"/en/events/{OPEN_EVENT}/": {
        "skip link": ".skip-link",
        "language switcher": ".language-switcher a",
        "link in the dark header": ".main-nav a",
        "link in the text": "main p a",
        "text input": "#id_name",
        "select": "#id_organisation_type",
        "textarea": "#id_access_needs",
        "checkbox": "#id_privacy",
        "button": "main button[type=submit]",
        "link in the footer": ".site-footer a",
    },
    "/en/good-practices/": {
        "search field": "input[type=search], #id_q",
        "select of the filters": "main select",
        "checkbox of the filters": "main input[type=checkbox]",
        "button of the filters": "main button[type=submit]",
        "link on a card": ".card-list a",
    },
    "/en/good-practices/transfers/": {"table scroll box": ".table-scroll"},
    "/en/partners/": {"marker on the map": ".map-marker"},
}
ADMIN_LOGIN = {
    "admin text input": "#id_username",
    "admin password input": "#id_password",
    "admin button": "input[type=submit]",
}
ADMIN_CHANGELIST = {
    "admin link in the header": "#user-tools a",
    "admin link in the dark module caption": "#nav-sidebar caption a",
    "admin filter input": "#nav-filter",
    "admin search field": "#searchbar",
    "admin select": "select[name=action]",
    "admin checkbox": "#action-toggle",
    "admin link in the list": "#result_list tbody a",
}

INDICATOR = """() => {
    const element = document.activeElement;
    // Bootstrap scrolls smoothly: put the control in view at once, to sample around it.
    element.scrollIntoView({block: "center", behavior: "instant"});
    const style = getComputedStyle(element);
    let color = null, width = 0, offset = 0, kind = "none";
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
        kind = "outline";
        color = style.outlineColor;
        width = parseFloat(style.outlineWidth);
        offset = parseFloat(style.outlineOffset) || 0;
    } else if (style.boxShadow && style.boxShadow !== "none") {
        // "rgba(13, 110, 253, 0.25) 0px 0px 0px 4px, ...": the widest spread.
        for (const shadow of style.boxShadow.split(/,(?![^(]*\\))/)) {
            const match = shadow.trim().match(/^(rgba?\\([^)]*\\))\\s+(.*)$/);
            if (!match || shadow.includes("inset")) continue;
            const lengths = match[2].split(/\\s+/).map(parseFloat);
            const spread = lengths[3] || 0;
            if (spread > width) { kind = "box-shadow"; color = match[1]; width = spread; }
        }
    }
    // What is painted where the ring is: the first backgrounds under a point just
    // outside the control, composited from the top down onto white.
    const backgroundAt = (x, y) => {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
        const layers = [];
        for (const under of document.elementsFromPoint(x, y)) {
            if (under === element || element.contains(under)) continue;
            const background = getComputedStyle(under).backgroundColor;
            const alpha = background.startsWith("rgba") ? parseFloat(background.split(",")[3]) : 1;
            if (alpha > 0) layers.push(background);
            if (alpha >= 1) break;
        }
        return layers;
    };
    const box = element.getBoundingClientRect();
    const out = offset + width / 2;
    const middleX = box.left + box.width / 2, middleY = box.top + box.height / 2;
    const backgrounds = [
        backgroundAt(box.left - out, middleY),
        backgroundAt(box.right + out, middleY),
        backgroundAt(middleX, box.top - out),
        backgroundAt(middleX, box.bottom + out),
    ].filter((layers) => layers !== null);
    return {kind, color, width, offset, backgrounds,
            element: element.outerHTML.slice(0, 80)};
}"""


def rgba(css):
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    red, green, blue = numbers[:3]
    return red, green, blue, numbers[3] if len(numbers) > 3 else 1.0


def over(top, bottom):
    """`top` (r, g, b, a) composited onto the opaque colour `bottom` (r, g, b)."""
    *rgb, alpha = top
    return tuple(alpha * a + (1 - alpha) * b for a, b in zip(rgb, bottom, strict=True))


def flatten(layers):
    colour = (255.0, 255.0, 255.0)  # the canvas
    for layer in reversed(layers):
        colour = over(rgba(layer), colour)
    return colour


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def measure(indicator):
    """The lowest contrast of the indicator against the backgrounds it is drawn on."""
    if indicator["color"] is None or not indicator["backgrounds"]:
        return 0.0
    ratios = []
    for layers in indicator["backgrounds"]:
        background = flatten(layers)
        ratios.append(contrast(over(rgba(indicator["color"]), background), background))
    return min(ratios, default=0.0)


def tab_through(page, controls, problems, measured):
    """Tab from the top of the page; measure each wanted control when focus reaches it."""
    wanted = dict(controls)
    for _ in range(MAX_TABS):
        if not wanted:
            break
        page.keyboard.press("Tab")
        for name, selector in list(wanted.items()):
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                indicator = page.evaluate(INDICATOR)
                ratio = measure(indicator)
                measured[name] = (round(ratio, 2), indicator["width"], indicator["color"])
                if ratio < 3 or indicator["width"] < 2:
                    problems[name] = (
                        f"{indicator['kind']} {indicator['color']} {indicator['width']} px, "
                        f"contrast {ratio:.2f}:1 on {indicator['backgrounds']} "
                        f"at {indicator['element']}"
                    )
                del wanted[name]
    for name in wanted:
        problems[name] = f"not reached by {MAX_TABS} presses of Tab"


@pytest.fixture
def demo(transactional_db):
    return build_demo()


def test_focus_indicator_contrasts_3_to_1_on_every_control(demo, page):
    problems, measured = {}, {}
    for path, controls in CONTROLS.items():
        page.goto(path)
        tab_through(page, controls, problems, measured)
    page.goto("/admin/login/")
    tab_through(page, ADMIN_LOGIN, problems, measured)
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(reverse("admin:events_event_changelist"))
    tab_through(page, ADMIN_CHANGELIST, problems, measured)
    print("\nfocus indicators (contrast, width, colour):")
    for name, figures in measured.items():
        print(f"  {name}: {figures}")
    assert problems == {}, "\n".join(f"{name}: {problem}" for name, problem in problems.items())
