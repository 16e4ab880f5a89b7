"""Six-month reporting periods, indicator targets, hand-entered values, the policy
changes the project brought about, attendance stated by the sources, and the figures as
submitted: what the lead partner reports to Interreg Europe.

The indicators themselves (names, definitions, computations) are a registry in
``reporting.indicators``, which reads these models; these models never import it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import format_date
from core.uploads import DOCUMENT_HELP_TEXT, CheckedDocumentField, UploadTo
from partners.models import validate_date_order


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


# The final period: six months of activity and up to three of closure (Interreg Europe).
CLOSURE_MONTHS = 3
PARTNER_REPORT_DELAY = datetime.timedelta(days=14)


class ReportingPeriod(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("First period (from approval)")
        REGULAR = "regular", _("Six-month period")
        FINAL = "final", _("Final period (with closure)")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    progress_report_due = models.DateField(
        _("progress report due"),
        help_text=_("Three months after the end; the final report by the project's end."),
    )
    # Set once, when the lead partner submits the period's report: its figures are then
    # frozen in SubmittedFigure and the period's dates and hand-entered values locked.
    submitted_at = models.DateTimeField(_("report submitted"), null=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self):
        return _("Period %(number)s (%(start)s – %(end)s)") % {
            "number": self.number,
            "start": self.start.strftime("%m/%Y"),
            "end": self.end.strftime("%m/%Y"),
        }

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def activity_end(self) -> datetime.date:
        """The last day the partner reports cover: the final period ends with up to three
        months of closure, in which the final progress report is written from them."""
        if self.kind == self.Kind.FINAL:
            return max(self.start, add_months(self.end, -CLOSURE_MONTHS))
        return self.end

    @property
    def partner_report_due(self) -> datetime.date:
        """Partner reports go to the first-level controller within two weeks."""
        return self.activity_end + PARTNER_REPORT_DELAY

    def clean(self):
        validate_date_order(self.start, self.end, end_field="end")
        if self.start and self.end and self.progress_report_due:
            if self.progress_report_due <= self.partner_report_due:
                raise ValidationError(
                    {
                        "progress_report_due": _(
                            "The progress report is written from the partner reports, "
                            "due %(date)s: it must be due after them."
                        )
                        % {"date": format_date(self.partner_report_due)}
                    }
                )
        if self.pk and self.is_submitted:
            stored = ReportingPeriod.objects.filter(pk=self.pk).values("start", "end").first()
            if stored and (stored["start"], stored["end"]) != (self.start, self.end):
                raise ValidationError(
                    _("The report of this period was submitted: its dates cannot change.")
                )
        overlapping = ReportingPeriod.objects.filter(start__lte=self.end, end__gte=self.start)
        if self.start and self.end and overlapping.exclude(pk=self.pk).exists():
            raise ValidationError({"start": _("This period overlaps another reporting period.")})


class IndicatorTarget(models.Model):
    """The target the project set for an indicator (application form)."""

    code = models.CharField(_("indicator"), max_length=40, unique=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")

    def __str__(self):
        return self.code


class ManualValue(models.Model):
    """A value the portal cannot know (media appearances, web sessions), with evidence."""

    code = models.CharField(_("indicator"), max_length=40)
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="manual_values",
    )
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    evidence = models.TextField(
        _("evidence"), help_text=_("Where the figure comes from: links, tools, documents.")
    )
    evidence_file = CheckedDocumentField(
        _("evidence file"),
        upload_to=UploadTo("reporting"),
        blank=True,
        help_text=DOCUMENT_HELP_TEXT,
    )

    class Meta:
        ordering = ["period__number", "code"]
        verbose_name = _("hand-entered value")
        verbose_name_plural = _("hand-entered values")
        constraints = [
            models.UniqueConstraint(fields=["code", "period"], name="one_manual_value_per_period")
        ]

    def __str__(self):
        return f"{self.code} · {self.period}"

    def clean(self):
        submitted = ReportingPeriod.objects.filter(submitted_at__isnull=False)
        if self.period_id and submitted.filter(pk=self.period_id).exists():
            raise ValidationError(
                _("The report of this period was submitted: its figures are locked.")
            )


class PolicyChangeQuerySet(models.QuerySet):
    def validated(self):
        """What the programme validated: what counts and what the public sees."""
        return self.filter(validated_by_programme=True)

    def not_validated(self):
        """Reported by the partners, not (yet) validated by the programme."""
        return self.filter(validated_by_programme=False)


class PolicyChange(models.Model):
    """An improvement of a policy instrument, the result Interreg Europe counts."""

    class ImprovementType(models.TextChoices):
        NEW_PROJECT = "new_project", _("A new project or tool funded by the instrument")
        MANAGEMENT = "management", _("A change in management (calls, monitoring, evaluation)")
        STRATEGIC = "strategic", _("A change of strategic focus")

    instrument = models.ForeignKey(
        "partners.PolicyInstrument",
        verbose_name=_("policy instrument"),
        on_delete=models.PROTECT,
        related_name="policy_changes",
    )
    action = models.ForeignKey(
        "partners.Action",
        verbose_name=_("action-plan action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_changes",
    )
    improvement_type = models.CharField(
        _("type of improvement"), max_length=20, choices=ImprovementType.choices
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("When the change took effect; leave empty if it is not known yet."),
    )
    structural_funds_eur = models.DecimalField(
        _("Structural Funds influenced (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    other_funds_eur = models.DecimalField(
        _("other funds influenced (EUR)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    evidence = models.TextField(
        _("evidence"), help_text=_("The documents that prove the change (links, references).")
    )
    validated_by_programme = models.BooleanField(
        _("validated by the programme"),
        default=False,
        help_text=_(
            "Only changes the programme validated count and are shown on the public site; "
            "the others are listed to the lead partner as reported, not yet validated."
        ),
    )
    validated_on = models.DateField(
        _("validated on"),
        null=True,
        blank=True,
        help_text=_(
            "When the programme validated the change: the reports count it in that period."
        ),
    )

    objects = PolicyChangeQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("policy change")
        verbose_name_plural = _("policy changes")

    def __str__(self):
        return self.title

    def clean(self):
        if self.validated_on and not self.validated_by_programme:
            raise ValidationError(
                {"validated_on": _("Tick “validated by the programme” or leave the date empty.")}
            )
        if self.action_id and self.instrument_id:
            if self.action.action_plan.instrument_id != self.instrument_id:
                raise ValidationError(
                    {"action": _("Choose an action of this instrument's action plan.")}
                )


class StatedAttendance(models.Model):
    """How many took part in an event, as a published source states it: an anonymous
    total for an event whose attendance the portal did not record (or no longer holds).

    "More than 40 participants" is stored as it is stated: 40, "more than". The portal
    never turns it into a figure the source does not give (41, or 40 exactly)."""

    class Precision(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at_least", _("at least")
        MORE_THAN = "more_than", _("more than")

    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="stated_attendance",
    )
    participants = models.PositiveIntegerField(_("participants"))
    precision = models.CharField(
        _("as stated"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.EXACT,
        help_text=_("“More than 40 participants” is 40, more than."),
    )
    source_url = models.URLField(
        _("source"), max_length=300, help_text=_("The page that states the figure.")
    )

    class Meta:
        ordering = ["event__start"]
        verbose_name = _("stated attendance")
        verbose_name_plural = _("stated attendance")

    def __str__(self):
        return f"{self.event} · {self.precision} {self.participants}"


class SubmittedFigure(models.Model):
    """One indicator's figure for a period as the lead partner submitted it: frozen.

    It keeps the indicator's name and definition as they were, their version, and the
    records behind the figure, so that the evidence pack of the period can be built again
    and any later difference traced to the records that cause it."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="submitted_figures",
    )
    code = models.CharField(_("indicator"), max_length=40)
    name = models.CharField(_("name"), max_length=250)
    definition = models.TextField(_("definition"))
    definition_version = models.CharField(_("definition version"), max_length=20)
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    value = models.DecimalField(_("value in the period"), max_digits=16, decimal_places=2)
    cumulative = models.DecimalField(_("cumulative value"), max_digits=16, decimal_places=2)
    precision = models.CharField(_("as stated"), max_length=10, default="exact")
    records = models.JSONField(_("records"), default=list)

    class Meta:
        ordering = ["period__number", "pk"]
        verbose_name = _("submitted figure")
        verbose_name_plural = _("submitted figures")
        constraints = [
            models.UniqueConstraint(fields=["period", "code"], name="one_figure_per_period")
        ]

    def __str__(self):
        return f"{self.code} · {self.period}"

    @property
    def value_precision(self) -> str:
        """How the period's value is stated, from its records ("more than" wins)."""
        precisions = {record.get("precision") for record in self.records}
        return next((p for p in ("more_than", "at_least") if p in precisions), "exact")


def build_periods(start: datetime.date, end: datetime.date) -> list[dict]:
    """Six-month periods from ``start``; a remainder of three months or less joins the
    final period (six months of activity and up to three of closure)."""
    periods = []
    cursor = start
    while cursor <= end:
        period_end = add_months(cursor, 6) - datetime.timedelta(days=1)
        if add_months(period_end, 3) >= end:
            period_end = end  # the final one, with the closure months
        periods.append({"start": cursor, "end": min(period_end, end)})
        cursor = period_end + datetime.timedelta(days=1)
    for number, period in enumerate(periods, start=1):
        period["number"] = number
        if number == len(periods):
            period["kind"] = ReportingPeriod.Kind.FINAL
            period["progress_report_due"] = end
        else:
            period["kind"] = (
                ReportingPeriod.Kind.FIRST if number == 1 else ReportingPeriod.Kind.REGULAR
            )
            period["progress_report_due"] = add_months(period["end"], 3)
    return periods
