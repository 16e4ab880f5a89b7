"""The figures as people read them: the public's (submitted where there are any), and
the lead partner's comparison of each submitted figure with today's computation."""

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from events.models import Event
from goodpractices.models import GoodPractice, TransferInterest
from partners.models import PolicyInstrument

from .indicators import REGISTRY, Indicator, Report, Row
from .models import ReportingPeriod, SubmittedFigure


@dataclasses.dataclass
class Figure:
    """One figure on the results page, with its definition and, if combined, its split."""

    indicator: Indicator
    value: Decimal
    precision: str
    definition: str
    parts: list = dataclasses.field(default_factory=list)

    @property
    def code(self):
        return self.indicator.code


def _public_codes() -> list[str]:
    parts = {code for indicator in REGISTRY.values() for code in indicator.parts}
    return [
        code
        for code, indicator in REGISTRY.items()
        if indicator.public and not indicator.manual and code not in parts
    ]


def last_submitted_period() -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(submitted_at__isnull=False).order_by("-number").first()


def figures_from_report(report: Report) -> list[Figure]:
    def figure(row: Row) -> Figure:
        return Figure(
            row.indicator,
            row.total,
            row.precision,
            row.indicator.definition,
            [figure(part) for part in report.parts(row)],
        )

    return [figure(report.row(code)) for code in _public_codes()]


def figures_submitted(period: ReportingPeriod) -> list[Figure]:
    """The cumulative figures as submitted for ``period``. The definition shown is
    today's (translated) if its version is the submitted one, else the submitted text."""
    stored = {figure.code: figure for figure in period.submitted_figures.all()}

    def figure(code: str) -> Figure | None:
        indicator, snap = REGISTRY[code], stored.get(code)
        if snap is None:
            return None
        same = snap.definition_version == indicator.version
        parts = [figure(part) for part in indicator.parts]
        return Figure(
            indicator,
            snap.cumulative,
            snap.precision,
            indicator.definition if same else snap.definition,
            [part for part in parts if part],
        )

    return [f for f in (figure(code) for code in _public_codes()) if f]


# --- Submitted against computed ------------------------------------------------------


@dataclasses.dataclass
class Difference:
    """A submitted figure that today's computation does not give any more, and why."""

    period: ReportingPeriod
    submitted: SubmittedFigure
    computed: Decimal
    added: list  # records counted now, not in the submitted figure
    removed: list  # records in the submitted figure, not counted now
    changed: list  # (record, submitted amount, amount now)

    @property
    def definition_changed(self) -> bool:
        return self.submitted.definition_version != REGISTRY[self.submitted.code].version


def record_of(item) -> dict:
    return {
        "ref": item.ref,
        "label": item.label,
        "amount": str(item.amount),
        "precision": item.precision,
    }


def compare(report: Report, figures) -> dict:
    """{code: {period index: Difference}} for each submitted figure that differs from
    today's computation of its period, in value or in the records behind it."""
    index_of = {period.pk: index for index, period in enumerate(report.periods)}
    rows = {row.indicator.code: row for row in report.rows}
    out = {}
    for snap in figures:
        row, index = rows.get(snap.code), index_of.get(snap.period_id)
        if row is None or index is None:
            continue
        now = {item.ref: record_of(item) for item in row.by_period[index]}
        then = {record["ref"]: record for record in snap.records}
        added = [now[ref] for ref in now if ref not in then]
        removed = [then[ref] for ref in then if ref not in now]
        changed = [
            (now[ref], then[ref]["amount"], now[ref]["amount"])
            for ref in now
            if ref in then and Decimal(now[ref]["amount"]) != Decimal(then[ref]["amount"])
        ]
        computed = row.per_period[index]
        version_changed = snap.definition_version != row.indicator.version
        if added or removed or changed or computed != snap.value or version_changed:
            out.setdefault(snap.code, {})[index] = Difference(
                report.periods[index], snap, computed, added, removed, changed
            )
    return out


def submitted_by_code(figures) -> dict:
    """{code: {period pk: SubmittedFigure}} for the dashboard's table."""
    out = {}
    for snap in figures:
        out.setdefault(snap.code, {})[snap.period_id] = snap
    return out


def all_submitted():
    return list(SubmittedFigure.objects.order_by("period__number", "pk"))


REF_LABELS = {
    "event": _("event"),
    "goodpractice": _("good practice"),
    "actionplan": _("action plan"),
    "person": _("participant, first at"),
    "policychange": _("policy change"),
    "statedattendance": _("stated attendance of"),
    "manualvalue": _("hand-entered value"),
}


def headline_figures() -> tuple[list[tuple[str, Decimal]], ReportingPeriod | None]:
    """A few figures for the home page: those of the last report submitted to the
    programme, or, before the first, what the records count today (four cheap counts;
    the results page has the full, defined indicators)."""
    period = last_submitted_period()
    if period is not None:
        figures = figures_submitted(period)[:4]
        return [(figure.indicator.name, figure.value) for figure in figures], period
    events = Event.objects.public().past().filter(kind=Event.Kind.PLE)
    transferred = TransferInterest.objects.filter(stage=TransferInterest.Stage.TRANSFERRED)
    return [
        (_("Good practices published"), GoodPractice.objects.published().count()),
        (_("Policy Learning Events held"), events.exclude(status=Event.Status.CANCELLED).count()),
        (_("Policy instruments addressed"), PolicyInstrument.objects.count()),
        (
            _("Practices taken up by another region"),
            transferred.values("practice").distinct().count(),
        ),
    ], None
