from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_scoping import LeadOnlyAdminMixin
from core.exports import csv_response
from core.translation_status import TranslationStatusAdminMixin
from events.models import Event, Registration
from goodpractices.models import GoodPractice
from partners.scoping import is_lead_editor

from . import services
from .figures import all_submitted, compare, record_of, submitted_by_code
from .indicators import REGISTRY, compute, missing_for_next_report
from .models import (
    IndicatorTarget,
    ManualValue,
    PolicyChange,
    ReportingPeriod,
    StatedAttendance,
    SubmittedFigure,
)


def indicator_choices(manual_only=False):
    return [(c, i.name) for c, i in REGISTRY.items() if i.manual or not manual_only]


class IndicatorTargetForm(forms.ModelForm):
    code = forms.ChoiceField(label=_("indicator"), choices=indicator_choices)

    class Meta:
        model = IndicatorTarget
        fields = ["code", "target"]


class ManualValueForm(forms.ModelForm):
    code = forms.ChoiceField(label=_("indicator"), choices=lambda: indicator_choices(True))

    class Meta:
        model = ManualValue
        fields = ["code", "period", "value", "evidence", "evidence_file"]


@admin.display(description=_("indicator"), ordering="code")
def indicator_name(obj):
    return REGISTRY[obj.code].name if obj.code in REGISTRY else obj.code


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    form = IndicatorTargetForm
    list_display = (indicator_name, "target")


@admin.register(ManualValue)
class ManualValueAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    form = ManualValueForm
    list_display = (indicator_name, "period", "value")
    list_filter = ("code", "period")
    list_select_related = ("period",)

    # A submitted period's hand-entered values are part of its frozen figures.
    def has_change_permission(self, request, obj=None):
        locked = obj is not None and obj.period.is_submitted
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and obj.period.is_submitted
        return not locked and super().has_delete_permission(request, obj)


@admin.register(PolicyChange)
class PolicyChangeAdmin(TranslationStatusAdminMixin, LeadOnlyAdminMixin, TabbedTranslationAdmin):
    list_display = (
        "title",
        "instrument",
        "improvement_type",
        "date",
        "validated_by_programme",
        "validated_on",
    )
    list_filter = ("improvement_type", "validated_by_programme")
    list_select_related = ("instrument",)
    autocomplete_fields = ("instrument",)


@admin.register(StatedAttendance)
class StatedAttendanceAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("event", "precision", "participants", "source_url")
    list_select_related = ("event",)
    autocomplete_fields = ("event",)


