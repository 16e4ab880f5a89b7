"""Who changed what in the admin (django-auditlog), and who may read it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import EventFactory, PartnerFactory, RegistrationFactory, staff_user
from tests.security.conftest import admin_form_data

pytestmark = pytest.mark.django_db


def test_an_admin_change_records_its_editor_and_old_and_new_values(client, editor):
    partner = PartnerFactory(slug="alpha", description_en="Old text")
    client.force_login(editor)
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = admin_form_data(client.get(url).content.decode(), "partner_form")
    data["description_en"] = ["New text"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = LogEntry.objects.get_for_object(partner).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == editor
    assert entry.changes_dict["description_en"] == ["Old text", "New text"]
    assert "name_en" not in entry.changes_dict  # unchanged fields are not listed


def test_a_registrants_personal_details_stay_out_of_the_trail():
    registration = RegistrationFactory(event=EventFactory(), name="Aino Virtanen")
    registration.name = "Aino V."
    registration.email = "other@example.org"
    registration.status = "cancelled"
    registration.save()
    logged = " ".join(str(entry.changes) for entry in LogEntry.objects.get_for_object(registration))
    assert "cancelled" in logged
    for personal in ("Aino", "example.org"):
        assert personal not in logged


def test_lead_staff_read_the_trail_but_cannot_change_it(client, editor):
    PartnerFactory(slug="alpha")
    entry = LogEntry.objects.first()
    client.force_login(editor)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    change = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    delete = client.post(
        reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_partner_staff_do_not_see_the_trail(client):
    alpha = PartnerFactory(slug="alpha")
    client.force_login(staff_user(alpha))
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403
    assert "auditlog" not in client.get(reverse("admin:index")).content.decode()


def test_the_trail_reads_in_the_editors_language(client, editor):
    """django-auditlog ships no Finnish or Polish: our catalogues carry its strings."""
    PartnerFactory(slug="alpha")
    entry = LogEntry.objects.first()
    client.force_login(editor)
    url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    for language, words in {"fi": ("Muutokset",), "pl": ("Zmiany",)}.items():
        page = client.get(url, headers={"accept-language": language}).content.decode()
        for word in words:
            assert word in page, (language, word)
        assert ">Changes<" not in page
