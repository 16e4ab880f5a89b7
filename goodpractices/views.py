import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import F, Max, Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core import uploads
from core.exports import csv_response
from core.pagecache import attach_cards, cached_page
from core.richtext import plain_text
from events.models import Event
from partners.models import Partner

from .filters import GoodPracticeFilter
from .models import RICH_TEXT_FIELDS, GoodPractice, GoodPracticeAttachment, TransferInterest
from .search import languages
from .translation import GoodPracticeTranslation

PAGE_SIZE = 20
# Matches from which a ranked search's page is ranked in a subquery (see _Paginator).
RANK_IN_SUBQUERY_FROM = 1000
# What the library's pages show: practices, their partners, the events they were shown at.
LIBRARY = ("goodpractices", "partners", "events")


class _Paginator(Paginator):
    """The library's pages. A page of a ranked search with many matches is ranked in a
    subquery that keeps only the page's ids: each match's rank is still computed (it
    needs its search vector), but the wide rows (every language's text) and their owners
    are read for the page's 20 only, not for every match of a common word (5,500 at the
    bench's scale: 80 ms → 33 ms). With few matches the longer query costs more to build
    than it saves."""

    def _get_page(self, object_list, *args, **kwargs):
        if (
            isinstance(object_list, QuerySet)
            and "rank" in object_list.query.annotations
            and self.count > RANK_IN_SUBQUERY_FROM
        ):
            object_list = self.object_list.filter(pk__in=object_list.values("pk"))
        return super()._get_page(object_list, *args, **kwargs)


def published():
    return GoodPractice.objects.published().select_related("owner")


@require_GET
@cached_page(params=set(GoodPracticeFilter.base_filters) | {"page"}, scopes=LIBRARY)
def practice_list(request):
    filterset = GoodPracticeFilter(
        request.GET or None,
        queryset=GoodPractice.objects.published().for_cards().prefetch_related("themes"),
    )
    paginator = _Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # The filters without the page, to build the pagination links.
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "goodpractices/goodpractice_list.html",
        {
            "filter": filterset,
            # As `form` too: base.html prefixes the title when it has errors.
            "form": filterset.form,
            "page_obj": page,
            "practices": attach_cards(
                request,
                page.object_list,
                "goodpractices/includes/practice_card.html",
                LIBRARY,
                name="practice",
                extra=timezone.localdate(),  # "ongoing"
            ),
            "query_string": params.urlencode(),
            "filtered": bool(params),
        },
    )


@require_GET
def document_download(request, pk):
    """A published practice's document, named after its title in the page's language."""
    document = get_object_or_404(
        GoodPracticeAttachment.objects.filter(practice__in=GoodPractice.objects.published()),
        pk=pk,
    )
    return uploads.download_response(document.file, title=document.title)


@require_GET
@cached_page(scopes=LIBRARY)
def practice_detail(request, slug):
    transfers = TransferInterest.objects.select_related(
        "partner", "action__action_plan__instrument"
    ).order_by("stage", "date", "pk")
    practice = get_object_or_404(
        published()
        .defer("search_text", "search_vector")
        .prefetch_related(
            "themes",
            "images",
            "attachments",
            Prefetch("transfers", queryset=transfers),
            "presented_at",
        ),
        slug=slug,
    )
    theme_ids = [theme.pk for theme in practice.themes.all()]
    # A subquery rather than a join and DISTINCT over whole rows, and the order of the
    # gp_published_newest index, so the newest three are read from the index.
    sharing_a_theme = GoodPractice.themes.through.objects.filter(theme__in=theme_ids).values(
        "goodpractice"
    )
    related = (
        GoodPractice.objects.published()
        .for_cards()
        .filter(pk__in=sharing_a_theme)
        .exclude(pk=practice.pk)
        .order_by("-published_at", "-pk")[:3]
        if theme_ids
        else []
    )
    return render(
        request,
        "goodpractices/goodpractice_detail.html",
        {
            "practice": practice,
            "related": related,
            "transfers": practice.transfers.all(),
            "events": [e for e in practice.presented_at.all() if e.status != Event.Status.DRAFT],
        },
    )


