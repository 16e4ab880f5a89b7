from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_scoping import PartnerScopedAdminMixin, translated_fields
from core.translation_status import TranslationStatusAdminMixin
from events.models import Event
from goodpractices.models import GoodPractice
from partners.scoping import is_lead_editor

from . import services
from .models import RICH_TEXT_HELP, NewsPost


@admin.register(NewsPost)
class NewsPostAdmin(TranslationStatusAdminMixin, PartnerScopedAdminMixin, TabbedTranslationAdmin):
    partner_lookup = "partner"
    lead_only_fields = ("partner",)
    list_display = ("title_in_any_language", "partner", "date", "status", "updated_at")
    list_filter = ("status", "partner")
    list_select_related = ("partner",)
    search_fields = translated_fields("title", "lead")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "date"
    actions = ["publish", "submit"]
    fieldsets = [
        (None, {"fields": ("title", "slug", "lead", "date", "partner", "status")}),
        (_("Text"), {"fields": ("body",), "description": RICH_TEXT_HELP}),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Related"), {"fields": ("event", "practices")}),
    ]

    @admin.display(description=_("title"), ordering="title")
    def title_in_any_language(self, post):
        return str(post)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        status = form.base_fields.get("status")
        if status is not None:
            # Partner staff draft and submit; only the lead partner publishes.
            allowed = services.allowed_statuses(request.user, obj)
            status.choices = [(v, label) for v, label in NewsPost.Status.choices if v in allowed]
            status.help_text = (
                ""
                if is_lead_editor(request.user)
                else _("The lead partner reviews submitted posts and publishes them.")
            )
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            # Any public event of the project, whoever hosted it.
            kwargs["queryset"] = Event.objects.public().order_by("-start")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "practices":
            # Any published practice, whoever owns it.
            kwargs["queryset"] = GoodPractice.objects.published().order_by("title")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # The body may be written in any one language (the model's clean() asks for one).
        if field is not None and getattr(db_field, "translated_field", None) is not None:
            if db_field.translated_field.name in ("body", "image_alt"):
                field.required = False
        if db_field.name == "date" and field is not None:
            # Django adds a hidden copy of a callable default, carrying the help text's
            # aria-describedby, which is invalid on a hidden input.
            field.show_hidden_initial = False
        return field

    def has_change_permission(self, request, obj=None):
        # A published post is read-only for partner staff: the lead partner approved it.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or services.may_edit(request.user, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_lead_editor(request.user):
            actions.pop("publish", None)
        return actions

    def _set_status(self, request, queryset, status):
        done = 0
        for post in queryset.order_by("pk"):
            if post.status == status:
                continue
            try:
                services.newspost_set_status(post=post, status=status, user=request.user)
            except PermissionDenied:
                continue
            done += 1
        return done

    @admin.action(description=_("Publish selected posts"))
    def publish(self, request, queryset):
        done = self._set_status(request, queryset, NewsPost.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext("%(count)s post published.", "%(count)s posts published.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Submit selected drafts for publication"))
    def submit(self, request, queryset):
        done = self._set_status(
            request, queryset.filter(status=NewsPost.Status.DRAFT), NewsPost.Status.SUBMITTED
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s post submitted for publication.",
                "%(count)s posts submitted for publication.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )
