"""Form widgets that render long lists quickly.

Django renders a select through one template, and each of its options through another:
about 40 µs an option. The library's partner filter has one option per partner (200 at
the bench's scale), so rendering its filters took longer than the rest of the page.
``QuickSelect`` writes the same HTML in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A select whose HTML is Django's own (``select.html`` and ``select_option.html``),
    written without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        str(option["value"]),
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                    for option in options
                ),
            )
            if group_name:
                rows = format_html('<optgroup label="{}">{}</optgroup>', group_name, rows)
            parts.append(rows)
        parts.append(mark_safe("</select>"))  # noqa: S308 - a literal
        return mark_safe("".join(parts))  # noqa: S308 - each part is escaped above
