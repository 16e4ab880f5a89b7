"""Registration with the keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7; A11Y-07, A11Y-09)."""

import pytest

from events.models import Registration
from tests.pages import OPEN_EVENT, build_demo

# The registration form's stops, in the order Tab must reach them.
FIELDS = [
    "id_name",
    "id_email",
    "id_organisation",
    "id_organisation_type",
    "id_country",
    "id_language",
    "id_access_needs",
    "id_privacy",
]
MAX_TABS_TO_THE_FORM = 80

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    return {
        id: element.id,
        tag: element.tagName.toLowerCase(),
        type: element.type || "",
        text: element.textContent.trim(),
        visible: outline || shadow,
    };
}"""


def tab(page):
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["visible"], f"no visible focus indicator on {focused}"
    return focused


@pytest.fixture
def demo(transactional_db, settings):
    # The time trap would refuse a form filled in by a robot's speed.
    settings.EVENTS_MIN_FORM_SECONDS = 0
    return build_demo()


def test_registration_with_the_keyboard_only(demo, page):
    page.goto(f"/en/events/{OPEN_EVENT}/")
    first = tab(page)
    assert first["text"] == "Skip to main content"

    # Tab only, from the top of the page, until the form's first field.
    for _ in range(MAX_TABS_TO_THE_FORM):
        if tab(page)["id"] == FIELDS[0]:
            break
    else:
        pytest.fail(f"{MAX_TABS_TO_THE_FORM} presses of Tab did not reach the name field")

    page.keyboard.type("Kaisa Keyboard")
    assert tab(page)["id"] == "id_email"
    page.keyboard.type("kaisa@example.org")
    assert tab(page)["id"] == "id_organisation"
    page.keyboard.type("Lahti Keys Oy")
    assert tab(page)["id"] == "id_organisation_type"
    page.keyboard.press("ArrowDown")  # from "Choose…" to the first type
    assert tab(page)["id"] == "id_country"
    page.keyboard.type("Finland")  # the select's type-ahead
    assert tab(page)["id"] == "id_language"
    page.keyboard.type("Finnish")
    assert tab(page)["id"] == "id_access_needs"
    page.keyboard.type("Step-free access, please.")
    assert tab(page)["id"] == "id_privacy"
    page.keyboard.press("Space")
    assert page.is_checked("#id_privacy")
    submit = tab(page)
    assert (submit["tag"], submit["type"], submit["text"]) == ("button", "submit", "Register")

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"/en/events/{OPEN_EVENT}/registered/" in page.url
    assert page.locator("h1").count() == 1
    registration = Registration.objects.get(email="kaisa@example.org")
    assert (registration.name, registration.organisation) == ("Kaisa Keyboard", "Lahti Keys Oy")
    assert registration.country == "FI"
    assert registration.language == "fi"
    assert registration.organisation_type == Registration.OrganisationType.values[0]
    assert registration.access_needs == "Step-free access, please."
    assert registration.status == Registration.Status.PENDING
    page.watcher.assert_clean()
