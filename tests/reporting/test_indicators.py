"""Each indicator of the registry on known data, as the programme defines it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Event, Registration
from goodpractices.models import GoodPractice
from partners.models import ActionPlan, PolicyInstrument
from reporting.indicators import REGISTRY, compute
from reporting.models import (
    IndicatorTarget,
    ManualValue,
    PolicyChange,
    StatedAttendance,
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

from .conftest import at, step, values

pytestmark = pytest.mark.django_db
S = GoodPractice.Status


def test_every_indicator_states_its_definition():
    for code, indicator in REGISTRY.items():
        assert indicator.code == code
        assert indicator.kind in ("output", "result", "context")
        assert len(str(indicator.definition)) > 40, code
        assert indicator.version
        assert all(part in REGISTRY for part in indicator.parts)


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
    longer = build_periods(datetime.date(2019, 8, 1), datetime.date(2023, 10, 31))
    assert len(longer) == 8
    assert (longer[-1]["start"], longer[-1]["end"]) == (
        datetime.date(2023, 2, 1),
        datetime.date(2023, 10, 31),
    )


# --- Policy learning events ----------------------------------------------------------


def test_policy_learning_events_add_workshops_and_interregional_events(periods):
    EventFactory(kind=Event.Kind.PLE, start=at(2020, 2, 1), end=at(2020, 2, 2))
    EventFactory(kind=Event.Kind.STUDY_VISIT, start=at(2020, 9, 1), end=at(2020, 9, 2))
    EventFactory(kind=Event.Kind.FINAL, start=at(2021, 3, 1), end=at(2021, 3, 2))
    EventFactory(kind=Event.Kind.STAKEHOLDER_MEETING, start=at(2020, 3, 1), end=at(2020, 3, 1))
    EventFactory(kind=Event.Kind.STAKEHOLDER_MEETING, start=at(2020, 4, 1), end=at(2020, 4, 1))
    EventFactory(kind=Event.Kind.PLE, start=at(2020, 4, 1), end=at(2020, 4, 2), status="cancelled")
    EventFactory(kind=Event.Kind.PLE, start=at(2020, 5, 1), end=at(2020, 5, 2), status="draft")
    EventFactory(kind=Event.Kind.OTHER, start=at(2020, 5, 1), end=at(2020, 5, 2))
    assert values("events_interregional") == ([1, 1, 1], 3)
    assert values("events_regional") == ([2, 0, 0], 2)
    assert values("policy_learning_events") == ([3, 1, 1], 5)
    report = compute()
    combined = report.row("policy_learning_events")
    assert [p.indicator.code for p in report.parts(combined)] == [
        "events_interregional",
        "events_regional",
    ]


def test_an_event_counts_on_its_local_day(periods):
    # 30 June 2020, 23:30 in Helsinki is still period 1 there, though 20:30 UTC.
    EventFactory(
        start=datetime.datetime(2020, 6, 30, 20, 30, tzinfo=datetime.UTC),
        end=datetime.datetime(2020, 6, 30, 22, 0, tzinfo=datetime.UTC),
        timezone="Europe/Helsinki",
    )
    assert values("events_interregional") == ([1, 0, 0], 1)


# --- Good practices, from their history ----------------------------------------------


def test_practices_count_once_validated_by_the_joint_secretariat(periods, lead):
    approved_only = GoodPracticeFactory(status=S.APPROVED, published_at=at(2020, 2, 1))
    validated = GoodPracticeFactory(status=S.APPROVED, published_at=at(2020, 2, 1))
    step(validated, S.VALIDATED, at(2020, 3, 1), lead)
    GoodPracticeFactory(status=S.DECLINED, published_at=None)
    assert values("practices_identified") == ([1, 0, 0], 1)
    assert approved_only.status == S.APPROVED
    assert values("practices_validated") == ([0, 0, 0], 0)


def test_a_practice_sent_back_later_stays_in_its_period(periods, lead):
    practice = GoodPracticeFactory(status=S.APPROVED, published_at=at(2020, 2, 1))
    step(practice, S.VALIDATED, at(2020, 9, 1), lead)  # period 2
    assert values("practices_identified") == ([0, 1, 0], 1)
    step(practice, S.SUBMITTED, at(2021, 2, 1), lead)  # sent back in period 3
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert values("practices_identified") == ([0, 1, 0], 1)
    # Approved and validated again: still one practice, counted when it first qualified.
    step(practice, S.APPROVED, at(2021, 3, 1), lead)
    step(practice, S.VALIDATED, at(2021, 4, 1), lead)
    assert values("practices_identified") == ([0, 1, 0], 1)


def test_validated_means_in_the_platform_database_when_it_entered(periods, lead):
    practice = GoodPracticeFactory(
        status=S.APPROVED,
        published_at=at(2020, 2, 1),
        # The entry in the database asks for its address; the practice has it already.
        programme_url="https://www.interregeurope.eu/good-practices/x",
    )
    step(practice, S.VALIDATED, at(2020, 3, 1), lead)
    step(practice, S.IN_DATABASE, at(2020, 10, 1), lead)
    assert values("practices_identified") == ([1, 0, 0], 1)
    assert values("practices_validated") == ([0, 1, 0], 1)


def test_a_practice_validated_with_no_dated_step_counts_in_the_total_only(periods):
    GoodPracticeFactory(status=S.IN_DATABASE, published_at=at(2020, 2, 1))
    row = compute().row("practices_identified")
    assert [int(v) for v in row.per_period] == [0, 0, 0]
    assert (row.total, row.undated) == (1, 1)
    assert compute().row("practices_validated").total == 1


# --- Action plans ----------------------------------------------------------------------


def test_action_plans_count_when_submitted(periods):
    ActionPlanFactory(status=ActionPlan.Status.SUBMITTED, submitted_on=datetime.date(2020, 5, 1))
    ActionPlanFactory(status=ActionPlan.Status.APPROVED, submitted_on=datetime.date(2020, 11, 1))
    ActionPlanFactory(status=ActionPlan.Status.DRAFT, submitted_on=None)
    assert values("action_plans") == ([1, 1, 0], 2)


# --- People with increased capacity ----------------------------------------------------


def _attend(event, email, **fields):
    registration = RegistrationFactory(event=event, email=email, **fields)
    return registration


def test_a_person_at_three_events_counts_once_whatever_the_check_in_order(periods):
    events = [EventFactory(start=at(2020, m, 1), end=at(2020, m, 2)) for m in (2, 9, 11)]
    events[2].kind = Event.Kind.STUDY_VISIT
    events[2].save()
    aino = [
        _attend(event, email)
        for event, email in zip(
            events, ["Aino@Example.org", "aino@example.org ", "AINO@example.org"], strict=True
        )
    ]
    others = [_attend(event, f"other-{event.pk}@example.org") for event in events]
    # The attendance of the latest event is recorded first.
    for registration in reversed(aino + others):
        event_services.registrations_check_in(registration_ids=[registration.pk])
    keys = set(
        Registration.objects.filter(pk__in=[r.pk for r in aino]).values_list(
            "person_key", flat=True
        )
    )
    assert len(keys) == 1 and "" not in keys
    # Aino once, in period 1 (her first event), and one other person per event.
    assert values("people_stakeholders") == ([2, 2, 0], 4)
    assert values("people") == ([2, 2, 0], 4)


def test_partner_staff_apart_and_only_interregional_activities(periods):
    ple = EventFactory(start=at(2020, 2, 1), end=at(2020, 2, 2))
    meeting = EventFactory(
        kind=Event.Kind.STAKEHOLDER_MEETING, start=at(2020, 3, 1), end=at(2020, 3, 1)
    )
    cancelled = EventFactory(start=at(2020, 4, 1), end=at(2020, 4, 2), status="cancelled")
    attended = [
        _attend(ple, "staff@region.eu", participant_role="partner_staff"),
        _attend(ple, "stakeholder@example.org"),
        _attend(meeting, "local@example.org"),  # a regional meeting: not interregional
        _attend(cancelled, "ghost@example.org"),
    ]
    absent = _attend(ple, "absent@example.org")
    event_services.registrations_check_in(registration_ids=[r.pk for r in attended])
    absent.refresh_from_db()
    assert absent.checked_in_at is None
    assert values("people_staff") == ([1, 0, 0], 1)
    assert values("people_stakeholders") == ([1, 0, 0], 1)
    assert values("people") == ([2, 0, 0], 2)


def test_anonymised_people_still_count_once(periods):
    first = EventFactory(start=at(2020, 2, 1), end=at(2020, 2, 2), retention_days=30)
    later = EventFactory(start=at(2020, 9, 1), end=at(2020, 9, 2), retention_days=30)
    for event in (first, later):
        registration = _attend(event, "aino@example.org")
        event_services.registrations_check_in(registration_ids=[registration.pk])
    assert event_services.anonymise_expired_registrations() == 2
    assert not Registration.objects.exclude(email="").exists()
    assert values("people_stakeholders") == ([1, 0, 0], 1)


# --- Policy changes ----------------------------------------------------------------------


def _change(instrument, sf="0", other="0", validated_on=None, title="Change"):
    return PolicyChange.objects.create(
        instrument=instrument,
        improvement_type="management",
        title_en=title,
        date=datetime.date(2020, 1, 15),
        structural_funds_eur=Decimal(sf),
        other_funds_eur=Decimal(other),
        evidence="Decision of the monitoring committee",
        validated_by_programme=validated_on is not None,
        validated_on=validated_on,
    )


def test_instruments_improved_count_once_and_funds_add_up(periods):
    erdf = PolicyInstrumentFactory(kind=PolicyInstrument.Kind.ERDF_OP)
    regional = PolicyInstrumentFactory(kind=PolicyInstrument.Kind.REGIONAL)
    _change(erdf, "100000", "0", datetime.date(2020, 2, 1))
    _change(erdf, "50000", "2500", datetime.date(2020, 8, 1))
    _change(regional, "0", "10000", datetime.date(2020, 8, 1))
    assert values("instruments_sf") == ([1, 1, 0], 1)  # the same programme, twice
    assert compute().row("instruments_sf").cumulative(1) == 1
    assert values("instruments_other") == ([0, 1, 0], 1)
    assert values("funds_sf") == ([100000, 50000, 0], 150000)
    assert values("funds_other") == ([0, 12500, 0], 12500)


def test_an_unvalidated_policy_change_is_not_counted_nor_public(client, lead_client, periods):
    instrument = PolicyInstrumentFactory(kind=PolicyInstrument.Kind.ERDF_OP)
    _change(instrument, "100000", title="Reported by the partner", validated_on=None)
    _change(
        instrument,
        "5000",
        title="Validated by the programme",
        validated_on=datetime.date(2020, 3, 1),
    )
    assert values("instruments_sf") == ([1, 0, 0], 1)
    assert values("funds_sf") == ([5000, 0, 0], 5000)
    public = client.get("/en/results/").content.decode()
    assert "Validated by the programme" in public
    assert "Reported by the partner" not in public
    dashboard = lead_client.get(reverse("admin:reporting_dashboard")).content.decode()
    assert "Policy changes reported, not yet validated (1)" in dashboard
    assert "Reported by the partner" in dashboard


def test_a_validation_date_needs_the_validation():
    from django.core.exceptions import ValidationError

    change = PolicyChange(
        instrument=PolicyInstrumentFactory(),
        improvement_type="management",
        title_en="Change",
        evidence="Decision",
        validated_on=datetime.date(2020, 3, 1),
    )
    with pytest.raises(ValidationError) as refused:
        change.full_clean()
    assert "validated_on" in refused.value.message_dict


# --- Hand-entered values, targets, stated attendance ---------------------------------


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


def test_stated_attendance_is_shown_as_stated_and_is_not_the_count_of_people(client, periods):
    ple = EventFactory(title_en="PLE in Lahti", start=at(2020, 1, 14), end=at(2020, 1, 15))
    ple2 = EventFactory(start=at(2020, 5, 14), end=at(2020, 5, 14))
    source = "https://projects2014-2020.interregeurope.eu/next2met/news/news-article/7556/"
    StatedAttendance.objects.create(
        event=ple, participants=40, precision="more_than", source_url=source
    )
    StatedAttendance.objects.create(
        event=ple2, participants=12, precision="exact", source_url=source
    )
    row = compute().row("participants_stated")
    assert [int(v) for v in row.per_period] == [52, 0, 0]
    assert row.precision == "more_than"
    assert values("people_stakeholders") == ([0, 0, 0], 0)
    html = client.get("/en/results/").content.decode()
    assert "more than 52" in html
    assert "<td>more than 40</td>" in html
    assert f'<a class="link-is-url" href="{source}">' in html


# --- Pages --------------------------------------------------------------------------


def _bulk(count, lead, periods):
    for n in range(count):
        month = 1 + n % 12
        event = EventFactory(start=at(2020, month, 1), end=at(2020, month, 2))
        StatedAttendance.objects.create(
            event=event,
            participants=10 + n,
            precision="more_than",
            source_url="https://example.org/",
        )
        ids = [RegistrationFactory(event=event).pk for _ in range(5)]
        event_services.registrations_check_in(registration_ids=ids)
        practice = GoodPracticeFactory(published_at=at(2020, month, 3))
        step(practice, S.VALIDATED, at(2020, month, 4), lead)
        instrument = PolicyInstrumentFactory()
        _change(instrument, "1000", validated_on=datetime.date(2020, month, 5))
        _change(instrument, "1000")  # not validated
        ManualValue.objects.get_or_create(
            code="media", period=periods[n % 3], defaults={"value": 1, "evidence": "Clippings"}
        )


def test_dashboard_queries_do_not_grow_with_the_data(
    lead_client, lead, periods, django_assert_max_num_queries
):
    from reporting import services

    url = reverse("admin:reporting_dashboard")
    _bulk(3, lead, periods)
    services.period_submit(period_id=periods[0].pk, user=lead)
    with django_assert_max_num_queries(40) as small:
        assert lead_client.get(url).status_code == 200
    _bulk(30, lead, periods)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = lead_client.get(url)
    html = response.content.decode()
    assert "Interregional policy learning events" in html
    assert '<svg class="bar-chart" role="img"' in html
    assert "Differences from the submitted figures" in html


def test_results_page_queries_are_constant(
    client, lead, periods, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _bulk(3, lead, periods)
    with django_assert_max_num_queries(25) as small:
        client.get("/en/results/")
    with django_capture_on_commit_callbacks(execute=True):  # committed: the page renders anew
        _bulk(30, lead, periods)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/results/")
    figures = {figure.code: figure for figure in response.context["figures"]}
    assert figures["policy_learning_events"].value == 33
    assert [part.value for part in figures["policy_learning_events"].parts] == [33, 0]
    assert figures["practices_identified"].value == 33
    assert figures["people"].value == 165
    assert [part.value for part in figures["people"].parts] == [0, 165]
    html = response.content.decode()
    # The definition is stated next to the figure.
    assert '<dt>People with increased professional capacity</dt><dd class="figure">165</dd>' in html
    assert "each person once across the project" in html
    assert figures["instruments_sf"].value == 33


def test_results_page_queries_are_constant_once_submitted(
    client, lead, periods, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from reporting import services

    _bulk(3, lead, periods)
    services.period_submit(period_id=periods[0].pk, user=lead)
    with django_assert_max_num_queries(25) as small:
        client.get("/en/results/")
    with django_capture_on_commit_callbacks(execute=True):
        _bulk(30, lead, periods)
        services.period_submit(period_id=periods[1].pk, user=lead)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/en/results/")
    assert response.context["submitted_period"] == periods[1]


def test_dashboard_and_exports_are_for_lead_partner_staff_only(client, periods):
    client.force_login(staff_user(PartnerFactory()))
    assert client.get(reverse("admin:reporting_dashboard")).status_code in (403, 404, 302)
    csv_url = reverse("admin:reporting_period_csv", args=[periods[0].pk])
    assert client.get(csv_url).status_code in (403, 404, 302)
    submit_url = reverse("admin:reporting_period_submit", args=[periods[0].pk])
    assert client.post(submit_url).status_code in (403, 404, 302)
    periods[0].refresh_from_db()
    assert not periods[0].is_submitted


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
    assert lines[0] == "code,indicator,kind,period,cumulative,target,unit,version"
    assert "events_interregional,Interregional policy learning events,output,1,1,,,1" in lines
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
