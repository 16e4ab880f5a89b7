import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event
from goodpractices import services as practice_services
from goodpractices.models import GoodPractice
from partners.models import ActionPlan, Partner, PolicyInstrument
from reporting.indicators import compute
from reporting.models import (
    IndicatorTarget,
    ManualValue,
    PolicyChange,
    ReportingPeriod,
    build_periods,
)
from tests.factories import (
    ActionPlanFactory,
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    RegistrationFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, tzinfo=UTC)


@pytest.fixture
def periods():
    """Two periods: the first half of 2020 and the second."""
    return [
        ReportingPeriod.objects.create(
            number=1,
            kind="first",
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2020, 6, 30),
            progress_report_due=datetime.date(2020, 9, 30),
        ),
        ReportingPeriod.objects.create(
            number=2,
            kind="final",
            start=datetime.date(2020, 7, 1),
            end=datetime.date(2020, 12, 31),
            progress_report_due=datetime.date(2020, 12, 31),
        ),
    ]


def values(code):
    row = compute().row(code)
    return [int(v) for v in row.per_period], row.total


def test_periods_are_six_months_with_a_longer_final_one():
    # Next2Met: August 2019 to July 2023, eight semesters.
    built = build_periods(datetime.date(2019, 8, 1), datetime.date(2023, 7, 31))
    assert len(built) == 8
    assert (built[0]["start"], built[0]["end"], built[0]["kind"]) == (
        datetime.date(2019, 8, 1),
        datetime.date(2020, 1, 31),
        "first",
    )
    assert built[0]["progress_report_due"] == datetime.date(2020, 4, 30)
    assert built[-1]["kind"] == "final"
    assert built[-1]["progress_report_due"] == datetime.date(2023, 7, 31)
    # Three more months (closure) join the final period: nine months.
    longer = build_periods(datetime.date(2019, 8, 1), datetime.date(2023, 10, 31))
    assert len(longer) == 8
    assert (longer[-1]["start"], longer[-1]["end"]) == (
        datetime.date(2023, 2, 1),
        datetime.date(2023, 10, 31),
    )
    period = ReportingPeriod.objects.create(**built[0])
    assert period.partner_report_due == datetime.date(2020, 2, 14)


def test_events_that_took_place_count_and_meetings_apart(periods):
    EventFactory(kind=Event.Kind.PLE, start=at(2020, 2, 1), end=at(2020, 2, 2))
    EventFactory(kind=Event.Kind.STUDY_VISIT, start=at(2020, 9, 1), end=at(2020, 9, 2))
    EventFactory(kind=Event.Kind.STAKEHOLDER_MEETING, start=at(2020, 3, 1), end=at(2020, 3, 1))
    EventFactory(kind=Event.Kind.PLE, start=at(2020, 4, 1), end=at(2020, 4, 2), status="cancelled")
    EventFactory(kind=Event.Kind.PLE, start=at(2020, 5, 1), end=at(2020, 5, 2), status="draft")
    assert values("events_interregional") == ([1, 1], 2)
    assert values("events_regional") == ([1, 0], 1)


def test_declined_and_draft_practices_are_not_identified(periods):
    GoodPracticeFactory(published_at=at(2020, 2, 1))
    GoodPracticeFactory(published_at=at(2020, 8, 1), status=GoodPractice.Status.VALIDATED)
    GoodPracticeFactory(published_at=at(2020, 3, 1), status=GoodPractice.Status.DECLINED)
    GoodPracticeFactory(published_at=None, status=GoodPractice.Status.DRAFT)
    assert values("practices_identified") == ([1, 1], 2)


def test_validation_by_the_programme_counts_when_it_happened(periods):
    lead = staff_user(PartnerFactory(role=Partner.Role.LEAD))
    practice = GoodPracticeFactory(published_at=at(2020, 2, 1))
    practice_services.transition(practice.pk, GoodPractice.Status.VALIDATED, user=lead)
    change = practice.status_changes.get()
    change.at = at(2020, 10, 1)
    change.save()
    assert values("practices_validated") == ([0, 1], 1)


def test_action_plans_count_when_submitted(periods):
    ActionPlanFactory(status=ActionPlan.Status.SUBMITTED, submitted_on=datetime.date(2020, 5, 1))
    ActionPlanFactory(status=ActionPlan.Status.APPROVED, submitted_on=datetime.date(2020, 11, 1))
    ActionPlanFactory(status=ActionPlan.Status.DRAFT, submitted_on=None)
    assert values("action_plans") == ([1, 1], 2)


def test_a_person_who_attended_three_events_counts_once(periods):
    events = [EventFactory(start=at(2020, month, 1), end=at(2020, month, 2)) for month in (2, 3, 9)]
    cancelled = EventFactory(start=at(2020, 4, 1), end=at(2020, 4, 2), status="cancelled")
    people = []
    for event in events:
        people.append(RegistrationFactory(event=event, email="Aino@Example.org"))
        people.append(RegistrationFactory(event=event, email=f"other-{event.pk}@example.org"))
    staff = RegistrationFactory(
        event=events[0], email="staff@region.eu", participant_role="partner_staff"
    )
    absent = RegistrationFactory(event=events[1], email="absent@example.org")
    in_cancelled = RegistrationFactory(event=cancelled, email="ghost@example.org")
    for registration in [*people, staff, in_cancelled]:
        event_services.registrations_check_in(registration_ids=[registration.pk])
    absent.refresh_from_db()
    assert absent.checked_in_at is None  # registered, never came: no attendance evidence
    # Aino once (in period 1), three others, and the partner staff member apart.
    assert values("people_stakeholders") == ([3, 1], 4)
    assert values("people_staff") == ([1, 0], 1)


