"""The programme's indicators: one registry, each indicator one small function.

An entry holds the indicator's code, name, kind, unit, definition (the text shown next
to the figure, after ``reference/domain.md`` §2.1 and §4.2) and its version, and the
function that lists the records it counts. Each record (an ``Item``) carries the day on
which it reached the state that qualifies it, taken from its history, so a later change
of state does not move it out of a past period. Adding or correcting an indicator
touches one entry; raise its ``version`` when the definition changes in substance.

The dashboard, the CSV, the evidence pack, the submission and the public results page
all read ``compute``. Each source is one query, whatever the number of records, and
shared between the indicators that read it.
"""

import dataclasses
import datetime
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from goodpractices.models import GoodPractice
from partners.models import Action, ActionPlan, PolicyInstrument

from .models import (
    IndicatorTarget,
    ManualValue,
    PolicyChange,
    ReportingPeriod,
    StatedAttendance,
)

OUTPUT, RESULT, CONTEXT = "output", "result", "context"
KIND_LABELS = {
    OUTPUT: _("Output indicator"),
    RESULT: _("Result indicator"),
    CONTEXT: _("Not a programme indicator"),
}
EXACT, AT_LEAST, MORE_THAN = "exact", "at_least", "more_than"

# Interregional cooperation activities: the events of the partnership, with stakeholders.
INTERREGIONAL_KINDS = (Event.Kind.PLE, Event.Kind.STUDY_VISIT, Event.Kind.FINAL)
PLAN_STATES = (
    ActionPlan.Status.SUBMITTED,
    ActionPlan.Status.APPROVED,
    ActionPlan.Status.IMPLEMENTED,
)
# The Joint Secretariat's validation, and one level up: the Platform's experts.
IDENTIFIED_STATES = (GoodPractice.Status.VALIDATED, GoodPractice.Status.IN_DATABASE)
PLATFORM_STATES = (GoodPractice.Status.IN_DATABASE,)


class Item(NamedTuple):
    """One record behind a figure: what it is, when it counts, how much. A named tuple:
    made twice as fast as a frozen dataclass, and there is one per practice."""

    ref: str  # "goodpractice:12": stable, so a submitted figure can be compared later
    label: str
    day: datetime.date | None = None  # None: counted in the total, in no period
    period: int | None = None  # a period's pk, for hand-entered values
    amount: Decimal = Decimal(1)
    key: str | None = None  # what "counted once" counts (an instrument), else the ref
    precision: str = EXACT

    @property
    def distinct_key(self):
        return self.key or self.ref


@dataclasses.dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    kind: str
    definition: str
    items: Callable  # (Sources) -> list[Item]
    version: str = "1"
    unit: str = ""
    # How periods add up to the total: "sum", "distinct" (counted once) or "average".
    total: str = "sum"
    manual: bool = False
    parts: tuple = ()  # the indicators a combined one adds up, shown as its split
    public: bool = True

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


REGISTRY: dict[str, Indicator] = {}


def indicator(code, name, kind, definition, **options):
    """Register the decorated function as the computation of indicator ``code``."""

    def register(function):
        REGISTRY[code] = Indicator(code, name, kind, definition, function, **options)
        return function

    return register


class Sources:
    """What the computations read: the periods, the clock, and each query once."""

    def __init__(self, now: datetime.datetime):
        self.now = now
        self._cache = {}

    def once(self, name: str, query: Callable):
        if name not in self._cache:
            self._cache[name] = query()
        return self._cache[name]

    def items(self, code: str) -> list[Item]:
        return self.once(f"items:{code}", lambda: REGISTRY[code].items(self))


# --- The sources: one query each ----------------------------------------------------


def _local_day(moment: datetime.datetime, zone: str) -> datetime.date:
    """The day of an event where it takes place."""
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = datetime.UTC
    return timezone.localtime(moment, tz).date()


def _events(src: Sources):
    """Events that took place: published (not drafts, not cancelled) and started."""
    return src.once(
        "events",
        lambda: list(
            Event.objects.rewrite(False)
            .filter(status=Event.Status.PUBLISHED, start__lte=src.now)
            .order_by("start", "pk")
            .values("pk", "title_en", "kind", "start", "timezone")
        ),
    )


def _event_items(src: Sources, kinds) -> list[Item]:
    return [
        Item(f"event:{e['pk']}", e["title_en"], _local_day(e["start"], e["timezone"]))
        for e in _events(src)
        if e["kind"] in kinds
    ]


