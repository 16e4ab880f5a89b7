"""Six-month reporting periods, indicator targets, hand-entered values and the policy
changes the project brought about: what the lead partner reports to Interreg Europe."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import format_date
from core.uploads import DOCUMENT_HELP_TEXT, CheckedDocumentField, UploadTo
from partners.models import validate_date_order

from .definitions import INDICATORS


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
        return str(INDICATORS[self.code].label) if self.code in INDICATORS else self.code


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
    validated_by_programme = models.BooleanField(_("validated by the programme"), default=False)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("policy change")
        verbose_name_plural = _("policy changes")

    def __str__(self):
        return self.title

    def clean(self):
        if self.action_id and self.instrument_id:
            if self.action.action_plan.instrument_id != self.instrument_id:
                raise ValidationError(
                    {"action": _("Choose an action of this instrument's action plan.")}
                )


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
