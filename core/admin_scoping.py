"""Partner-scoped editing in the admin, written once for every app: the mechanism.

The rule (who is a lead editor, which partner a user works for) belongs to the
partners app, which installs it with ``use_rule`` when it is ready; core imports no app.

Lead-partner staff (and superusers) edit everything. Any other staff user is linked
to one partner (``partners.PartnerStaff``) and sees and edits only the records that
belong to it: in change lists, change and delete views (an object outside the scope
is "not found"), history, bulk actions, foreign-key choices and autocomplete.

A ModelAdmin says how its model reaches its owner with ``partner_lookup``:
``"pk"`` for Partner itself, ``"partner"`` for a direct foreign key, or a path such as
``"action_plan__instrument__partner"``.
"""

from django.conf import settings
from django.contrib.admin import RelatedFieldListFilter, widgets
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class ScopingRule:
    """Who may edit what: filled in by the app that owns the rule (``use_rule``)."""

    def __init__(self):
        self.is_lead_editor = None
        self.owner_of = None


_rule = ScopingRule()


def use_rule(*, is_lead_editor, owner_of) -> None:
    """Install the rule: ``is_lead_editor(user) -> bool`` (may edit everything) and
    ``owner_of(user)`` (the owner record whose content the user edits, or None)."""
    _rule.is_lead_editor = is_lead_editor
    _rule.owner_of = owner_of


def is_lead_editor(user) -> bool:
    if _rule.is_lead_editor is None:
        raise ImproperlyConfigured("No scoping rule: call core.admin_scoping.use_rule().")
    return _rule.is_lead_editor(user)


def owner_of(user):
    if _rule.owner_of is None:
        raise ImproperlyConfigured("No scoping rule: call core.admin_scoping.use_rule().")
    return _rule.owner_of(user)


def translated_fields(*names: str) -> list[str]:
    """``("title",)`` -> ``["title_en", "title_fi", ...]``: admin search in every language.

    modeltranslation would otherwise search only the admin user's active language.
    """
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


def scope_foreign_key_choices(admin_site, db_field, request, kwargs):
    """Offer only reachable rows: the related model's own scoped admin decides."""
    if is_lead_editor(request.user) or "queryset" in kwargs:
        return
    related_admin = admin_site._registry.get(db_field.related_model)
    if isinstance(related_admin, PartnerScopedAdminMixin):
        kwargs["queryset"] = related_admin.scope(
            db_field.related_model._default_manager.all(), request
        )


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's, made valid HTML: the empty ``<option>`` gets a text, and a required
    select gets one too (its first option must be empty, not the selected record).

    Select2 still shows its (empty) placeholder for it.
    """

    def create_option(self, name, value, label, *args, **kwargs):
        return super().create_option(
            name, value, label if value != "" else "---------", *args, **kwargs
        )

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if self.is_required and not (options and options[0]["value"] == ""):
            options.insert(0, self.create_option(name, "", "", False, 0))
        return groups


class AdminSplitDateTime(widgets.AdminSplitDateTime):
    """Django's date and time inputs, each with an accessible name (the field's label
    points at neither of them)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Date")
        self.widgets[1].attrs["aria-label"] = _("Time")


def valid_autocomplete_widget(model_admin, db_field, request, kwargs):
    if "widget" not in kwargs and db_field.name in model_admin.get_autocomplete_fields(request):
        kwargs["widget"] = AutocompleteSelect(db_field, model_admin.admin_site)


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A list filter by a related record that offers only the records the user may
    reach (Django's lists every row, other partners' drafts included)."""

    def field_choices(self, field, request, model_admin):
        related_admin = model_admin.admin_site._registry.get(field.related_model)
        if is_lead_editor(request.user) or not isinstance(related_admin, PartnerScopedAdminMixin):
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin) or ()
        rows = related_admin.scope(field.related_model._default_manager.all(), request)
        return [(row.pk, str(row)) for row in rows.order_by(*ordering)]


class PartnerScopedAdminMixin:
    partner_lookup = "partner"
    # Fields only lead-partner staff may change (ownership, workflow, dates of the role).
    lead_only_fields: tuple[str, ...] = ()

    # --- who is asking ------------------------------------------------------
    def is_lead(self, request) -> bool:
        return is_lead_editor(request.user)

    def own_partner(self, request):
        return owner_of(request.user)

    def scope(self, queryset, request):
        """Restrict ``queryset`` (of this admin's model) to what the user may reach."""
        if self.is_lead(request):
            return queryset
        partner = self.own_partner(request)
        if partner is None:
            return queryset.none()
        if self.partner_lookup == "pk":
            return queryset.filter(pk=partner.pk)
        return queryset.filter(**{self.partner_lookup: partner})

    # --- Django admin hooks -------------------------------------------------
    def get_queryset(self, request):
        # The change, delete and history views look objects up through this, so an
        # object of another partner is simply "not found" there.
        return self.scope(super().get_queryset(request), request)

    def _may_reach(self, request, obj) -> bool:
        if obj is None or self.is_lead(request):
            return True
        return self.scope(self.model._default_manager.filter(pk=obj.pk), request).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_reach(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_reach(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_reach(request, obj)

    def has_add_permission(self, request, *args):
        if not self.is_lead(request) and self.own_partner(request) is None:
            return False
        return super().has_add_permission(request, *args)

    def has_module_permission(self, request):
        if not self.is_lead(request) and self.own_partner(request) is None:
            return False
        return super().has_module_permission(request)

    def get_list_filter(self, request):
        # Filters by a related record offer only the records the user may reach.
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)
                if field.is_relation and field.many_to_one:
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.is_lead(request):
            readonly += [f for f in self.lead_only_fields if f not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        readonly = set(self.get_readonly_fields(request, obj))
        fields = super().get_prepopulated_fields(request, obj)
        return {name: sources for name, sources in fields.items() if name not in readonly}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope_foreign_key_choices(self.admin_site, db_field, request, kwargs)
        valid_autocomplete_widget(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # A direct owner field is forced to the editor's partner, whatever was posted.
        if (
            not self.is_lead(request)
            and self.partner_lookup not in ("pk",)
            and ("__" not in self.partner_lookup)
        ):
            setattr(obj, self.partner_lookup, self.own_partner(request))
        super().save_model(request, obj, form, change)


class PartnerScopedInlineMixin:
    """Inlines live inside an already scoped parent; they only scope their choices."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope_foreign_key_choices(self.admin_site, db_field, request, kwargs)
        valid_autocomplete_widget(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LeadOnlyAdminMixin:
    """For records that only lead-partner staff edit (the project itself)."""

    def has_module_permission(self, request):
        return is_lead_editor(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_lead_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_lead_editor(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_lead_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_lead_editor(request.user) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        valid_autocomplete_widget(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, only to what the editor may see in the admin.

    Django's own (``/admin/r/<type>/<id>/``) redirects any staff user to any object's
    page, so a partner's editor could learn the address of another partner's draft.
    Here the object's admin must let the user view it, through its scoped queryset.
    """
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut
    from django.core.exceptions import ValidationError
    from django.http import Http404

    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    try:
        obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):
        raise Http404 from None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
