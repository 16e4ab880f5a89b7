from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagecache import cached_page
from events.models import Event
from goodpractices.models import GoodPractice, TransferInterest

from .figures import figures_from_report, figures_submitted, last_submitted_period
from .indicators import compute
from .models import PolicyChange, StatedAttendance


@require_GET
@cached_page
def results(request):
    # What was reported to the programme, once a period's report has been submitted;
    # until then, what the records give today.
    period = last_submitted_period()
    figures = figures_submitted(period) if period else figures_from_report(compute())
    transfers = (
        TransferInterest.objects.filter(
            stage=TransferInterest.Stage.TRANSFERRED,
            practice__status__in=GoodPractice.PUBLISHED_STATES,
        )
        .select_related("practice__owner", "partner")
        .order_by("practice__owner__order", "pk")
    )
    changes = (
        PolicyChange.objects.validated()
        .select_related("instrument__partner")
        .order_by("validated_on", "date", "pk")
    )
    attendance = StatedAttendance.objects.filter(
        event__status=Event.Status.PUBLISHED
    ).select_related("event")
    return render(
        request,
        "reporting/results.html",
        {
            "figures": figures,
            "submitted_period": period,
            "transfers": transfers,
            "changes": changes,
            "attendance": attendance,
        },
    )
