from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.admin_a11y import NamedRowsInlineMixin
from core.admin_scoping import (
    LeadOnlyAdminMixin,
    PartnerScopedAdminMixin,
    PartnerScopedInlineMixin,
    translated_fields,
)
from core.translation_status import TranslationStatusAdminMixin

from .models import (
    Action,
    ActionPlan,
    ContactPerson,
    LineOfAction,
    Partner,
    PartnerStaff,
    PolicyInstrument,
    Project,
    ProjectLink,
    ProjectPhase,
    StakeholderOrganisation,
)


class PhaseInline(TranslationStackedInline):
    model = ProjectPhase
    extra = 0


class LineOfActionInline(TranslationStackedInline):
    model = LineOfAction
    extra = 0


class ProjectLinkInline(NamedRowsInlineMixin, TranslationTabularInline):
    model = ProjectLink
    extra = 0


@admin.register(Project)
class ProjectAdmin(TranslationStatusAdminMixin, LeadOnlyAdminMixin, TabbedTranslationAdmin):
    list_display = ("acronym", "name", "start_date", "planned_end_date", "actual_end_date")
    inlines = [LineOfActionInline, PhaseInline, ProjectLinkInline]
    fieldsets = [
        (None, {"fields": ("name", "acronym", "programme", "call", "budget_eur", "website")}),
        (_("Dates"), {"fields": ("start_date", "planned_end_date", "actual_end_date")}),
        (_("Texts"), {"fields": ("summary", "challenge", "outlook")}),
    ]

    def has_add_permission(self, request):
        # One project, one row.
        return super().has_add_permission(request) and not Project.objects.exists()


class ContactPersonInline(NamedRowsInlineMixin, PartnerScopedInlineMixin, TranslationTabularInline):
    model = ContactPerson
    extra = 0
    fields = ("name", "role", "email", "phone", "order")


@admin.register(Partner)
class PartnerAdmin(TranslationStatusAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin):
    partner_lookup = "pk"
    inlines = [ContactPersonInline]
    lead_only_fields = (
        "slug",
        "role",
        "role_start",
        "role_end",
        "role_dates_confirmed",
        "replaces",
        "order",
    )
    list_display = ("name", "short_name", "role", "country", "nuts_code", "role_start", "role_end")
    list_filter = ("role", "country")
    list_select_related = ("replaces",)
    search_fields = [*translated_fields("name", "region", "description"), "short_name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("replaces",)
    fieldsets = [
        (None, {"fields": ("name", "short_name", "slug", "description")}),
        (
            _("Where"),
            {"fields": ("country", "region", "nuts_code", ("latitude", "longitude"), "website")},
        ),
        (_("Logo"), {"fields": ("logo", "logo_alt")}),
        (
            _("Role in the project"),
            {
                "fields": (
                    "role",
                    ("role_start", "role_end"),
                    "role_dates_confirmed",
                    "replaces",
                    "order",
                )
            },
        ),
    ]

    def has_add_permission(self, request):
        # Partners join the project by decision of the lead partner.
        return self.is_lead(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.is_lead(request) and super().has_delete_permission(request, obj)


class StakeholderInline(NamedRowsInlineMixin, PartnerScopedInlineMixin, TranslationTabularInline):
    model = StakeholderOrganisation
    extra = 0


@admin.register(PolicyInstrument)
class PolicyInstrumentAdmin(
    TranslationStatusAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin
):
    partner_lookup = "partner"
    list_display = ("title", "partner", "kind", "details_confirmed")
    list_filter = ("kind", "details_confirmed", "partner")
    list_select_related = ("partner",)
    search_fields = translated_fields("title", "managing_authority", "description")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("partner",)
    inlines = [StakeholderInline]
    fieldsets = [
        (None, {"fields": ("partner", "title", "slug", "kind", "managing_authority", "url")}),
        (None, {"fields": ("description",)}),
        (_("Editors only"), {"fields": ("details_confirmed", "source_note")}),
    ]


class ActionInline(PartnerScopedInlineMixin, TranslationStackedInline):
    model = Action
    extra = 0
    fields = (
        "order",
        "title",
        "description",
        "players",
        ("start_date", "end_date"),
        "cost_eur",
        "funding",
        "status",
    )


@admin.register(ActionPlan)
class ActionPlanAdmin(TranslationStatusAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin):
    partner_lookup = "instrument__partner"
    list_display = ("title", "instrument", "status")
    list_filter = ("status",)
    list_select_related = ("instrument",)
    search_fields = translated_fields("title", "summary")
    autocomplete_fields = ("instrument",)
    inlines = [ActionInline]


@admin.register(PartnerStaff)
class PartnerStaffAdmin(LeadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "partner")
    list_select_related = ("user", "partner")
    autocomplete_fields = ("user", "partner")
    search_fields = ("user__username", "user__email", *translated_fields("partner__name"))
