from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagecache import cached_page
from goodpractices.models import GoodPractice, TransferInterest

from .indicators import INDICATORS, compute
from .models import PolicyChange

# What the portal computes itself; hand-entered figures stay in the admin.
SHOWN = [code for code, indicator in INDICATORS.items() if not indicator.manual]


@require_GET
@cached_page
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
