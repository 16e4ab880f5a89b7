"""Accessible names for the fields of the admin's tabular inline rows.

Django's tabular inlines render each field in a table cell under a column header, with
no <label>: a screen reader that tabs through the form hears "edit text" or "combo
box" and nothing else (axe: label, select-name). Each field gets an ``aria-label``
instead, made on the server (it works without JavaScript, and survives
modeltranslation's scripts, which regroup the translated columns into tabs): the
column's own text, so the visible label is part of the name (WCAG 2.5.3), and the
row, e.g. "Title [fi] (row 2)". The blank row that the admin copies for "Add another"
is named "(new row)".
"""

from django.forms.utils import pretty_name
from django.utils.translation import gettext


def _innermost(widget):
    # The admin wraps foreign-key selects in RelatedFieldWidgetWrapper (the +/pencil
    # links); the wrapper shares its attrs with the select, but be explicit.
    while hasattr(widget, "widget"):
        widget = widget.widget
    return widget


def name_row_fields(form, index):
    """Give every visible field of one inline row (``index`` None: the blank row) a name."""
    if index is None:
        # Translators: the accessible name of a field in a table row of the admin that
        # is not saved yet, e.g. "Title [fi] (new row)".
        row = gettext("%(field)s (new row)")
    else:
        # Translators: the accessible name of a field in the table of related records in
        # the admin (an event's materials), e.g. "Title [fi] (row 2)".
        row = gettext("%(field)s (row %(number)s)")
    number = None if index is None else index + 1
    for name, field in form.fields.items():
        widget = _innermost(field.widget)
        if widget.is_hidden:
            continue
        label = str(field.label if field.label is not None else pretty_name(name))
        # A date and a time (MultiWidget): each part keeps its own name after the field's.
        for part in getattr(widget, "widgets", [widget]):
            part_label = label
            if part is not widget and part.attrs.get("aria-label"):
                part_label = f"{label}: {part.attrs['aria-label']}"
            part.attrs["aria-label"] = row % {"field": part_label, "number": number}


class NamedRowsFormSetMixin:
    def add_fields(self, form, index):
        # Runs for every row, the blank row and the "Delete" checkbox included.
        super().add_fields(form, index)
        name_row_fields(form, index)


class NamedRowsInlineMixin:
    """For every TabularInline: each field of each row has an accessible name."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (NamedRowsFormSetMixin, formset), {})