def _practices(src: Sources) -> list[tuple]:
    """Every practice with the moment it first reached each level, from its history:
    one query for both practice indicators (the table is wide: each scan of it costs)."""

    def first(states):
        return Min("status_changes__at", filter=Q(status_changes__to_status__in=states))

    # Not rewritten by modeltranslation: the columns are named, and its fallback
    # iterator cost about 9 ms of Python per 10,000 practices.
    return src.once(
        "practices",
        lambda: list(
            GoodPractice.objects.rewrite(False)
            .annotate(identified=first(IDENTIFIED_STATES), platform=first(PLATFORM_STATES))
            .order_by("title_en", "pk")
            .values_list("pk", "title_en", "status", "identified", "platform")
        ),
    )


def _practices_reaching(src: Sources, states, level: int) -> list[Item]:
    """Practices by the day they first reached one of ``states`` (``level`` picks the
    column of ``_practices``); one that is there now with no dated step counts in no
    period (undated)."""
    return [
        Item(f"goodpractice:{row[0]}", row[1], timezone.localdate(at) if at else None)
        for row in _practices(src)
        if (at := row[level]) is not None or row[2] in states
    ]


def _people(src: Sources) -> dict:
    """Each person once: their first attended interregional event, by the event's date
    (not by when the attendance was recorded), as partner staff or as stakeholder."""

    def query():
        first = {}
        rows = (
            Registration.objects.filter(
                checked_in_at__isnull=False,
                event__status=Event.Status.PUBLISHED,
                event__kind__in=INTERREGIONAL_KINDS,
                event__start__lte=src.now,
            )
            .exclude(person_key="")
            .order_by("event__start", "pk")
            .values_list(
                "participant_role",
                "person_key",
                "event__title_en",
                "event__start",
                "event__timezone",
            )
        )
        for role, key, title, start, zone in rows:
            first.setdefault((role, key), (title, _local_day(start, zone)))
        return first

    return src.once("people", query)


def _person_items(src: Sources, role: str) -> list[Item]:
    return [
        Item(f"person:{key}", title, day)
        for (person_role, key), (title, day) in _people(src).items()
        if person_role == role
    ]


def _changes(src: Sources):
    return src.once(
        "changes",
        lambda: list(
            PolicyChange.objects.validated()
            .order_by("validated_on", "pk")
            .values(
                "pk",
                "title_en",
                "validated_on",
                "instrument_id",
                "instrument__kind",
                "structural_funds_eur",
                "other_funds_eur",
            )
        ),
    )


def _instrument_items(src: Sources, structural: bool) -> list[Item]:
    """Validated changes, each counting its instrument (once, in the totals)."""
    return [
        Item(
            f"policychange:{c['pk']}",
            c["title_en"],
            c["validated_on"],
            key=f"instrument:{c['instrument_id']}",
        )
        for c in _changes(src)
        if (c["instrument__kind"] == PolicyInstrument.Kind.ERDF_OP) == structural
    ]


def _fund_items(src: Sources, field: str) -> list[Item]:
    return [
        Item(f"policychange:{c['pk']}", c["title_en"], c["validated_on"], amount=c[field])
        for c in _changes(src)
        if c[field]
    ]


def _manual_items(src: Sources, code: str) -> list[Item]:
    rows = src.once(
        "manual",
        lambda: list(
            ManualValue.objects.order_by("pk").values(
                "pk", "code", "period_id", "value", "evidence"
            )
        ),
    )
    return [
        Item(
            f"manualvalue:{r['pk']}",
            r["evidence"][:120],
            period=r["period_id"],
            amount=r["value"],
        )
        for r in rows
        if r["code"] == code
    ]


# --- The registry --------------------------------------------------------------------


@indicator(
    "policy_learning_events",
    _("Policy learning events"),
    OUTPUT,
    _(
        "The programme's output counts regional workshops with stakeholders and "
        "interregional events with the partners together: the two figures below, added."
    ),
    parts=("events_interregional", "events_regional"),
)
def policy_learning_events(src):
    return src.items("events_interregional") + src.items("events_regional")


@indicator(
    "events_interregional",
    _("Interregional policy learning events"),
    OUTPUT,
    _(
        "Policy Learning Events, study visits and the final event that took place "
        "(published, not cancelled), each once, in the period of its first day."
    ),
)
def events_interregional(src):
    return _event_items(src, INTERREGIONAL_KINDS)


@indicator(
    "events_regional",
    _("Regional stakeholder workshops"),
    OUTPUT,
    _(
        "Meetings of a partner's regional stakeholder group that took place, each once, "
        "in the period of its first day."
    ),
)
def events_regional(src):
    return _event_items(src, (Event.Kind.STAKEHOLDER_MEETING,))


@indicator(
    "practices_identified",
    _("Good practices identified"),
    OUTPUT,
    _(
        "Good practices validated by the programme's Joint Secretariat, in the period in "
        "which they were first validated. A practice approved only by the project does not "
        "count yet; one sent back to review later still counts in its period."
    ),
    version="2",
)
def practices_identified(src):
    return _practices_reaching(src, IDENTIFIED_STATES, 3)


