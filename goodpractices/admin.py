from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
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
from events.models import Event
from partners.models import Action
from partners.scoping import is_lead_editor, partner_of

from . import services
from .models import (
    RICH_TEXT_HELP,
    GlossaryTerm,
    GoodPractice,
    GoodPracticeAttachment,
    GoodPracticeImage,
    StatusChange,
    Theme,
    TransferInterest,
)


@admin.register(Theme)
class ThemeAdmin(TranslationStatusAdminMixin, LeadOnlyAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = translated_fields("name")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TranslationStatusAdminMixin, LeadOnlyAdminMixin, TabbedTranslationAdmin):
    """The terms a reader's search is widened with, across the eight languages
    (goodpractices.glossary); a change shows in the next search."""

    list_display = ("term", "slug")
    search_fields = ("slug", *translated_fields("term"), *translated_fields("other_forms"))
    prepopulated_fields = {"slug": ("term",)}


class ImageInline(PartnerScopedInlineMixin, TranslationStackedInline):
    model = GoodPracticeImage
    extra = 0
    fields = ("image", "alt_text", "caption", "order")


class AttachmentInline(NamedRowsInlineMixin, PartnerScopedInlineMixin, TranslationTabularInline):
    model = GoodPracticeAttachment
    extra = 0
    fields = ("title", "file", "order")


