"""A rejected form in the browser: focus lands on the error summary, its links reach the
fields, and the error state passes axe (A11Y-04)."""

import pytest
from django.core.cache import cache

from tests.browser.conftest import run_axe
from tests.factories import EventFactory, GoodPracticeFactory, PartnerFactory


@pytest.fixture
def open_event(transactional_db, settings):
    settings.EVENTS_MIN_FORM_SECONDS = 0
    cache.clear()
    return EventFactory(slug="lahti-ple", title_en="Lahti PLE", capacity=20)


def test_focus_lands_on_the_error_summary_and_its_links_reach_the_fields(open_event, page):
    page.goto("/en/events/lahti-ple/")
    page.fill("#id_name", "Aino Virtanen")
    page.fill("#id_email", "not an email")
    page.click("button[type=submit]:has-text('Register')")
    page.wait_for_selector("#form-errors")
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    page.click("#form-errors a[href='#id_email']")
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert page.input_value("#id_name") == "Aino Virtanen"
    assert run_axe(page) == []
    page.watcher.assert_clean()


def test_an_invalid_library_filter_focuses_its_summary(transactional_db, page):
    GoodPracticeFactory(owner=PartnerFactory(country="FI"), country="FI")
    page.goto("/en/good-practices/?country=XX")
    page.wait_for_selector("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert run_axe(page) == []
