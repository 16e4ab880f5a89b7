"""The lead partner's editor in Chromium: every model with translated fields, its
language tabs, a Finnish text typed and saved, and the public /fi/ page that shows it.

The editor is made the way the demo makes its development logins
(``load_demo_content --dev-users``), so the admin's partner scoping is in play, not
the superuser's shortcuts.
"""

import dataclasses
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from events.models import Event, Session
from goodpractices.models import GoodPractice
from next2met.management.commands.load_demo_content import Command as LoadDemoContent
from partners.models import ActionPlan, Partner, PolicyInstrument, Project
from reporting.models import PolicyChange
from tests.browser.conftest import AXE_JS, log_in_to_admin
from tests.pages import build_demo

CODES = [code for code, _name in settings.LANGUAGES]
LEAD = "paijat-hame"
PRACTICE = "smart-urban-platform"
EVENT = "ple-1-lahti"


@dataclasses.dataclass(frozen=True)
class Stop:
    """One change form: the Finnish fields to write into, and where readers see them."""

    model: str
    admin_path: str
    fields: tuple[str, ...]  # ids of Finnish inputs (inline rows included)
    public_path: str | None
    axe: bool = False  # axe-core over the tabs once Finnish is showing


@pytest.fixture
def demo(transactional_db):
    return build_demo()


@pytest.fixture
def lead_editor(demo):
    logins = LoadDemoContent().create_dev_users()
    password = next(password for username, password, _what in logins if username == LEAD)
    user = get_user_model().objects.get(username=LEAD)
    assert user.is_staff and not user.is_superuser
    assert user.partner_staff.partner.role == Partner.Role.LEAD
    return user, password


def journey() -> list[Stop]:
    project = Project.objects.get()
    instrument = PolicyInstrument.objects.get(partner__slug=LEAD)
    plan = ActionPlan.objects.get(instrument=instrument)
    event = Event.objects.get(slug=EVENT)
    practice = GoodPractice.objects.get(slug=PRACTICE)
    theme = practice.themes.order_by("order").first()
    change = PolicyChange.objects.order_by("pk").first()
    # Only changes the programme validated are public: this one was, in the story.
    PolicyChange.objects.filter(pk=change.pk).update(
        validated_by_programme=True, validated_on=change.date
    )
    partner_page = f"/fi/partners/{LEAD}/"
    return [
        Stop("project", f"/admin/partners/project/{project.pk}/change/", ("id_name_fi",), "/fi/"),
        Stop(
            "partner",
            f"/admin/partners/partner/{instrument.partner_id}/change/",
            ("id_name_fi",),
            partner_page,
        ),
        Stop(
            "policy instrument",
            f"/admin/partners/policyinstrument/{instrument.pk}/change/",
            ("id_title_fi",),
            partner_page,
        ),
        Stop(
            "action plan and its actions",
            f"/admin/partners/actionplan/{plan.pk}/change/",
            ("id_title_fi", "id_actions-0-title_fi"),
            f"/fi/policy-instruments/{instrument.slug}/",  # the plan and each action
        ),
        Stop(
            "event with its sessions and materials",
            f"/admin/events/event/{event.pk}/change/",
            ("id_title_fi", "id_sessions-0-title_fi", "id_materials-0-title_fi"),
            f"/fi/events/{EVENT}/",
            axe=True,
        ),
        Stop(
            "good practice",
            f"/admin/goodpractices/goodpractice/{practice.pk}/change/",
            ("id_title_fi",),
            f"/fi/good-practices/{PRACTICE}/",
        ),
        Stop(
            "theme",
            f"/admin/goodpractices/theme/{theme.pk}/change/",
            ("id_name_fi",),
            f"/fi/good-practices/{PRACTICE}/",
        ),
        Stop(
            "policy change (reporting)",
            f"/admin/reporting/policychange/{change.pk}/change/",
            ("id_title_fi",),
            "/fi/results/",
        ),
    ]


def watch_errors(page):
    """Script errors thrown in the page (the console errors are the PageWatcher's)."""
    page.set_default_timeout(5000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))


def tab_group(page, field_id):
    """The tabs widget that holds the translations of one field."""
    return page.locator(".ui-tabs", has=page.locator(f"#{field_id}")).last


def tab(group, panel_id):
    return group.locator(f"[role=tab][aria-controls={panel_id}]")


def click_every_tab(page, field_id):
    """Each language's tab shows that language's field, and is named for the language."""
    group = tab_group(page, field_id)
    base = field_id.removesuffix("_fi")
    for code in CODES:
        language_tab = tab(group, f"tab_{base}_{code}")
        language_tab.click()
        assert page.errors == [], (field_id, code)
        assert language_tab.get_attribute("aria-selected") == "true", (field_id, code)
        assert group.locator(f"#tab_{base}_{code}").is_visible(), (field_id, code)
        assert group.locator(f"#{base}_{code}").is_visible(), (field_id, code)
    for code in CODES:
        # The code it shows, and the language's name (modeltranslation's tooltip).
        name = re.compile(rf"^{code} \(\w+\)$")
        expect(tab(group, f"tab_{base}_{code}")).to_have_accessible_name(name)
    # No control inside a tab (axe: nested-interactive).
    assert group.locator("[role=tab] a[href], [role=tab] [tabindex='0']").count() == 0


