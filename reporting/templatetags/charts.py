"""Bar charts as inline SVG: no script, no colour needed to read them (each bar carries
its number, and the same numbers are in the table beside the chart)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reporting.figures import REF_LABELS

register = template.Library()

WIDTH, HEIGHT, LABEL = 36, 120, 18


def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}".replace(",", "\u202f") if value >= 100 else f"{value:g}"


@register.simple_tag
def bar_chart(title: str, labels, values):
    values = [float(v) for v in values]
    top = max(values + [1.0])
    width = max(len(values), 1) * WIDTH + 8
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = round(value / top * (HEIGHT - 2 * LABEL))
        x = 4 + index * WIDTH
        y = HEIGHT - LABEL - height
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>'
                '<text x="{}" y="{}" text-anchor="middle" class="value">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" class="label">{}</text>',
                x + 4,
                y,
                WIDTH - 8,
                height,
                x + WIDTH / 2,
                y - 4,
                _number(value),
                x + WIDTH / 2,
                HEIGHT - 4,
                label,
            )
        )
    return format_html(
        '<svg class="bar-chart" role="img" width="{}" height="{}" viewBox="0 0 {} {}">'
        "<title>{}</title>{}</svg>",
        width,
        HEIGHT,
        width,
        HEIGHT,
        title,
        mark_safe("".join(bars)),  # noqa: S308 - each part built with format_html
    )


@register.filter
def number(value):
    return _number(value or 0)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def stated(value, precision="exact", unit=""):
    """A figure as its sources state it: "more than 40", "at least 16", "12"."""
    text = _number(value or 0)
    if precision == "more_than":
        # Translators: a figure as a source states it: "more than 40 participants".
        text = _("more than %(number)s") % {"number": text}
    elif precision == "at_least":
        # Translators: a figure as a source states it: "at least 16 stakeholders".
        text = _("at least %(number)s") % {"number": text}
    return f"{text} {unit}" if unit else text


# Where the admin shows each kind of record behind a figure.
RECORD_ADMIN = {
    "event": "admin:events_event_change",
    "goodpractice": "admin:goodpractices_goodpractice_change",
    "actionplan": "admin:partners_actionplan_change",
    "policychange": "admin:reporting_policychange_change",
    "statedattendance": "admin:reporting_statedattendance_change",
    "manualvalue": "admin:reporting_manualvalue_change",
}


@register.simple_tag
def record(entry):
    """A record behind a figure, linked to its admin page (a participant, anonymous, is
    named by the first event they attended)."""
    kind, _sep, pk = entry["ref"].partition(":")
    label = format_html("{}: {}", REF_LABELS.get(kind, kind), entry["label"])
    if kind in RECORD_ADMIN:
        try:
            return format_html('<a href="{}">{}</a>', reverse(RECORD_ADMIN[kind], args=[pk]), label)
        except NoReverseMatch:
            pass
    return label
