"""Dates written the way each language writes them (CLDR), in one place.

Django's format modules (next2met/formats/) give the order of the parts; what a format
string cannot say is done here: Italian, Polish and Catalan write month and weekday
names in lower case (Django's catalogues capitalise them), French writes the first
day of the month "1er", Catalan elides "de" before a vowel ("d’abril"). The template
filter ``date`` (core/templatetags/dates.py, a builtin of every template, the
emails and the admin included) formats through :func:`format_date`.
"""

import re

from django.utils import formats
from django.utils.dateformat import DateFormat
from django.utils.translation import get_language

# Languages whose catalogues capitalise names that CLDR writes in lower case.
LOWER_CASE_NAMES = {"ca", "it", "pl", "es", "fr"}
# A written month (F, E, M, N, b) in a format, not an escaped letter.
WRITTEN_MONTH = re.compile(r"(?<!\\)[FEMNb]")
# CLDR ca: "de" + a vowel becomes "d’" ("d’abril", "d’agost", "d’octubre").
CATALAN_ELISION = re.compile(r"\bde (?=[aeiouàèéíòóúAEIOU])")


class PortalDateFormat(DateFormat):
    def __init__(self, obj, language: str, written_month: bool):
        super().__init__(obj)
        self.language = language
        self.written_month = written_month

    def _name(self, value) -> str:
        value = str(value)
        return value.lower() if self.language in LOWER_CASE_NAMES else value

    def E(self):  # noqa: N802 - Django's format letter
        return self._name(super().E())

    def F(self):  # noqa: N802 - Django's format letter
        return self._name(super().F())

    def l(self):  # noqa: E743 - Django's format letter
        return self._name(super().l())

    def D(self):  # noqa: N802 - Django's format letter
        return self._name(super().D())

    def j(self):
        day = super().j()
        if self.language == "fr" and day == 1 and self.written_month:
            return "1er"
        return day


def format_date(value, format_name: str | None = None) -> str:
    """``value`` in the active language; ``format_name`` is a setting name such as
    ``DATE_FORMAT`` (looked up in the language's format module) or a format string."""
    language = (get_language() or "en").split("-")[0]
    format_string = str(formats.get_format(format_name or "DATE_FORMAT"))
    written = bool(WRITTEN_MONTH.search(format_string))
    text = PortalDateFormat(value, language, written).format(format_string)
    if language == "ca" and written:
        text = CATALAN_ELISION.sub("d’", text)
    return text
