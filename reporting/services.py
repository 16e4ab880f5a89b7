"""Writes of the reporting app that do more than one thing."""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.pagecache import content_changed
from partners.scoping import is_lead_editor

from .figures import record_of
from .indicators import compute
from .models import ReportingPeriod, SubmittedFigure


def period_submit(*, period_id: int, user, now: datetime.datetime | None = None):
    """Mark a period's progress report as submitted and freeze its figures.

    In one transaction, with the period's row locked: one SubmittedFigure per indicator
    of the registry (the period's value and the cumulative one, the name, definition and
    version of the indicator in English, and the records behind the value), and the
    period marked as submitted by ``user`` now. Only lead-partner staff submit, once, and
    not before the period's activity has ended. The audit trail records it all, with
    ``user`` as the actor.
    """
    now = now or timezone.now()
    if not is_lead_editor(user):
        raise PermissionDenied(_("Only lead-partner staff can do this."))
    with transaction.atomic(), set_actor(user), translation.override("en"):
        period = ReportingPeriod.objects.select_for_update().get(pk=period_id)
        if period.is_submitted:
            raise ValidationError(_("The report of this period was already submitted."))
        if timezone.localdate(now) <= period.activity_end:
            raise ValidationError(_("A period's report can be submitted once the period ends."))
        report = compute(now=now)
        index = next(i for i, p in enumerate(report.periods) if p.pk == period.pk)
        for row in report.rows:
            # One by one (not in bulk), so that the audit trail records each figure.
            SubmittedFigure.objects.create(
                period=period,
                code=row.indicator.code,
                name=str(row.indicator.name),
                definition=str(row.indicator.definition),
                definition_version=row.indicator.version,
                unit=row.indicator.unit,
                value=row.per_period[index],
                cumulative=row.cumulative(index),
                precision=row.cumulative_precision(index),
                records=[record_of(item) for item in row.by_period[index]],
            )
        period.submitted_at = now
        period.submitted_by = user
        period.save(update_fields=["submitted_at", "submitted_by"])
        content_changed("reporting")  # the results page shows the submitted figures
    return period
