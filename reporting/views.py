from django.shortcuts import render
from django.views.decorators.http import require_GET

from goodpractices.models import GoodPractice, TransferInterest

from .indicators import compute
from .models import PolicyChange

SHOWN = [
    "events_interregional",
    "events_regional",
    "practices_identified",
    "practices_validated",
    "action_plans",
    "people_staff",
    "people_stakeholders",
    "instruments_sf",
    "instruments_other",
    "funds_sf",
    "funds_other",
]


@require_GET
def results(request):
    report = compute()
    transfers = (
        TransferInterest.objects.filter(
            stage=TransferInterest.Stage.TRANSFERRED,
            practice__status__in=GoodPractice.PUBLISHED_STATES,
        )
        .select_related("practice__owner", "partner")
        .order_by("practice__owner__order", "pk")
    )
    changes = PolicyChange.objects.select_related("instrument__partner").order_by("date", "pk")
    return render(
        request,
        "reporting/results.html",
        {
            "figures": [report.row(code) for code in SHOWN],
            "transfers": transfers,
            "changes": changes,
        },
    )
