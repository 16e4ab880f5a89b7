"""Submitting a period's report freezes its figures; later edits show as differences."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from events import services as event_services
from goodpractices.models import GoodPractice
from partners.models import Partner
from reporting import services
from reporting.figures import compare
from reporting.indicators import compute
from reporting.models import ManualValue, ReportingPeriod, SubmittedFigure
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegistrationFactory,
    staff_user,
)

from .conftest import at, step

pytestmark = pytest.mark.django_db
S = GoodPractice.Status


@pytest.fixture
def history(periods, lead):
    """Period 1: a PLE with two participants and a practice validated by the JS."""
    ple = EventFactory(title_en="PLE in Lahti", start=at(2020, 2, 1), end=at(2020, 2, 2))
    ids = [RegistrationFactory(event=ple).pk for _ in range(2)]
    event_services.registrations_check_in(registration_ids=ids)
    practice = GoodPracticeFactory(title_en="Digital consultations", published_at=at(2020, 2, 1))
    step(practice, S.VALIDATED, at(2020, 3, 1), lead)
    ManualValue.objects.create(code="media", period=periods[0], value=3, evidence="Clippings")
    return {"ple": ple, "practice": practice}


def figure(period, code):
    return SubmittedFigure.objects.get(period=period, code=code)


def test_submitting_freezes_the_figures_with_definition_who_and_when(periods, lead, history):
    services.period_submit(period_id=periods[0].pk, user=lead)
    period = ReportingPeriod.objects.get(pk=periods[0].pk)
    assert period.submitted_by == lead and period.submitted_at is not None
    identified = figure(period, "practices_identified")
    assert (identified.value, identified.cumulative) == (1, 1)
    assert identified.definition_version == "2"
    assert "Joint Secretariat" in identified.definition
    assert identified.records == [
        {
            "ref": f"goodpractice:{history['practice'].pk}",
            "label": "Digital consultations",
            "amount": "1",
            "precision": "exact",
        }
    ]
    assert figure(period, "people_stakeholders").value == 2
    assert figure(period, "policy_learning_events").value == 1
    assert SubmittedFigure.objects.filter(period=period).count() == len(compute().rows)
    # The audit trail names who submitted.
    entry = LogEntry.objects.get_for_object(period).latest("timestamp")
    assert entry.actor == lead
    assert "submitted_at" in entry.changes_dict


def test_a_later_edit_shows_as_a_difference_not_a_change(lead_client, periods, lead, history):
    services.period_submit(period_id=periods[0].pk, user=lead)
    # After submission: the practice is sent back, a late attendance list is entered and
    # an event of period 1 recorded late.
    step(history["practice"], S.SUBMITTED, at(2020, 3, 2), lead)
    late = RegistrationFactory(event=history["ple"])
    event_services.registrations_check_in(registration_ids=[late.pk])
    workshop = EventFactory(
        title_en="Late workshop",
        kind="stakeholder_meeting",
        start=at(2020, 4, 1),
        end=at(2020, 4, 1),
    )
    # The practice stays in period 1 (its history): no difference there.
    assert figure(periods[0], "practices_identified").value == 1
    report = compute()
    assert report.row("practices_identified").per_period[0] == 1
    differences = compare(report, SubmittedFigure.objects.all())
    assert "practices_identified" not in differences
    people = differences["people_stakeholders"][0]
    assert (people.submitted.value, people.computed) == (2, 3)
    late.refresh_from_db()
    assert [r["ref"] for r in people.added] == [f"person:{late.person_key}"]
    events = differences["policy_learning_events"][0]
    assert [r["label"] for r in events.added] == ["Late workshop"]
    assert figure(periods[0], "people_stakeholders").value == 2  # frozen
    html = lead_client.get(reverse("admin:reporting_dashboard")).content.decode()
    assert "Differences from the submitted figures" in html
    assert "Counted now, not in the submitted figure:" in html
    assert reverse("admin:events_event_change", args=[workshop.pk]) in html
    assert "Period 1: submitted 2, computed today 3." in html


def test_a_record_no_longer_counted_shows_as_removed(periods, lead, history):
    services.period_submit(period_id=periods[0].pk, user=lead)
    history["ple"].status = "cancelled"
    history["ple"].save()
    differences = compare(compute(), SubmittedFigure.objects.all())
    removed = differences["events_interregional"][0].removed
    assert removed == [
        {
            "ref": f"event:{history['ple'].pk}",
            "label": "PLE in Lahti",
            "amount": "1",
            "precision": "exact",
        }
    ]


def test_the_public_results_page_shows_the_submitted_figures(
    client, periods, lead, history, django_capture_on_commit_callbacks
):
    assert client.get("/en/results/").context["submitted_period"] is None
    with django_capture_on_commit_callbacks(execute=True):  # committed, as a request does
        services.period_submit(period_id=periods[0].pk, user=lead)
        EventFactory(start=at(2020, 3, 1), end=at(2020, 3, 2))  # recorded after submission
    response = client.get("/en/results/")
    figures = {f.code: f.value for f in response.context["figures"]}
    assert figures["policy_learning_events"] == 1
    assert "As reported to Interreg Europe up to Period 1" in response.content.decode()


def test_the_evidence_pack_of_a_submitted_period_is_rebuilt_from_its_snapshot(
    lead_client, periods, lead, history
):
    url = reverse("admin:reporting_period_evidence", args=[periods[0].pk])
    services.period_submit(period_id=periods[0].pk, user=lead)
    csv_url = reverse("admin:reporting_period_csv", args=[periods[0].pk])
    before = lead_client.get(csv_url).content
    pack_before = lead_client.get(url).content.decode()
    assert "Digital consultations" in pack_before
    # Records change after submission; the figures of the pack and the CSV do not.
    history["practice"].title_en = "Renamed"
    history["practice"].save()
    EventFactory(start=at(2020, 3, 1), end=at(2020, 3, 2))
    assert lead_client.get(csv_url).content == before
    pack = lead_client.get(url).content.decode()
    section = pack[pack.index('id="figures-heading"') : pack.index('id="events-heading"')]
    assert (
        section
        == pack_before[
            pack_before.index('id="figures-heading"') : pack_before.index('id="events-heading"')
        ]
    )
    assert "As submitted on" in section


def test_a_submitted_period_reads_in_the_editors_language_with_its_frozen_definition(
    lead_client, periods, lead, history
):
    services.period_submit(period_id=periods[0].pk, user=lead)
    url = reverse("admin:reporting_period_evidence", args=[periods[0].pk])
    pack = lead_client.get(url, headers={"accept-language": "fi"}).content.decode()
    section = pack[pack.index('id="figures-heading"') : pack.index('id="events-heading"')]
    assert "Oppimistapahtumat" in section  # the name, translated
    assert ">Policy learning events<" not in section
    frozen = figure(periods[0], "practices_identified").definition
    assert escape(frozen) in section  # the definition as submitted, in English


def test_a_submitted_period_is_locked(lead_client, periods, lead, history):
    services.period_submit(period_id=periods[0].pk, user=lead)
    with pytest.raises(ValidationError):
        services.period_submit(period_id=periods[0].pk, user=lead)
    manual = ManualValue.objects.get()
    change_url = reverse("admin:reporting_manualvalue_change", args=[manual.pk])
    response = lead_client.post(
        change_url, {"code": "media", "period": periods[0].pk, "value": 9, "evidence": "More"}
    )
    assert response.status_code == 403
    manual.refresh_from_db()
    assert manual.value == 3
    with pytest.raises(ValidationError):
        ManualValue(code="web_sessions", period=periods[0], value=1, evidence="x").full_clean()
    period = ReportingPeriod.objects.get(pk=periods[0].pk)
    period.end = datetime.date(2020, 5, 31)
    with pytest.raises(ValidationError):
        period.full_clean()
    figure_url = reverse(
        "admin:reporting_submittedfigure_change", args=[SubmittedFigure.objects.first().pk]
    )
    lead_client.post(figure_url, {"value": 99})
    assert not SubmittedFigure.objects.filter(value=99).exists()


def test_only_lead_partner_staff_submit_and_only_after_the_period(periods, lead, history):
    partner = staff_user(PartnerFactory(role=Partner.Role.PARTNER), username="partner")
    with pytest.raises(PermissionDenied):
        services.period_submit(period_id=periods[0].pk, user=partner)
    with pytest.raises(ValidationError):
        services.period_submit(period_id=periods[0].pk, user=lead, now=at(2020, 6, 1))
    assert not SubmittedFigure.objects.exists()


def test_submitting_from_the_admin(lead_client, periods, history):
    url = reverse("admin:reporting_period_submit", args=[periods[0].pk])
    page = lead_client.get(url).content.decode()
    assert "The figures that will be frozen" in page
    response = lead_client.post(url)
    assert response.status_code == 302
    assert ReportingPeriod.objects.get(pk=periods[0].pk).is_submitted
    listing = lead_client.get(
        reverse("admin:reporting_reportingperiod_changelist")
    ).content.decode()
    assert reverse("admin:reporting_period_submit", args=[periods[1].pk]) in listing
    assert reverse("admin:reporting_period_submit", args=[periods[0].pk]) not in listing
