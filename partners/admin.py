from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import get_language, ngettext
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
    is_lead_editor,
    translated_fields,
)
from core.translation_status import TranslationStatusAdminMixin

from . import services
from .forms import EditorInvitationForm
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
    list_display = ("user", "partner", "password_chosen")
    list_select_related = ("user", "partner")
    autocomplete_fields = ("user", "partner")
    search_fields = ("user__username", "user__email", *translated_fields("partner__name"))
    actions = ["invite_again"]

    @admin.display(description=_("password chosen"), boolean=True)
    def password_chosen(self, staff):
        return staff.user.has_usable_password()

    def get_urls(self):
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="partners_partnerstaff_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request):
        """The lead partner invites a new editor: an account without a password, and an
        email with a link to choose one (``services.editor_invite``)."""
        if not is_lead_editor(request.user):
            raise PermissionDenied
        form = EditorInvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            user = services.editor_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                partner=data["partner"],
                language=data["language"],
            )
            self.message_user(
                request,
                _("The invitation to %(email)s is on its way.") % {"email": user.email},
                messages.SUCCESS,
            )
            return redirect("admin:partners_partnerstaff_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Invite an editor"),
            "form": form,
            "timeout_days": settings.INVITE_TIMEOUT_DAYS,
        }
        return TemplateResponse(
            request,
            "admin/partners/partnerstaff/invite.html",
            context,
            status=400 if request.method == "POST" else 200,
        )

    @admin.action(description=_("Send a new invitation (to those without a password)"))
    def invite_again(self, request, queryset):
        if not is_lead_editor(request.user):
            raise PermissionDenied
        sent = sum(
            services.editor_invite_again(user=staff.user, language=get_language() or "en")
            for staff in queryset.select_related("user")
        )
        skipped = queryset.count() - sent
        self.message_user(
            request,
            ngettext(
                "%(count)d new invitation is on its way.",
                "%(count)d new invitations are on their way.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person already has a password: no invitation was sent.",
                    "%(count)d people already have a password: no invitation was sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
