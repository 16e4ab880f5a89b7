"""Form widgets that render long lists quickly.

Django renders a select through one template, and each of its options through another:
about 40 µs an option. The library's partner filter has one option per partner (200 at
the bench's scale), so rendering its filters took longer than the rest of the page.
``QuickSelect`` writes the same HTML in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A select whose HTML is Django's own (``select.html`` and ``select_option.html``),
    written without a template per option, and without the option dictionaries of
    ``optgroups``/``create_option`` (their attributes copied for each option cost as
    much as the rest)."""

    def option_language(self, value) -> str:
        """The ``lang`` of an option's label when it is not the page's; none here."""
        return ""

    def render(self, name, value, attrs=None, renderer=None):
        if type(self).create_option is not forms.Select.create_option:
            return self._render_options(name, value, attrs)  # a subclass marks options
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = self.format_value(value)
        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, list | tuple):
                group_name, choices = option_value, option_label
            else:
                group_name, choices = None, [(option_value, option_label)]
            rows = []
            for subvalue, sublabel in choices:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    subvalue
                ) in values
                has_selected |= selected
                # As flatatt orders them: valued attributes, then boolean ones.
                option = f'<option value="{conditional_escape(str(subvalue))}"'
                if language := self.option_language(subvalue):
                    option += f' lang="{conditional_escape(language)}"'
                if selected:
                    option += " selected"
                rows.append(f"{option}>{conditional_escape(sublabel)}</option>")
            rows = mark_safe("".join(rows))  # noqa: S308 - each value and label escaped above
            if group_name:
                rows = format_html('<optgroup label="{}">{}</optgroup>', group_name, rows)
            parts.append(rows)
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - each part is escaped above

    def _render_options(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (str(option["value"]), flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            if group_name:
                rows = format_html('<optgroup label="{}">{}</optgroup>', group_name, rows)
            parts.append(rows)
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - each part is escaped above
