"""The ``date`` filter, as Django's but written the way each language writes dates.

Listed in TEMPLATES' ``builtins``, so it replaces Django's own ``date`` in every
template (pages, emails, admin) without a ``{% load %}``: see core.dates.
"""

from django import template
from django.template.defaultfilters import date as django_date

from core.dates import format_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if value in (None, ""):
        return ""
    try:
        return format_date(value, arg)
    except AttributeError:
        # Not a date (e.g. a string): Django's filter decides what to show.
        return django_date(value, arg)