@require_GET
@cached_page(scopes=LIBRARY)
def transfer_matrix(request):
    """Source region × learning region: the furthest stage reached, and the practices."""
    steps = (
        TransferInterest.objects.filter(practice__status__in=GoodPractice.PUBLISHED_STATES)
        .values("practice__owner", "partner", "practice")
        .annotate(stage=Max("stage"))
        .order_by()
    )
    cells = {}
    for step in steps:
        key = (step["practice__owner"], step["partner"])
        cell = cells.setdefault(key, {"stage": 0, "count": 0})
        cell["stage"] = max(cell["stage"], step["stage"])
        cell["count"] += 1
    partner_ids = {pk for key in cells for pk in key}
    partners = list(Partner.objects.filter(pk__in=partner_ids).order_by("order", "slug"))
    stages = dict(TransferInterest.Stage.choices)
    rows = [
        {
            "source": source,
            "cells": [
                {
                    "learner": learner,
                    "stage": stages.get(cells[(source.pk, learner.pk)]["stage"]),
                    "count": cells[(source.pk, learner.pk)]["count"],
                }
                if (source.pk, learner.pk) in cells
                else None
                for learner in partners
            ],
        }
        for source in partners
    ]
    recent = (
        TransferInterest.objects.filter(practice__status__in=GoodPractice.PUBLISHED_STATES)
        .select_related("practice__owner", "partner", "action")
        .order_by(F("date").desc(nulls_last=True), "-stage", "-pk")[:20]
    )
    return render(
        request,
        "goodpractices/transfer_matrix.html",
        {"partners": partners, "rows": rows, "recent": recent},
    )


# --- open data ------------------------------------------------------------------------
# Every translated field, in each language.
EXPORT_FIELDS = GoodPracticeTranslation.fields


def _iso(value) -> str:
    """A date or time in ISO 8601, or empty when the field is empty (every date is optional)."""
    return value.isoformat() if value else ""


def _export_rows():
    for practice in published().prefetch_related("themes").order_by("pk"):
        row = {
            "slug": practice.slug,
            "url": settings.PORTAL_BASE_URL.rstrip("/") + practice.get_absolute_url(),
            "status": practice.status,
            "owner": practice.owner.slug,
            "country": practice.country.code or "",
            "nuts_code": practice.nuts_code or "",
            "start_date": _iso(practice.start_date),
            "end_date": _iso(practice.end_date),
            "themes": [theme.slug for theme in practice.themes.all()],
            "programme_url": practice.programme_url or "",
            "published_at": _iso(practice.published_at),
        }
        for field in EXPORT_FIELDS:
            for language in languages():
                value = getattr(practice, f"{field}_{language}") or ""
                row[f"{field}_{language}"] = (
                    plain_text(value) if field in RICH_TEXT_FIELDS else value
                )
        yield row


@require_GET
@cached_page(scopes=LIBRARY)
def export_json(request):
    response = HttpResponse(
        json.dumps(
            {
                "source": settings.PORTAL_BASE_URL,
                "generated_at": timezone.now().isoformat(),
                "practices": list(_export_rows()),
            },
            ensure_ascii=False,
        ),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="next2met-good-practices.json"'
    return response


@require_GET
@cached_page(scopes=LIBRARY)
def export_csv(request):
    rows = list(_export_rows())
    header = list(rows[0]) if rows else ["slug"]
    return csv_response(
        "next2met-good-practices.csv",
        header,
        ([";".join(r[k]) if k == "themes" else r[k] for k in header] for r in rows),
    )


class LatestPracticesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Next2Met: newly published good practices")
    subtitle = _("Good practices of regions next to a metropolis, as they are published.")

    def link(self):
        return reverse("goodpractices:list")

    def items(self):
        return published().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.owner.name
