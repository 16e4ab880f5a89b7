"""The filters of the public library; they combine, and live in the URL."""

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from core.templatetags.portal import is_fallback
from core.widgets import QuickSelect
from partners.models import Partner

from . import search
from .models import GoodPractice, Theme

LEVELS = [(status.value, status.label) for status in GoodPractice.PUBLISHED_STATES]
# "validated" includes the practices that went further, into the database.
LEVEL_STATES = {
    "approved": GoodPractice.PUBLISHED_STATES,
    "validated": (GoodPractice.Status.VALIDATED, GoodPractice.Status.IN_DATABASE),
    "in_database": (GoodPractice.Status.IN_DATABASE,),
}
SORTS = [
    ("relevance", _("Best match first")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("title", _("Title A–Z")),
]
ORDERINGS = {
    "newest": ("-published_at", "-pk"),
    "oldest": ("published_at", "pk"),
    "title": ("title", "pk"),
}


class TranslatedNameSelect(QuickSelect):
    """A select of model rows named by a translated field: an option whose name is the
    English fallback carries ``lang="en"`` (WCAG 3.1.2), without a note: names are names."""

    def __init__(self, *args, field="name", **kwargs):
        super().__init__(*args, **kwargs)
        self.field = field

    def option_language(self, value) -> str:
        instance = getattr(value, "instance", None)
        return "en" if instance is not None and is_fallback(instance, self.field) else ""


class GoodPracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_noop", max_length=200, strip=True
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), empty_label=_("All countries"), widget=QuickSelect
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        field_name="owner",
        to_field_name="slug",
        queryset=Partner.objects.none(),
        empty_label=_("All partners"),
        widget=TranslatedNameSelect,
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
        widget=TranslatedNameSelect,
    )
    level = django_filters.ChoiceFilter(
        label=_("Validation level"),
        choices=LEVELS,
        method="filter_level",
        empty_label=_("Any level"),
        widget=QuickSelect,
    )
    ongoing = django_filters.BooleanFilter(
        label=_("Only ongoing practices"),
        method="filter_ongoing",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=SORTS,
        method="filter_noop",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = GoodPractice
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from what is published, so every option leads to results.
        published = GoodPractice.objects.published()
        codes = set(published.order_by().values_list("country", flat=True).distinct())
        self.filters["country"].extra["choices"] = [
            (code, name) for code, name in countries if code in codes
        ]
        # Only what an option shows: its name here and in English (the fallback). Whole
        # rows of 200 partners in eight languages cost more than the rest of the page.
        names = {build_localized_fieldname("name", code) for code in (get_language(), "en")}
        self.filters["partner"].queryset = (
            Partner.objects.filter(pk__in=published.order_by().values("owner"))
            .order_by("order", "slug")
            .only("slug", "order", *names)
        )

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_portal_styled", False):
            form._portal_styled = True
            for name, field in form.fields.items():
                css = {
                    "ongoing": "form-check-input",
                    "q": "form-control",
                }.get(name, "form-select")
                field.widget.attrs["class"] = css
                if name == "q":
                    field.widget.input_type = "search"
                # No aria-* here: Django's BoundField sets aria-invalid and points
                # aria-describedby at "<id>_error", the id the template gives the error.
        return form

    def filter_level(self, queryset, name, value):
        return queryset.filter(status__in=LEVEL_STATES[value])

    def filter_ongoing(self, queryset, name, value):
        return queryset.ongoing() if value else queryset

    def filter_noop(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound else {}
        query = data.get("q") or ""
        sort = data.get("sort") or ("relevance" if query else "newest")
        if query:
            # Ranked by PostgreSQL's text search; on SQLite "relevance" means newest.
            relevance = sort == "relevance" and search.is_postgresql()
            queryset = search.search(queryset, query, rank=relevance)
            if relevance:
                return queryset
        return queryset.order_by(*ORDERINGS.get(sort, ORDERINGS["newest"]))
