"""Dates as each language writes them (CLDR), through the `date` filter every template uses."""

import datetime
import html

import pytest
from django.template import engines
from django.utils import translation

from tests.factories import EventFactory, SessionFactory

JAN_3 = datetime.date(2027, 1, 3)  # a Sunday
APR_1 = datetime.date(2027, 4, 1)  # a Thursday
AUG_1 = datetime.date(2027, 8, 1)  # a Sunday

EXPECTED = {
    "en": {JAN_3: "3 January 2027", APR_1: "1 April 2027"},
    "fi": {JAN_3: "3. tammikuuta 2027", APR_1: "1. huhtikuuta 2027"},
    "de": {JAN_3: "3. Januar 2027", APR_1: "1. April 2027"},
    "pl": {JAN_3: "3 stycznia 2027", APR_1: "1 kwietnia 2027"},
    "es": {JAN_3: "3 de enero de 2027", APR_1: "1 de abril de 2027"},
    "ca": {JAN_3: "3 de gener de 2027", APR_1: "1 d’abril de 2027", AUG_1: "1 d’agost de 2027"},
    "it": {JAN_3: "3 gennaio 2027", APR_1: "1 aprile 2027"},
    "fr": {JAN_3: "3 janvier 2027", APR_1: "1er avril 2027", AUG_1: "1er août 2027"},
}
SUNDAY = {
    "en": "Sunday",
    "fi": "sunnuntai",
    "de": "Sonntag",
    "pl": "niedziela",
    "es": "domingo",
    "ca": "diumenge",
    "it": "domenica",
    "fr": "dimanche",
}
MONTH_YEAR = {
    "en": "January 2027",
    "fi": "tammikuu 2027",
    "de": "Januar 2027",
    "pl": "styczeń 2027",
    "es": "enero de 2027",
    "ca": "gener de 2027",
    "it": "gennaio 2027",
    "fr": "janvier 2027",
}


def render(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_a_date_in_each_language(code):
    with translation.override(code):
        for day, text in EXPECTED[code].items():
            assert render('{{ d|date:"DATE_FORMAT" }}', d=day) == html.escape(text)
        assert render('{{ d|date:"l" }}', d=JAN_3) == SUNDAY[code]
        assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=JAN_3) == MONTH_YEAR[code]


def test_machine_formats_are_untouched():
    with translation.override("fr"):
        assert render('{{ d|date:"Y-m-d" }} {{ d|date:"j/n" }}', d=AUG_1) == "2027-08-01 1/8"


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(EXPECTED))
def test_the_event_page_writes_its_days_in_the_readers_language(client, code):
    start = datetime.datetime(2027, 1, 3, 10, tzinfo=datetime.UTC)
    event = EventFactory(slug="winter-meeting", start=start, timezone="UTC")
    SessionFactory(event=event, start=start, end=start + datetime.timedelta(hours=1))
    page = html.unescape(client.get(f"/{code}/events/winter-meeting/").content.decode())
    assert f"{SUNDAY[code]}, {EXPECTED[code][JAN_3]}</h3>" in page