@indicator(
    "practices_validated",
    _("Good practices validated by Policy Learning Platform experts"),
    OUTPUT,
    _(
        "Good practices that the Policy Learning Platform's thematic experts validated for "
        "the programme's good-practice database, in the period in which they entered it."
    ),
    version="2",
)
def practices_validated(src):
    return _practices_reaching(src, PLATFORM_STATES, 4)


@indicator(
    "action_plans",
    _("Action plans developed"),
    OUTPUT,
    _("Action plans submitted to the programme, in the period of their submission."),
)
def action_plans(src):
    rows = (
        ActionPlan.objects.filter(status__in=PLAN_STATES)
        .order_by("pk")
        .values_list("pk", "title_en", "submitted_on")
    )
    return [Item(f"actionplan:{pk}", title, day) for pk, title, day in rows]


@indicator(
    "people",
    _("People with increased professional capacity"),
    OUTPUT,
    _(
        "People with increased professional capacity due to their participation in "
        "interregional cooperation activities (Policy Learning Events, study visits, the "
        "final event), as the attendance records show: each person once across the "
        "project, in the period of their first such event, whatever the order in which "
        "attendance was recorded. Partner staff and stakeholders are counted apart."
    ),
    parts=("people_staff", "people_stakeholders"),
    total="distinct",
    version="2",
)
def people(src):
    return src.items("people_staff") + src.items("people_stakeholders")


@indicator(
    "people_staff",
    _("Partner staff with increased professional capacity"),
    OUTPUT,
    _(
        "Partner staff who took part in interregional cooperation activities, each person "
        "once across the project."
    ),
    version="2",
)
def people_staff(src):
    return _person_items(src, "partner_staff")


@indicator(
    "people_stakeholders",
    _("Stakeholders with increased professional capacity"),
    OUTPUT,
    _(
        "Stakeholders who took part in interregional cooperation activities, each person "
        "once across the project."
    ),
    version="2",
)
def people_stakeholders(src):
    return _person_items(src, "stakeholder")


@indicator(
    "participants_stated",
    _("Participants in the project's events, as the sources state them"),
    CONTEXT,
    _(
        "The attendance of events whose participants the portal did not record, as the "
        "project's published reports state it. A person at several events is counted at "
        "each, and the figures do not say who was partner staff, so they are not the "
        "programme's count of people."
    ),
)
def participants_stated(src):
    rows = (
        StatedAttendance.objects.filter(
            event__status=Event.Status.PUBLISHED, event__start__lte=src.now
        )
        .order_by("event__start", "pk")
        .values_list(
            "pk", "event__title_en", "event__start", "event__timezone", "participants", "precision"
        )
    )
    return [
        Item(
            f"statedattendance:{pk}",
            title,
            _local_day(start, zone),
            amount=Decimal(participants),
            precision=precision,
        )
        for pk, title, start, zone, participants, precision in rows
    ]


@indicator(
    "media",
    _("Appearances in media"),
    OUTPUT,
    _("Entered by hand per period, with the evidence of each appearance."),
    manual=True,
)
def media(src):
    return _manual_items(src, "media")


@indicator(
    "web_sessions",
    _("Average sessions on the project's web pages"),
    OUTPUT,
    _("Entered by hand per period from the web statistics; the total is their average."),
    manual=True,
    total="average",
)
def web_sessions(src):
    return _manual_items(src, "web_sessions")


@indicator(
    "instruments_sf",
    _("Policy instruments improved: Structural Funds programmes"),
    RESULT,
    _(
        "Structural Funds programmes with a policy change validated by the programme, in "
        "the period of the validation; a programme improved twice counts once in the total."
    ),
    total="distinct",
    version="2",
)
def instruments_sf(src):
    return _instrument_items(src, structural=True)


@indicator(
    "instruments_other",
    _("Policy instruments improved: other instruments"),
    RESULT,
    _(
        "Other regional or local instruments with a policy change validated by the "
        "programme, in the period of the validation; each counts once in the total."
    ),
    total="distinct",
    version="2",
)
def instruments_other(src):
    return _instrument_items(src, structural=False)


FUNDS_DEFINITION = _(
    "The amounts the policy changes validated by the programme influence, in the period "
    "of the validation."
)


@indicator(
    "funds_sf", _("Structural Funds influenced"), RESULT, FUNDS_DEFINITION, unit="EUR", version="2"
)
def funds_sf(src):
    return _fund_items(src, "structural_funds_eur")


@indicator(
    "funds_other", _("Other funds influenced"), RESULT, FUNDS_DEFINITION, unit="EUR", version="2"
)
def funds_other(src):
    return _fund_items(src, "other_funds_eur")


# --- Rows: the items of an indicator bucketed into the periods -------------------------


