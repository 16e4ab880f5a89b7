"""The programme's indicators, computed from the portal's own data.

Each family is one aggregate query grouped by day, bucketed into the periods in Python:
the number of queries is the same however many events, registrations or practices
there are. The dashboard, the CSV, the evidence pack and the public results page all
read this one computation.
"""

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Min, OuterRef, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from events.models import Event, Registration
from goodpractices.models import GoodPractice, StatusChange
from partners.models import Action, ActionPlan, PolicyInstrument

from .definitions import INDICATORS, Indicator
from .models import IndicatorTarget, ManualValue, PolicyChange, ReportingPeriod

INTERREGIONAL_KINDS = (Event.Kind.PLE, Event.Kind.STUDY_VISIT, Event.Kind.FINAL)
PLAN_STATES = (
    ActionPlan.Status.SUBMITTED,
    ActionPlan.Status.APPROVED,
    ActionPlan.Status.IMPLEMENTED,
)
VALIDATED_STATES = (GoodPractice.Status.VALIDATED, GoodPractice.Status.IN_DATABASE)


@dataclasses.dataclass
class Row:
    indicator: Indicator
    per_period: list  # one value per period, in period order
    total: Decimal
    undated: Decimal
    target: Decimal | None
    # For indicators counted once (instruments): the keys seen in each period.
    keys_per_period: list = dataclasses.field(default_factory=list)

    def cumulative(self, index: int) -> Decimal:
        """The value from the first period up to and including period ``index``."""
        values = self.per_period[: index + 1]
        if self.indicator.total == "distinct":
            return Decimal(len(set().union(*self.keys_per_period[: index + 1])))
        if self.indicator.total == "average":
            reported = [v for v in values if v]
            return sum(reported) / len(reported) if reported else Decimal(0)
        return sum(values, Decimal(0))

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


def _bucket(periods, day):
    for index, period in enumerate(periods):
        if period.start <= day <= period.end:
            return index
    return None


def compute(now: datetime.datetime | None = None) -> Report:
    now = now or timezone.now()
    periods = list(ReportingPeriod.objects.order_by("start"))
    values = {code: [Decimal(0)] * len(periods) for code in INDICATORS}
    undated = defaultdict(Decimal)
    distinct_total = defaultdict(set)
    keys = {code: [set() for _ in periods] for code in INDICATORS}

    def add(code, day, amount=1, key=None):
        index = _bucket(periods, day) if day else None
        if index is None:
            undated[code] += Decimal(amount)
        else:
            values[code][index] += Decimal(amount)
        if key is not None:
            distinct_total[code].add(key)
            if index is not None:
                keys[code][index].add(key)

    # Events that took place (not drafts, not cancelled), by their first day.
    for row in (
        Event.objects.filter(status=Event.Status.PUBLISHED, start__lte=now)
        .annotate(day=TruncDate("start"))
        .values("day", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if row["kind"] in INTERREGIONAL_KINDS:
            add("events_interregional", row["day"], row["n"])
        elif row["kind"] == Event.Kind.STAKEHOLDER_MEETING:
            add("events_regional", row["day"], row["n"])

    # Practices identified: approved by the project and not declined, when published.
    for row in (
        GoodPractice.objects.published()
        .annotate(day=TruncDate("published_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add("practices_identified", row["day"], row["n"])

    # Validated by the programme: when it first reached that level.
    first_validated = (
        StatusChange.objects.filter(practice=OuterRef("pk"), to_status__in=VALIDATED_STATES)
        .order_by()
        .values("practice")
        .annotate(at=Min("at"))
        .values("at")
    )
    for row in (
        GoodPractice.objects.filter(status__in=VALIDATED_STATES)
        .annotate(day=TruncDate(Subquery(first_validated)))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add("practices_validated", row["day"], row["n"])

    for row in (
        ActionPlan.objects.filter(status__in=PLAN_STATES)
        .values("submitted_on")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add("action_plans", row["submitted_on"], row["n"])

    # People: attended events that took place; each person once (their first attendance).
    for row in (
        Registration.objects.filter(
            first_attendance=True,
            checked_in_at__isnull=False,
            event__status=Event.Status.PUBLISHED,
        )
        .annotate(day=TruncDate("event__start"))
        .values("day", "participant_role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        code = (
            "people_staff" if row["participant_role"] == "partner_staff" else "people_stakeholders"
        )
        add(code, row["day"], row["n"])

    for row in (
        PolicyChange.objects.values("date", "instrument_id", "instrument__kind")
        .annotate(sf=Sum("structural_funds_eur"), other=Sum("other_funds_eur"))
        .order_by()
    ):
        sf = row["instrument__kind"] == PolicyInstrument.Kind.ERDF_OP
        add("instruments_sf" if sf else "instruments_other", row["date"], 1, row["instrument_id"])
        add("funds_sf", row["date"], row["sf"] or 0)
        add("funds_other", row["date"], row["other"] or 0)

    period_index = {period.pk: index for index, period in enumerate(periods)}
    for manual in ManualValue.objects.all():
        if manual.code in values and manual.period_id in period_index:
            values[manual.code][period_index[manual.period_id]] += manual.value

    targets = dict(IndicatorTarget.objects.values_list("code", "target"))
    rows = []
    for code, indicator in INDICATORS.items():
        per_period = values[code]
        if indicator.total == "distinct":
            # An instrument improved twice counts once in the total.
            total = Decimal(len(distinct_total[code]))
        elif indicator.total == "average":
            reported = [v for v in per_period if v]
            total = sum(reported) / len(reported) if reported else Decimal(0)
        else:
            total = sum(per_period, Decimal(0)) + undated[code]
        rows.append(Row(indicator, per_period, total, undated[code], targets.get(code), keys[code]))
    return Report(periods=periods, rows=rows)


def missing_for_next_report(now: datetime.datetime | None = None) -> dict:
    """What the lead partner still has to collect before the next progress report."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "events_without_attendance": list(
            Event.objects.filter(status=Event.Status.PUBLISHED, end__lt=now)
            .exclude(registrations__checked_in_at__isnull=False)
            .select_related("host")
            .order_by("start")
        ),
        "practices_waiting": list(
            GoodPractice.objects.filter(
                status__in=(GoodPractice.Status.SUBMITTED, GoodPractice.Status.APPROVED)
            )
            .select_related("owner")
            .order_by("updated_at")
        ),
        "overdue_actions": list(
            Action.objects.filter(end_date__lt=today)
            .exclude(status__in=(Action.Status.COMPLETED, Action.Status.DROPPED))
            .select_related("action_plan__instrument__partner")
            .order_by("end_date")
        ),
        "next_period": ReportingPeriod.objects.filter(progress_report_due__gte=today)
        .order_by("start")
        .first(),
    }
