"""The editor's home (the admin index) and the translation overview, assembled here.

Both read through the apps' scoped admins, so a partner's editor counts only its own
organisation's records. Each block is one query (or a fixed few), whatever the data.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.admin_scoping import PartnerScopedAdminMixin, is_lead_editor, owner_of
from core.models import OutboxEmail
from core.translation_status import (
    MISSING_PARAM,
    TranslationStatusAdminMixin,
    checked_fields,
    language_name,
    languages,
    missing_q,
)
from events.models import Event, Registration
from goodpractices.models import GoodPractice
from news.models import NewsPost
from reporting.indicators import MISSING_PARTNER_LOOKUPS, missing_for_next_report_querysets

UPCOMING_EVENTS = 10
REPORT_ITEMS = (
    ("events_without_attendance", _("Past events without attendance records")),
    ("practices_waiting", _("Practices not yet validated by the programme")),
    ("changes_not_validated", _("Policy changes not yet validated")),
    ("overdue_actions", _("Overdue action-plan actions")),
)


def changelist(model, **filters) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _admin(site, model, request):
    """The model's admin if the user may view its list, else None."""
    model_admin = site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        return None
    return model_admin


def _scoped(model_admin, request):
    """The model's records the user may reach, without the list's annotations."""
    queryset = model_admin.model._default_manager.all()
    if isinstance(model_admin, PartnerScopedAdminMixin):
        queryset = model_admin.scope(queryset, request)
    return queryset


def translation_rows(site, request) -> list[dict]:
    """Per translated model the user may see: per language, how many records are
    translated (see core.translation_status for the rule). One query per model."""
    codes = [code for code, _name in languages()]
    rows = []
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, TranslationStatusAdminMixin) or not checked_fields(model):
            continue
        if not model_admin.has_view_or_change_permission(request):
            continue
        any_missing = Q()
        for code in codes:
            any_missing |= missing_q(model, code)
        counts = _scoped(model_admin, request).aggregate(
            total=Count("pk"),
            incomplete=Count("pk", filter=any_missing),
            **{f"done_{code}": Count("pk", filter=~missing_q(model, code)) for code in codes},
        )
        total = counts["total"]
        cells = []
        for code in codes:
            done = counts[f"done_{code}"]
            cells.append(
                {
                    "code": code,
                    "language": language_name(code),
                    "done": done,
                    "missing": total - done,
                    "percent": round(100 * done / total) if total else 100,
                    "url": changelist(model, **{MISSING_PARAM: code}),
                }
            )
        rows.append(
            {
                "key": f"translations-{model._meta.app_label}-{model._meta.model_name}",
                "name": model._meta.verbose_name_plural,
                "url": changelist(model),
                "total": total,
                "incomplete": counts["incomplete"],
                "cells": cells,
            }
        )
    rows.sort(key=lambda row: str(row["name"]))
    return rows


def _practices(site, request):
    model_admin = _admin(site, GoodPractice, request)
    if model_admin is None:
        return None
    Status = GoodPractice.Status
    counts = _scoped(model_admin, request).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    return [
        {
            "status": label,
            "count": counts[value],
            "url": changelist(GoodPractice, status__exact=value),
        }
        for value, label in Status.choices
        if value in (Status.DRAFT, Status.SUBMITTED)
    ]


def _news(site, request):
    """Posts not yet published: the partner's to finish, the lead partner's to publish."""
    model_admin = _admin(site, NewsPost, request)
    if model_admin is None:
        return None
    Status = NewsPost.Status
    waiting = (Status.DRAFT, Status.SUBMITTED)
    counts = _scoped(model_admin, request).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in waiting}
    )
    return [
        {
            "status": label,
            "count": counts[value],
            "url": changelist(NewsPost, status__exact=value),
        }
        for value, label in Status.choices
        if value in waiting
    ]


def _events(site, request, now):
    model_admin = _admin(site, Event, request)
    if model_admin is None:
        return None
    statuses = (
        Registration.Status.CONFIRMED,
        Registration.Status.PENDING,
        Registration.Status.WAITLISTED,
    )
    short = {
        Registration.Status.CONFIRMED: _("confirmed"),
        Registration.Status.PENDING: _("pending"),
        Registration.Status.WAITLISTED: _("waitlisted"),
    }
    events = (
        _scoped(model_admin, request)
        .filter(end__gte=now)
        .exclude(status=Event.Status.CANCELLED)
        .with_registration_counts(*statuses)
        .order_by("start", "pk")[:UPCOMING_EVENTS]
    )
    rows = []
    registrations = reverse("admin:events_registration_changelist")
    for event in events:
        closes = event.registration_closes or event.start
        days_left = None
        if event.registration_enabled and closes >= now:
            days_left = (timezone.localdate(closes) - timezone.localdate(now)).days
        rows.append(
            {
                "event": event,
                "url": reverse("admin:events_event_change", args=[event.pk]),
                "registration": event.registration_enabled,
                "days_left": days_left,
                "counts": [
                    {
                        "status": status.label,
                        "short": short[status],
                        "count": getattr(event, f"n_{status.value}"),
                        "url": f"{registrations}?"
                        + urlencode({"event__id__exact": event.pk, "status__exact": status.value}),
                    }
                    for status in statuses
                ],
            }
        )
    return rows


def _failed_emails(site, request):
    model_admin = _admin(site, OutboxEmail, request)
    if model_admin is None:
        return None
    status = OutboxEmail.Status.FAILED
    return {
        "count": _scoped(model_admin, request).filter(status=status).count(),
        "url": changelist(OutboxEmail, status__exact=status),
    }


def _report(partner, lead, today, now):
    """The next reporting deadline and what is missing for it (the dashboard's lists,
    counted); a partner's editor gets its own organisation's part only."""
    missing = missing_for_next_report_querysets(now)
    period = missing["next_period"]
    counts = {}
    for key, _label in REPORT_ITEMS:
        queryset = missing[key]
        if not lead:
            queryset = queryset.filter(**{MISSING_PARTNER_LOOKUPS[key]: partner})
        counts[key] = queryset.count()
    due = None
    if period is not None:
        due = period.progress_report_due if lead else period.partner_report_due
        if due < today:  # a partner report already past: the progress report is next
            due = period.progress_report_due
    return {
        "period": period,
        "due": due,
        "days_left": (due - today).days if due else None,
        "items": [(label, counts[key]) for key, label in REPORT_ITEMS],
        "dashboard": reverse("admin:reporting_dashboard") if lead else None,
    }


def home_context(site, request, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    user = request.user
    lead = is_lead_editor(user)
    partner = None if lead else owner_of(user)
    if not lead and partner is None:
        return {"needs_you": None}
    translations = translation_rows(site, request)
    return {
        "needs_you": {
            "lead": lead,
            "partner": partner,
            "practices": _practices(site, request),
            "news": _news(site, request),
            "events": _events(site, request, now),
            "failed_emails": _failed_emails(site, request),
            "translations": [row for row in translations if row["incomplete"]],
            "overview_url": reverse("admin:translations"),
            "report": _report(partner, lead, timezone.localdate(now), now),
        }
    }