def combined_precision(items) -> str:
    """ "More than 40" and "more than 50" make "more than 90"."""
    precisions = {item.precision for item in items}
    for precision in (MORE_THAN, AT_LEAST):
        if precision in precisions:
            return precision
    return EXACT


@dataclasses.dataclass
class Row:
    indicator: Indicator
    periods: list
    items: list
    target: Decimal | None = None

    def __post_init__(self):
        index_of_pk = {period.pk: index for index, period in enumerate(self.periods)}
        self.by_period = [[] for _ in self.periods]
        self.undated_items = []
        for item in self.items:
            if item.period is not None:
                index = index_of_pk.get(item.period)
            else:
                index = _bucket(self.periods, item.day) if item.day else None
            (self.undated_items if index is None else self.by_period[index]).append(item)
        self.per_period = [self._value(items) for items in self.by_period]

    def _value(self, items) -> Decimal:
        if self.indicator.total == "distinct":
            return Decimal(len({item.distinct_key for item in items}))
        return sum((Decimal(item.amount) for item in items), Decimal(0))

    def _upto(self, index: int | None) -> list:
        lists = self.by_period if index is None else self.by_period[: index + 1]
        return [item for items in lists for item in items]

    def cumulative(self, index: int) -> Decimal:
        """The value from the first period up to and including period ``index``."""
        if self.indicator.total == "average":
            reported = [v for v in self.per_period[: index + 1] if v]
            return sum(reported) / len(reported) if reported else Decimal(0)
        return self._value(self._upto(index))

    @property
    def total(self) -> Decimal:
        if self.indicator.total == "average":
            return self.cumulative(len(self.periods) - 1) if self.periods else Decimal(0)
        return self._value(self._upto(None) + self.undated_items)

    @property
    def undated(self) -> Decimal:
        return self._value(self.undated_items)

    @property
    def precision(self) -> str:
        return combined_precision(self.items)

    def period_precision(self, index: int) -> str:
        return combined_precision(self.by_period[index])

    def cumulative_precision(self, index: int) -> str:
        return combined_precision(self._upto(index))

    @property
    def progress(self) -> int | None:
        if not self.target:
            return None
        return int(self.total / self.target * 100)


@dataclasses.dataclass
class Report:
    periods: list
    rows: list

    def row(self, code: str) -> Row:
        return next(r for r in self.rows if r.indicator.code == code)

    def parts(self, row: Row) -> list[Row]:
        return [self.row(code) for code in row.indicator.parts]


def _bucket(periods, day):
    for index, period in enumerate(periods):
        if period.start <= day <= period.end:
            return index
    return None


def compute(now: datetime.datetime | None = None) -> Report:
    src = Sources(now or timezone.now())
    periods = list(ReportingPeriod.objects.order_by("start"))
    targets = dict(IndicatorTarget.objects.values_list("code", "target"))
    rows = [
        Row(indicator, periods, src.items(code), targets.get(code))
        for code, indicator in REGISTRY.items()
    ]
    return Report(periods=periods, rows=rows)


def missing_for_next_report_querysets(now: datetime.datetime | None = None) -> dict:
    """What the lead partner still has to collect before the next progress report, as
    querysets (the editor's home counts them, per partner; the dashboard lists them)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "events_without_attendance": Event.objects.filter(
            status=Event.Status.PUBLISHED, end__lt=now
        )
        .exclude(registrations__checked_in_at__isnull=False)
        .exclude(stated_attendance__isnull=False)
        .select_related("host")
        .order_by("start"),
        "practices_waiting": GoodPractice.objects.filter(
            status__in=(GoodPractice.Status.SUBMITTED, GoodPractice.Status.APPROVED)
        )
        .select_related("owner")
        .order_by("updated_at"),
        "changes_not_validated": PolicyChange.objects.not_validated()
        .select_related("instrument__partner")
        .order_by("date", "pk"),
        "overdue_actions": Action.objects.filter(end_date__lt=today)
        .exclude(status__in=(Action.Status.COMPLETED, Action.Status.DROPPED))
        .select_related("action_plan__instrument__partner")
        .order_by("end_date"),
        "next_period": ReportingPeriod.objects.filter(progress_report_due__gte=today)
        .order_by("start")
        .first(),
    }


# How each list of missing_for_next_report reaches the partner it belongs to.
MISSING_PARTNER_LOOKUPS = {
    "events_without_attendance": "host",
    "practices_waiting": "owner",
    "changes_not_validated": "instrument__partner",
    "overdue_actions": "action_plan__instrument__partner",
}


def missing_for_next_report(now: datetime.datetime | None = None) -> dict:
    """What the lead partner still has to collect before the next progress report."""
    return {
        key: value if key == "next_period" else list(value)
        for key, value in missing_for_next_report_querysets(now).items()
    }