def check_keyboard(page, field_id):
    """Arrow keys, Home and End move between the languages; Tab goes on into the field."""
    group = tab_group(page, field_id)
    base = field_id.removesuffix("_fi")
    tab(group, f"tab_{base}_en").click()
    page.keyboard.press("ArrowRight")
    expect(tab(group, f"tab_{base}_fi")).to_be_focused()
    expect(group.locator(f"#tab_{base}_fi")).to_be_visible()  # after jQuery UI's delay
    page.keyboard.press("End")
    expect(tab(group, f"tab_{base}_{CODES[-1]}")).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(group.locator(f"#tab_{base}_fi")).to_be_visible()
    # Only the selected tab is in the tab order: Tab leaves the tabs for the field.
    page.keyboard.press("Tab")
    expect(page.locator(f"#{field_id}")).to_be_focused()
    assert page.errors == []


def axe_on_tabs(page):
    """axe-core's WCAG A and AA rules over every tab list and the shown panels.

    Only the tabs: the whole form is checked in tests/browser/test_pages.py.
    """
    errors_before = len(page.watcher.console_errors)
    page.evaluate(AXE_JS.read_text())
    violations = page.evaluate(
        """async () => (await axe.run({include: [[".ui-tabs-nav"]]}, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        })).violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target).join(" "))"""
    )
    page.evaluate("0")  # axe's own CSP refusals (see run_axe) have arrived
    del page.watcher.console_errors[errors_before:]
    return violations


def save(page):
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()


def test_lead_editor_writes_finnish_on_every_translated_model(demo, page, lead_editor):
    watch_errors(page)
    user, password = lead_editor
    log_in_to_admin(page, user, password)
    written = {}
    for number, stop in enumerate(journey()):
        response = page.goto(stop.admin_path)
        assert response.status == 200, stop.model
        assert page.locator(".ui-tabs").count() > 0, stop.model
        for field_id in stop.fields:
            click_every_tab(page, field_id)
        if number == 0:
            check_keyboard(page, stop.fields[0])
        # The switch above the form shows one language in every tabs widget.
        switch = page.get_by_role("combobox", name="Language of the translated fields")
        switch.select_option(label="fi")
        active = page.locator(".ui-tabs-nav [role=tab][aria-selected=true]").all_text_contents()
        assert active and all(text.startswith("fi") for text in active), (stop.model, active)
        if stop.axe:
            assert axe_on_tabs(page) == [], stop.model
        for index, field_id in enumerate(stop.fields):
            text = f"Suomeksi {number}-{index}: {stop.model}"
            page.fill(f"#{field_id}", text)
            written[text] = stop.public_path
        save(page)
        for field_id in stop.fields:
            assert page.input_value(f"#{field_id}").startswith("Suomeksi"), field_id
    for text, public_path in written.items():
        response = page.goto(public_path)
        assert response.status == 200, public_path
        assert text in page.locator("main").inner_text(), (text, public_path)
    assert page.errors == []
    page.watcher.assert_clean()


def test_rows_added_to_the_agenda_get_working_tabs(demo, page, lead_editor):
    watch_errors(page)
    user, password = lead_editor
    log_in_to_admin(page, user, password)
    event = Event.objects.get(slug=EVENT)
    row = event.sessions.count()
    page.goto(f"/admin/events/event/{event.pk}/change/")
    page.locator("#sessions-group .add-row a").click()
    click_every_tab(page, f"id_sessions-{row}-title_fi")
    page.fill(f"#id_sessions-{row}-start_0", "2020-01-14")
    page.fill(f"#id_sessions-{row}-start_1", "16:00")
    page.fill(f"#id_sessions-{row}-end_0", "2020-01-14")
    page.fill(f"#id_sessions-{row}-end_1", "17:00")
    page.select_option(f"#id_sessions-{row}-audience", Session.Audience.OPEN.value)
    page.get_by_role("combobox", name="Language of the translated fields").select_option(label="en")
    page.fill(f"#id_sessions-{row}-title_en", "An added session")
    page.get_by_role("combobox", name="Language of the translated fields").select_option(label="fi")
    assert page.locator(f"#id_sessions-{row}-title_fi").is_visible()
    page.fill(f"#id_sessions-{row}-title_fi", "Lisätty istunto")
    # A material row added to the (stacked) materials inline gets its tabs too.
    materials = event.materials.count()
    page.locator("#materials-group .add-row a").click()
    click_every_tab(page, f"id_materials-{materials}-title_fi")
    page.locator(f"#materials-{materials} .inline-deletelink").click()
    save(page)
    assert event.sessions.filter(title_fi="Lisätty istunto").exists()
    page.goto(f"/fi/events/{EVENT}/")
    assert "Lisätty istunto" in page.locator("main").inner_text()
    assert page.errors == []
    page.watcher.assert_clean()


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def test_the_same_save_works_without_javascript(demo, page_without_javascript, lead_editor):
    page = page_without_javascript
    user, password = lead_editor
    log_in_to_admin(page, user, password)
    event = Event.objects.get(slug=EVENT)
    page.goto(f"/admin/events/event/{event.pk}/change/")
    assert page.locator(".ui-tabs").count() == 0
    # Every language's field is on the form, each labelled with its language.
    for code in CODES:
        assert page.get_by_label(f"Title [{code}]:", exact=True).first.is_visible(), code
    page.fill("#id_title_fi", "Ilman JavaScriptiä")
    page.fill("#id_sessions-0-title_fi", "Istunto ilman JavaScriptiä")
    save(page)
    event.refresh_from_db()
    assert event.title_fi == "Ilman JavaScriptiä"
    assert event.sessions.filter(title_fi="Istunto ilman JavaScriptiä").exists()
    page.goto(f"/fi/events/{EVENT}/")
    main = page.locator("main").inner_text()
    assert "Ilman JavaScriptiä" in main and "Istunto ilman JavaScriptiä" in main
