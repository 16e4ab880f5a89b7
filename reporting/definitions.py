"""The programme's indicators: their codes, names and how their periods add up.

Only definitions, so that the models (an indicator target's name) and the computation
(``reporting.indicators``) both read them without importing each other.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    kind: str  # "output" or "result"
    manual: bool = False
    # How periods add up to the total: "sum", "distinct" (counted once) or "average".
    total: str = "sum"
    unit: str = ""


INDICATORS = {
    i.code: i
    for i in [
        Indicator("events_interregional", _("Interregional policy learning events"), "output"),
        Indicator("events_regional", _("Regional stakeholder meetings"), "output"),
        Indicator("practices_identified", _("Good practices identified"), "output"),
        Indicator("practices_validated", _("Good practices validated by the programme"), "output"),
        Indicator("action_plans", _("Action plans developed"), "output"),
        Indicator(
            "people_staff",
            _("Partner staff with increased professional capacity"),
            "output",
        ),
        Indicator(
            "people_stakeholders",
            _("Stakeholders with increased professional capacity"),
            "output",
        ),
        Indicator("media", _("Appearances in media"), "output", manual=True),
        Indicator(
            "web_sessions",
            _("Average sessions on the project's web pages"),
            "output",
            manual=True,
            total="average",
        ),
        Indicator(
            "instruments_sf",
            _("Policy instruments improved: Structural Funds programmes"),
            "result",
            total="distinct",
        ),
        Indicator(
            "instruments_other",
            _("Policy instruments improved: other instruments"),
            "result",
            total="distinct",
        ),
        Indicator("funds_sf", _("Structural Funds influenced"), "result", unit="EUR"),
        Indicator("funds_other", _("Other funds influenced"), "result", unit="EUR"),
    ]
}
