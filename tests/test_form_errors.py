"""Rejected forms announce their errors (A11Y-04): a summary that links to each invalid field,
aria-invalid and aria-describedby on the field, "Error:" in the title, the values kept."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from events.models import Registration
from events.tokens import CONFIRM, make_token
from tests.events.conftest import form_data
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegistrationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
FIELDS = {"input", "select", "textarea"}
VOID = {"input", "br", "hr", "img", "link", "meta", "source", "wbr", "col", "area", "base"}


class Page(HTMLParser):
    """The ids of a page with the text inside each, its form fields, links and title."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text_of: dict[str, str] = {}
        self.attrs_of: dict[str, dict] = {}
        self.fields: list[dict] = []
        self.links: list[str] = []
        self.title = ""
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in FIELDS:
            self.fields.append(attrs)
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if "id" in attrs:
            self.attrs_of[attrs["id"]] = {"tag": tag, **attrs}
            self.text_of.setdefault(attrs["id"], "")
        if tag not in VOID:
            self._open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, id_ in self._open:
            if id_:
                self.text_of[id_] += data
        if self._open and self._open[-1][0] == "title":
            self.title += data

    def summary_links(self) -> list[str]:
        summary = self.attrs_of.get("form-errors")
        assert summary, "no error summary"
        assert summary["role"] == "alert" and summary["tabindex"] == "-1"
        return self.links

    def invalid_fields(self) -> list[dict]:
        return [f for f in self.fields if f.get("aria-invalid") == "true"]


def assert_errors_announced(page: Page, expected: dict[str, str]):
    """``expected`` maps each invalid field's name to a part of its error text."""
    assert page.title.startswith("Error: ")
    assert "There is a problem" in page.text_of["form-errors"]
    links = page.summary_links()
    invalid = {field["name"]: field for field in page.invalid_fields()}
    assert set(invalid) == set(expected)
    for name, message in expected.items():
        field = invalid[name]
        assert field["id"] in links, f"no summary link to {name}"
        assert page.attrs_of[field["id"]]["tag"] in FIELDS  # the link lands on the field
        described = [page.text_of[id_] for id_ in field["aria-describedby"].split()]
        assert any(message in text for text in described), (name, described)
    for target in links:
        assert target in page.attrs_of, f"summary link #{target} leads nowhere"


@pytest.fixture
def event(settings):
    settings.EVENTS_MIN_FORM_SECONDS = 0
    return EventFactory(slug="lahti-ple", title_en="Lahti PLE", capacity=20)


def test_rejected_registration_announces_each_error_and_keeps_the_values(event):
    client = Client()
    data = form_data(email="not an email", name="<b>Aino</b>", country="", privacy="")
    response = client.post("/en/events/lahti-ple/register/", data)
    assert response.status_code == 400
    page = Page(response.content.decode())
    assert_errors_announced(
        page,
        {
            "name": "no < or > signs",
            "email": "Enter a valid email address",
            "country": "This field is required",
            "privacy": "Please agree to the privacy notice",
        },
    )
    assert page.title == "Error: Lahti PLE · Next2Met"
    # The help text stays in the description, next to the error.
    email = page.attrs_of["id_email"]
    assert email["aria-describedby"].split() == ["id_email_helptext", "id_email_error"]
    assert "confirmation link" in page.text_of["id_email_helptext"]
    # What the person typed is still there (escaped), the valid fields unmarked.
    assert email["value"] == "not an email"
    assert page.attrs_of["id_name"]["value"] == "<b>Aino</b>"
    assert page.attrs_of["id_organisation"]["value"] == "Lahti University of Applied Sciences"
    assert "aria-invalid" not in page.attrs_of["id_organisation"]
    # The summary entry names the field, without a doubled full stop.
    assert "agree to it: Please agree" in page.text_of["form-errors"]
    assert '<script src="/static/js/form-errors.js" defer></script>' in response.content.decode()


def test_an_error_without_a_field_is_listed_in_the_summary(event):
    response = Client().post("/en/events/lahti-ple/register/", form_data(started="forged"))
    assert response.status_code == 400
    page = Page(response.content.decode())
    assert page.invalid_fields() == []
    assert "The form was too old or incomplete" in page.text_of["form-errors"]
    assert page.title.startswith("Error: ")


def test_the_event_page_without_errors_has_no_summary_and_a_plain_title(event):
    html = Client().get("/en/events/lahti-ple/").content.decode()
    page = Page(html)
    assert "form-errors" not in page.attrs_of and page.invalid_fields() == []
    assert page.title == "Lahti PLE · Next2Met"
    assert "form-errors.js" not in html


def test_an_invalid_library_filter_is_announced_and_the_others_kept():
    PartnerFactory(slug="fi-region", country="FI")
    ThemeFactory(slug="mobility")
    GoodPracticeFactory(country="FI")
    response = Client().get(
        "/en/good-practices/", {"theme": "no-such-theme", "country": "XX", "q": "bus"}
    )
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert_errors_announced(
        page, {"theme": "Select a valid choice", "country": "Select a valid choice"}
    )
    assert page.title == "Error: Good practices · Next2Met"
    assert page.attrs_of["id_q"]["value"] == "bus"


def test_the_focus_script_is_self_hosted_and_only_focuses():
    script = open(finders.find("js/form-errors.js"), encoding="utf-8").read()
    assert 'getElementById("form-errors")' in script and ".focus()" in script
    assert "innerHTML" not in script and "http" not in script


def test_a_refused_confirmation_says_error_in_the_title(event):
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    response = Client().post(f"/en/registration/confirm/{make_token(cancelled, CONFIRM)}/")
    assert response.status_code == 409
    page = Page(response.content.decode())
    assert page.title == "Error: Confirm your registration · Next2Met"
    assert "Error:" not in Page(Client().get("/en/events/").content.decode()).title
