"""Facts behind the accessibility statement (Web Accessibility Directive, Art. 7).

Review the statement at least once a year: update REVIEWED (and the known gaps in
templates/legal/accessibility.html); a test warns when the review is a year old.
"""

import datetime

PREPARED = datetime.date(2026, 12, 1)
REVIEWED = datetime.date(2026, 12, 1)

STANDARD = "EN 301 549 V3.2.1 (2021-03)"
GUIDELINES = "WCAG 2.1 AA"
# Finnish law: feedback on accessibility is answered within two weeks.
FEEDBACK_ANSWER_DAYS = 14

# The Finnish supervisory authority since 1 January 2025; its site in Finnish and English.
TRAFICOM_URLS = {
    "fi": "https://www.saavutettavuusvaatimukset.fi/",
    "en": "https://www.webaccessibility.fi/",
}
TRAFICOM_EMAIL = "saavutettavuus@traficom.fi"

# The Finnish supervisory authority for data protection.
OMBUDSMAN_URLS = {"fi": "https://tietosuoja.fi/", "en": "https://tietosuoja.fi/en/"}


def localised_url(urls: dict, language: str) -> str:
    return urls.get(language, urls["en"])
