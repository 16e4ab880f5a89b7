"""Which languages a translated record is missing, for every translated admin list.

The rule ("translated" in a language): every *required* translated text field of the
model (one the editor must fill, ``blank=False`` on the model) is non-empty in that
language. A model whose translated fields are all optional (a transfer interest's
notes) has no translation status.

``TranslationStatusAdminMixin`` adds to a ModelAdmin a compact column naming the
missing languages (the codes, with "missing in Finnish" for screen readers) and a
list filter "Missing in …" (``?missing_in=fi``). The overview page and the editor's
home (in the project package) count with ``missing_q``.
"""

import functools

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

MISSING_PARAM = "missing_in"


def languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def language_name(code: str) -> str:
    return gettext(dict(settings.LANGUAGES).get(code, code))


@functools.cache
def checked_fields(model) -> tuple[str, ...]:
    """The translated fields that decide whether a record is translated (see the rule)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(name for name in options.fields if not model._meta.get_field(name).blank)


def missing_q(model, code: str) -> Q:
    """Records of ``model`` missing the language ``code``: a checked field is empty."""
    query = Q()
    for name in checked_fields(model):
        column = build_localized_fieldname(name, code)
        query |= Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
    return query


def missing_languages(obj) -> list[str]:
    fields = checked_fields(type(obj))
    missing = []
    for code, _name in settings.LANGUAGES:
        if any(not getattr(obj, build_localized_fieldname(name, code), None) for name in fields):
            missing.append(code)
    return missing


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = MISSING_PARAM

    def lookups(self, request, model_admin):
        return [
            (code, _("Missing in %(language)s") % {"language": language_name(code)})
            for code, _name in settings.LANGUAGES
        ]

    def queryset(self, request, queryset):
        code = self.value()
        if code in dict(settings.LANGUAGES):
            return queryset.filter(missing_q(queryset.model, code))
        return queryset


class TranslationStatusAdminMixin:
    """A "missing languages" column and a "Missing in …" filter on the change list."""

    def get_list_display(self, request):
        return [*super().get_list_display(request), "missing_translations"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    @admin.display(description=_("missing languages"))
    def missing_translations(self, obj):
        missing = missing_languages(obj)
        if not missing:
            return format_html(
                '<span aria-hidden="true">✓</span><span class="visually-hidden">{}</span>',
                gettext("none"),
            )
        return format_html_join(
            " ",
            '<span class="missing-language"><span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span></span>',
            (
                (
                    code.upper(),
                    gettext("missing in %(language)s") % {"language": language_name(code)},
                )
                for code in missing
            ),
        )