class StatusChangeInline(NamedRowsInlineMixin, admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    verbose_name_plural = _("validation history")
    fields = ("at", "from_status", "to_status", "by", "reason", "notified_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("emails")

    @admin.display(description=_("owner notified"))
    def notified_at(self, change):
        """When the last notice to the owner's staff went out (the outbox has the rest)."""
        sent = [email.sent_at for email in change.emails.all() if email.sent_at]
        return max(sent) if sent else None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusForm(forms.Form):
    target = forms.ChoiceField(label=_("Next step"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason or note for the owner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when declining; sent to the owner by email."),
    )
    # Offered only when one of the next steps asks for it (services.PROGRAMME_URL_STEPS);
    # the service checks it and says so next to the field.
    programme_url = forms.URLField(
        label=_("Address of the practice in the Policy Learning Platform database"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text=_(
            "Required to record the entry in the database; a page on "
            "https://www.interregeurope.eu/, such as "
            "https://www.interregeurope.eu/good-practices/…"
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = choices
        if not any(target in services.PROGRAMME_URL_STEPS for target, _label in choices):
            del self.fields["programme_url"]


class GoodPracticeAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        titles = [name for name in self.fields if name.startswith("title_")]
        if titles and not any(cleaned.get(name) for name in titles):
            raise forms.ValidationError(
                _("Give the practice a title in at least one language."), code="no_title"
            )
        return cleaned


@admin.register(GoodPractice)
class GoodPracticeAdmin(
    TranslationStatusAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin
):
    partner_lookup = "owner"
    lead_only_fields = ("owner",)
    form = GoodPracticeAdminForm
    list_display = ("title_in_any_language", "owner", "country", "status", "updated_at")
    list_filter = ("status", "themes", "owner", "country")
    list_select_related = ("owner",)
    search_fields = translated_fields("title", "summary", "main_institution", "city")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("status", "decline_reason", "published_at")
    inlines = [ImageInline, AttachmentInline, StatusChangeInline]
    change_form_template = "admin/goodpractices/goodpractice/change_form.html"
    fieldsets = [
        (None, {"fields": ("title", "slug", "summary", "owner", "themes")}),
        (
            _("Validation"),
            {"fields": ("status", "decline_reason", "published_at", "programme_url")},
        ),
        (
            _("Location"),
            {"fields": ("country", "nuts_code", "region", "city", "main_institution", "contact")},
        ),
        (_("Timescale"), {"fields": (("start_date", "end_date"),)}),
        (
            _("The practice"),
            {
                "fields": (
                    "description",
                    "resources_needed",
                    "evidence_of_success",
                    "difficulties",
                    "potential_for_transfer",
                    "ris3_sectors",
                    "presented_at",
                ),
                "description": RICH_TEXT_HELP,
            },
        ),
    ]

    @admin.display(description=_("title"), ordering="title")
    def title_in_any_language(self, practice):
        return str(practice)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A partner drafts in its own language only: no language is required here, and
        # English is asked for at approval (services.transition).
        if field is not None and getattr(db_field, "translated_field", None) is not None:
            field.required = False
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "presented_at":
            # Any public event of the project, whoever hosted it.
            kwargs["queryset"] = Event.objects.public().order_by("start")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # After approval, partner staff see the practice read-only until they send it
        # back to review (the "validation path" page).
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_edit(request.user, obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            StatusChange.objects.create(practice=obj, to_status=obj.status, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context["status_url"] = reverse(
                "admin:goodpractices_goodpractice_status", args=[obj.pk]
            )
            extra_context["has_next_steps"] = bool(services.allowed_transitions(request.user, obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="goodpractices_goodpractice_status",
            ),
            *super().get_urls(),
        ]

    def status_view(self, request, object_id):
        practice = self.get_object(request, unquote(object_id))
        if practice is None or not self.has_view_permission(request, practice):
            raise Http404
        targets = services.allowed_transitions(request.user, practice)
        choices = [(t, services.action_label(practice, t)) for t in targets]
        form = StatusForm(
            request.POST or None,
            choices=choices,
            initial={"programme_url": practice.programme_url},
        )
        if request.method == "POST" and form.is_valid():
            try:
                change = services.transition(
                    practice.pk,
                    form.cleaned_data["target"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    programme_url=form.cleaned_data.get("programme_url", ""),
                )
            except PermissionDenied as error:
                form.add_error("target", str(error))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field, errors)
                else:
                    form.add_error("target", error.messages)
            else:
                practice.refresh_from_db()
                messages.success(
                    request,
                    _("“%(title)s” is now: %(status)s.")
                    % {"title": practice.title, "status": practice.get_status_display()},
                )
                told = change.emails.count()
                messages.info(
                    request,
                    ngettext(
                        "%(count)s person is told by email.",
                        "%(count)s people are told by email.",
                        told,
                    )
                    % {"count": told},
                )
                return redirect("admin:goodpractices_goodpractice_change", practice.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "practice": practice,
            "title": _("Validation path"),
            "form": form,
            "history": practice.status_changes.select_related("by"),
            "who_is_told": services.status_notice_description(practice),
            "steps": GoodPractice.Status.choices,
        }
        return TemplateResponse(request, "admin/goodpractices/goodpractice/status.html", context)


@admin.register(TransferInterest)
class TransferInterestAdmin(PartnerScopedAdminMixin, TabbedTranslationAdmin):
    partner_lookup = "partner"
    lead_only_fields = ("partner",)
    list_display = ("practice", "source", "partner", "stage", "date", "action")
    list_filter = ("stage", "partner")
    list_select_related = ("practice__owner", "partner", "action")
    search_fields = [
        *translated_fields("notes"),
        *(f"practice__{name}" for name in translated_fields("title")),
    ]
    fields = ("practice", "partner", "stage", "date", "action", "notes")

    @admin.display(description=_("source region"), ordering="practice__owner")
    def source(self, obj):
        return obj.practice.owner

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "practice":
            # A region takes up other regions' published practices.
            practices = GoodPractice.objects.select_related("owner").order_by("title")
            if not is_lead_editor(request.user):
                practices = practices.published().exclude(owner=partner_of(request.user))
            kwargs["queryset"] = practices
        if db_field.name == "action":
            actions = Action.objects.select_related("action_plan__instrument__partner")
            if not is_lead_editor(request.user):
                actions = actions.filter(action_plan__instrument__partner=partner_of(request.user))
            kwargs["queryset"] = actions
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
