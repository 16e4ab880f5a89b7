"""Every field in a row of the admin's tabular inlines has an accessible name.

Django renders those rows as table cells under column headers, with no <label>; the
names come from the server (core/admin_a11y.py), so they are there without
JavaScript. axe checks the same pages in a browser (tests/browser/test_pages.py).
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Project
from tests.pages import build_demo

FIELDS = {"input", "select", "textarea"}


class Fields(HTMLParser):
    """The form fields of a page whose name starts with ``prefix``, and the labels."""

    def __init__(self, prefix):
        super().__init__()
        self.prefix = prefix
        self.fields = {}
        self.labelled = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if (
            tag in FIELDS
            and (attrs.get("name") or "").startswith(self.prefix)
            and attrs.get("type") != "hidden"
        ):
            self.fields[attrs["id"]] = attrs.get("aria-label")

    def unnamed(self):
        return [id_ for id_, name in self.fields.items() if not name and id_ not in self.labelled]


def fields_of(client, url, prefix):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Fields(prefix)
    parser.feed(response.content.decode())
    assert parser.fields, (url, prefix)
    return parser


@pytest.mark.django_db
def test_every_field_of_a_tabular_inline_row_has_a_name():
    demo = build_demo()
    client = Client()
    client.force_login(demo.admin_user)
    instrument = reverse("admin:partners_policyinstrument_change", args=[demo.instrument.pk])
    stakeholders = fields_of(client, instrument, "stakeholders-")
    assert stakeholders.unnamed() == []
    # The column's text (with the language of a translated field) and the row.
    assert stakeholders.fields["id_stakeholders-0-name_fi"] == "Organisation [fi] (row 1)"
    assert stakeholders.fields["id_stakeholders-2-sector"] == "Sector (row 3)"
    assert stakeholders.fields["id_stakeholders-3-DELETE"] == "Delete (row 4)"
    # The blank row that "Add another" copies.
    assert stakeholders.fields["id_stakeholders-__prefix__-website"] == "Website (new row)"

    # The event's materials are a stacked inline: a <label> for each field.
    event = reverse("admin:events_event_change", args=[demo.past_event.pk])
    assert fields_of(client, event, "materials-").unnamed() == []

    project = reverse("admin:partners_project_change", args=[Project.objects.get().pk])
    assert fields_of(client, project, "links-").unnamed() == []

    practice = reverse("admin:goodpractices_goodpractice_change", args=[demo.practice.pk])
    assert fields_of(client, practice, "attachments-").unnamed() == []