@admin.register(SubmittedFigure)
class SubmittedFigureAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    """The frozen figures: read only, for everyone."""

    list_display = ("period", "name", "value", "cumulative", "definition_version")
    list_filter = ("period", "code")
    list_select_related = ("period",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "kind",
        "start",
        "end",
        "partner_report_due",
        "progress_report_due",
        "submitted",
        "tools",
    )
    change_list_template = "admin/reporting/reportingperiod/change_list.html"

    @admin.display(description=_("partner report due"))
    def partner_report_due(self, obj):
        return obj.partner_report_due

    @admin.display(description=_("report submitted"), ordering="submitted_at")
    def submitted(self, obj):
        if obj.is_submitted:
            return obj.submitted_at.date()
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:reporting_period_submit", args=[obj.pk]),
            _("submit the report"),
        )

    @admin.display(description=_("tools"))
    def tools(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:reporting_period_csv", args=[obj.pk]),
            _("indicators (CSV)"),
            reverse("admin:reporting_period_evidence", args=[obj.pk]),
            _("evidence pack"),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_submitted:
            return ("number", "kind", "start", "end", "submitted_at", "submitted_by")
        return ()

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and obj.is_submitted
        return not locked and super().has_delete_permission(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="reporting_dashboard"),
            path("<int:pk>/indicators.csv", view(self.csv_view), name="reporting_period_csv"),
            path("<int:pk>/evidence/", view(self.evidence_view), name="reporting_period_evidence"),
            path("<int:pk>/submit/", view(self.submit_view), name="reporting_period_submit"),
            *super().get_urls(),
        ]

    def _lead_only(self, request):
        if not is_lead_editor(request.user):
            raise Http404

    def dashboard_view(self, request):
        self._lead_only(request)
        report = compute()
        submitted = all_submitted()
        by_code = submitted_by_code(submitted)
        differences = compare(report, submitted)
        rows = []
        for row in report.rows:
            code = row.indicator.code
            cells = [
                {
                    "period": period,
                    "value": row.per_period[index],
                    "precision": row.period_precision(index),
                    "submitted": by_code.get(code, {}).get(period.pk),
                    "difference": differences.get(code, {}).get(index),
                }
                for index, period in enumerate(report.periods)
            ]
            rows.append(
                {
                    "row": row,
                    "cells": cells,
                    "parts": report.parts(row),
                    "any_submitted": code in by_code,
                    "differences": list(differences.get(code, {}).values()),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Indicators"),
            "report": report,
            "rows": rows,
            "labels": [str(p.number) for p in report.periods],
            "missing": missing_for_next_report(),
        }
        return TemplateResponse(request, "admin/reporting/dashboard.html", context)

    def _period_figures(self, period):
        """The period's figures: as submitted (frozen) once it is, else as computed."""
        if period.is_submitted:
            return [
                {
                    "code": f.code,
                    # The frozen record is in English; the reader sees the name in the
                    # page's language while the indicator exists (its definition stays frozen).
                    "name": REGISTRY[f.code].name if f.code in REGISTRY else f.name,
                    "definition": f.definition,
                    "version": f.definition_version,
                    "kind": "",
                    "unit": f.unit,
                    "value": f.value,
                    "cumulative": f.cumulative,
                    "precision": f.precision,
                    "records": f.records,
                }
                for f in period.submitted_figures.all()
            ]
        report = compute()
        index = next(i for i, p in enumerate(report.periods) if p.pk == period.pk)
        return [
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "definition": row.indicator.definition,
                "version": row.indicator.version,
                "kind": row.indicator.kind,
                "unit": row.indicator.unit,
                "value": row.per_period[index],
                "cumulative": row.cumulative(index),
                "precision": row.cumulative_precision(index),
                "records": [record_of(item) for item in row.by_period[index]],
            }
            for row in report.rows
        ]

    def csv_view(self, request, pk):
        self._lead_only(request)
        period = get_object_or_404(ReportingPeriod, pk=pk)
        targets = dict(IndicatorTarget.objects.values_list("code", "target"))
        return csv_response(
            f"next2met-period-{period.number}-indicators.csv",
            ["code", "indicator", "kind", "period", "cumulative", "target", "unit", "version"],
            (
                [
                    figure["code"],
                    figure["name"],
                    REGISTRY[figure["code"]].kind if figure["code"] in REGISTRY else "",
                    figure["value"],
                    figure["cumulative"],
                    targets.get(figure["code"], ""),
                    figure["unit"],
                    figure["version"],
                ]
                for figure in self._period_figures(period)
            ),
        )

    def submit_view(self, request, pk):
        self._lead_only(request)
        period = get_object_or_404(ReportingPeriod, pk=pk)
        if request.method == "POST":
            try:
                services.period_submit(period_id=period.pk, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The figures of %(period)s are submitted and frozen.") % {"period": period},
                )
            return HttpResponseRedirect(reverse("admin:reporting_dashboard"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Submit the report of %(period)s") % {"period": period},
            "period": period,
            "figures": None if period.is_submitted else self._period_figures(period),
        }
        return TemplateResponse(request, "admin/reporting/submit.html", context)

    def evidence_view(self, request, pk):
        self._lead_only(request)
        period = get_object_or_404(ReportingPeriod.objects.select_related("submitted_by"), pk=pk)
        events = (
            Event.objects.filter(start__date__gte=period.start, start__date__lte=period.end)
            .exclude(status=Event.Status.DRAFT)
            .select_related("host")
            .prefetch_related("sessions", "materials")
            .order_by("start")
        )
        attended = dict(
            Registration.objects.filter(event__in=events, checked_in_at__isnull=False)
            .values_list("event")
            .annotate(n=Count("pk"))
        )
        practices = (
            GoodPractice.objects.filter(status_changes__at__date__gte=period.start)
            .filter(status_changes__at__date__lte=period.end)
            .distinct()
            .select_related("owner")
            .prefetch_related("status_changes__by")
            .order_by("title")
        )
        context = {
            "period": period,
            "figures": self._period_figures(period),
            "events": events,
            "attended": attended,
            "practices": practices,
        }
        return TemplateResponse(request, "admin/reporting/evidence_pack.html", context)
