from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_scoping import LeadOnlyAdminMixin
from core.exports import csv_response
from events.models import Event, Registration
from goodpractices.models import GoodPractice
from partners.scoping import is_lead_editor

from .indicators import INDICATORS, compute, missing_for_next_report
from .models import IndicatorTarget, ManualValue, PolicyChange, ReportingPeriod


def indicator_choices(manual_only=False):
    return [(c, i.label) for c, i in INDICATORS.items() if i.manual or not manual_only]


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


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    form = IndicatorTargetForm
    list_display = ("__str__", "target")


@admin.register(ManualValue)
class ManualValueAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    form = ManualValueForm
    list_display = ("code", "period", "value")
    list_filter = ("code", "period")


@admin.register(PolicyChange)
class PolicyChangeAdmin(LeadOnlyAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "instrument", "improvement_type", "date", "validated_by_programme")
    list_filter = ("improvement_type", "validated_by_programme")
    list_select_related = ("instrument",)
    autocomplete_fields = ("instrument",)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "kind",
        "start",
        "end",
        "partner_report_due",
        "progress_report_due",
        "tools",
    )
    change_list_template = "admin/reporting/reportingperiod/change_list.html"

    @admin.display(description=_("partner report due"))
    def partner_report_due(self, obj):
        return obj.partner_report_due

    @admin.display(description=_("tools"))
    def tools(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:reporting_period_csv", args=[obj.pk]),
            _("indicators (CSV)"),
            reverse("admin:reporting_period_evidence", args=[obj.pk]),
            _("evidence pack"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="reporting_dashboard"),
            path("<int:pk>/indicators.csv", view(self.csv_view), name="reporting_period_csv"),
            path("<int:pk>/evidence/", view(self.evidence_view), name="reporting_period_evidence"),
            *super().get_urls(),
        ]

    def _lead_only(self, request):
        if not is_lead_editor(request.user):
            raise Http404

    def dashboard_view(self, request):
        self._lead_only(request)
        report = compute()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Indicators"),
            "report": report,
            "labels": [str(p.number) for p in report.periods],
            "missing": missing_for_next_report(),
        }
        return TemplateResponse(request, "admin/reporting/dashboard.html", context)

    def csv_view(self, request, pk):
        self._lead_only(request)
        report = compute()
        index = next((i for i, p in enumerate(report.periods) if p.pk == pk), None)
        if index is None:
            raise Http404
        period = report.periods[index]
        return csv_response(
            f"next2met-period-{period.number}-indicators.csv",
            ["code", "indicator", "kind", "period", "cumulative", "target", "unit"],
            (
                [
                    row.indicator.code,
                    row.indicator.label,
                    row.indicator.kind,
                    row.per_period[index],
                    row.cumulative(index),
                    row.target if row.target is not None else "",
                    row.indicator.unit,
                ]
                for row in report.rows
            ),
        )

    def evidence_view(self, request, pk):
        self._lead_only(request)
        period = get_object_or_404(ReportingPeriod, pk=pk)
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
            "events": events,
            "attended": attended,
            "practices": practices,
        }
        return TemplateResponse(request, "admin/reporting/evidence_pack.html", context)
