import sys
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from partners.models import Partner
from tests.factories import PartnerFactory, staff_user


@pytest.fixture(autouse=True)
def _security_settings(settings):
    cache.clear()  # rate-limit counters


@pytest.fixture
def lead(db):
    return PartnerFactory(slug="lead", name_en="Lead council", role=Partner.Role.LEAD)


@pytest.fixture
def editor(lead):
    """A lead-partner editor whose password is "pw"."""
    return staff_user(lead, username="editor")


def login(client, username, password="pw", code="", **extra):  # noqa: S107 - test user
    data = {"username": username, "password": password, "otp_token": code, "next": "/admin/"}
    return client.post("/admin/login/?next=/admin/", data, **extra)


class _FormReader(HTMLParser):
    """The values a browser would submit for the first form with ``method=post``."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image"}:
                self.data.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, text):
        if self._textarea:
            key, value = self.data[-1]
            self.data[-1] = (key, value + text)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.inside = False


def admin_form_data(html: str, form_id: str) -> dict:
    """An admin change form as the browser would post it unchanged (multi-values as lists)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict = {}
    for key, value in reader.data:
        data.setdefault(key, []).append(value)
    return data


def pytest_terminal_summary(terminalreporter):
    # The hostile-input figures, for the closing note, when that module ran.
    module = sys.modules.get("tests.security.test_hostile_input")
    if module and module.REQUESTS:
        terminalreporter.write_line(module.figures())