def test_instruments_improved_count_once_and_funds_add_up(periods):
    erdf = PolicyInstrumentFactory(kind=PolicyInstrument.Kind.ERDF_OP)
    regional = PolicyInstrumentFactory(kind=PolicyInstrument.Kind.REGIONAL)
    for instrument, day, sf, other in [
        (erdf, datetime.date(2020, 2, 1), "100000", "0"),
        (erdf, datetime.date(2020, 8, 1), "50000", "2500"),
        (regional, datetime.date(2020, 8, 1), "0", "10000"),
    ]:
        PolicyChange.objects.create(
            instrument=instrument,
            improvement_type="management",
            title_en="Change",
            date=day,
            structural_funds_eur=Decimal(sf),
            other_funds_eur=Decimal(other),
            evidence="Decision of the monitoring committee",
        )
    assert values("instruments_sf") == ([1, 1], 1)  # the same programme, twice
    assert compute().row("instruments_sf").cumulative(1) == 1
    assert values("instruments_other") == ([0, 1], 1)
    assert values("funds_sf") == ([100000, 50000], 150000)
    assert values("funds_other") == ([0, 12500], 12500)


def test_hand_entered_values_and_targets(periods):
    ManualValue.objects.create(code="media", period=periods[0], value=4, evidence="Clippings")
    ManualValue.objects.create(code="media", period=periods[1], value=6, evidence="Clippings")
    ManualValue.objects.create(code="web_sessions", period=periods[0], value=300, evidence="Logs")
    ManualValue.objects.create(code="web_sessions", period=periods[1], value=500, evidence="Logs")
    IndicatorTarget.objects.create(code="media", target=40)
    report = compute()
    assert report.row("media").total == 10
    assert report.row("media").progress == 25
    assert report.row("web_sessions").total == 400  # an average, not a sum
    assert report.row("web_sessions").cumulative(0) == 300
    assert report.row("media").cumulative(0) == 4


@pytest.fixture
def lead_client(client):
    client.force_login(staff_user(PartnerFactory(role=Partner.Role.LEAD)))
    return client


def _bulk(count):
    for n in range(count):
        event = EventFactory(start=at(2020, 1 + n % 12, 1), end=at(2020, 1 + n % 12, 2))
        for _ in range(5):
            registration = RegistrationFactory(event=event)
            event_services.registrations_check_in(registration_ids=[registration.pk])
        GoodPracticeFactory(published_at=at(2020, 1 + n % 12, 3))


def test_dashboard_queries_do_not_grow_with_the_data(
    lead_client, periods, django_assert_max_num_queries
):
    url = reverse("admin:reporting_dashboard")
    _bulk(3)
    with django_assert_max_num_queries(30) as small:
        assert lead_client.get(url).status_code == 200
    _bulk(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = lead_client.get(url)
    html = response.content.decode()
    assert "Interregional policy learning events" in html
    assert '<svg class="bar-chart" role="img"' in html


def test_results_page_shows_the_same_figures_with_constant_queries(
    client, periods, django_assert_max_num_queries
):
    _bulk(3)
    with django_assert_max_num_queries(20) as small:
        client.get("/en/results/")
    _bulk(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/results/")
    figures = {row.indicator.code: row.total for row in response.context["figures"]}
    assert figures["events_interregional"] == 33
    assert figures["practices_identified"] == 33
    assert figures["people_stakeholders"] == 165


def test_dashboard_and_exports_are_for_lead_partner_staff_only(client, periods):
    client.force_login(staff_user(PartnerFactory()))
    assert client.get(reverse("admin:reporting_dashboard")).status_code in (403, 404, 302)
    csv_url = reverse("admin:reporting_period_csv", args=[periods[0].pk])
    assert client.get(csv_url).status_code in (403, 404, 302)


def test_period_csv_and_evidence_pack(lead_client, periods):
    event = EventFactory(
        title_en="PLE in Lahti", start=at(2020, 2, 1), end=at(2020, 2, 2), timezone="UTC"
    )
    event.sessions.create(
        title_en="Keynote", start=at(2020, 2, 1), end=at(2020, 2, 1), speakers_en="Regional Mayor"
    )
    registration = RegistrationFactory(event=event)
    event_services.registrations_check_in(registration_ids=[registration.pk])
    body = lead_client.get(reverse("admin:reporting_period_csv", args=[periods[0].pk]))
    lines = body.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "code,indicator,kind,period,cumulative,target,unit"
    assert "events_interregional,Interregional policy learning events,output,1,1,," in lines
    pack = lead_client.get(reverse("admin:reporting_period_evidence", args=[periods[0].pk]))
    html = pack.content.decode()
    for text in ["PLE in Lahti", "Keynote", "Regional Mayor", "1 person recorded as attending"]:
        assert text in html


def test_demo_content_gives_values_in_several_periods(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_content", stdout=StringIO())
    report = compute(now=timezone.now())
    assert len(report.periods) == 8
    events = report.row("events_interregional").per_period
    assert sum(1 for v in events if v) >= 4
    assert sum(1 for v in report.row("practices_identified").per_period if v) >= 2
