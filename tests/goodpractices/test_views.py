"""The public library: filters, pagination, detail, transfers, open data, queries."""

import csv
import datetime
import io
import json
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from goodpractices.models import GoodPractice, TransferInterest
from tests.factories import (
    ActionPlanFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
S = GoodPractice.Status
LIST = "/en/good-practices/"


def titles(response):
    return [p.title for p in response.context["practices"]]


@pytest.fixture
def library():
    fi = PartnerFactory(slug="fi-region", name_en="Finnish region", country="FI")
    at = PartnerFactory(slug="at-region", name_en="Austrian region", country="AT", nuts_code="AT12")
    mobility = ThemeFactory(slug="mobility", name_en="Mobility")
    health = ThemeFactory(slug="health", name_en="Health")
    now = timezone.now()
    made = {}
    for title, owner, country, themes, status, end, age in [
        ("Bus on demand", fi, "FI", [mobility], S.APPROVED, None, 1),
        ("Remote care", fi, "FI", [health], S.VALIDATED, None, 2),
        ("Old bike scheme", fi, "FI", [mobility], S.IN_DATABASE, datetime.date(2020, 1, 1), 3),
        ("Alpine e-bikes", at, "AT", [mobility], S.APPROVED, None, 4),
        ("Hidden draft", at, "AT", [mobility], S.DRAFT, None, 5),
        ("Declined idea", fi, "FI", [health], S.DECLINED, None, 6),
    ]:
        practice = GoodPracticeFactory(
            title_en=title,
            owner=owner,
            country=country,
            status=status,
            end_date=end,
            published_at=now - datetime.timedelta(days=age),
        )
        practice.themes.set(themes)
        made[title] = practice
    return made


def test_only_published_practices_are_listed(client, library):
    assert titles(client.get(LIST)) == [
        "Bus on demand",
        "Remote care",
        "Old bike scheme",
        "Alpine e-bikes",
    ]
    assert client.get(library["Hidden draft"].get_absolute_url()).status_code == 404
    assert client.get(library["Declined idea"].get_absolute_url()).status_code == 404


def test_filters_combine_and_live_in_the_url(client, library):
    response = client.get(LIST, {"country": "FI", "theme": "mobility", "ongoing": "on"})
    assert titles(response) == ["Bus on demand"]
    assert client.get(LIST, {"partner": "at-region"}).context["practices"][0].title == (
        "Alpine e-bikes"
    )
    assert titles(client.get(LIST, {"level": "validated"})) == ["Remote care", "Old bike scheme"]
    assert titles(client.get(LIST, {"level": "in_database"})) == ["Old bike scheme"]
    html = client.get(LIST, {"country": "FI", "theme": "mobility"}).content.decode()
    assert '<option value="mobility" selected>' in html  # the form shows the filters used


def test_sorting(client, library):
    assert titles(client.get(LIST, {"sort": "title"}))[0] == "Alpine e-bikes"
    assert titles(client.get(LIST, {"sort": "oldest"}))[0] == "Alpine e-bikes"
    assert titles(client.get(LIST, {"sort": "newest"}))[0] == "Bus on demand"


def test_an_unknown_filter_value_is_explained_not_a_server_error(client, library):
    response = client.get(LIST, {"theme": "no-such-theme", "country": "FI", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_theme_error"' in html and "Select a valid choice" in html
    assert 'aria-describedby="id_theme_error"' in html
    assert set(titles(response)) == {"Bus on demand", "Remote care", "Old bike scheme"}


def test_pagination_keeps_the_filters(client):
    owner = PartnerFactory(country="FI")
    for n in range(45):
        GoodPracticeFactory(owner=owner, title_en=f"Practice {n:02}")
    response = client.get(LIST, {"country": "FI", "sort": "title", "page": "2"})
    assert titles(response)[0] == "Practice 20"
    html = response.content.decode()
    assert "Page 2 of 3" in html
    assert "?country=FI&amp;sort=title&amp;page=3" in html
    assert "?country=FI&amp;sort=title&amp;page=1" in html


def test_detail_lays_out_the_template_and_the_transfer_story(client, library):
    practice = library["Bus on demand"]
    practice.resources_needed_en = "<p>Two drivers.</p>"
    practice.evidence_of_success_en = "<ul><li>3,000 rides</li></ul>"
    practice.nuts_code = "FI1C3"
    practice.save()
    learner = PartnerFactory(name_en="Learning region", country="PL", nuts_code="PL84")
    plan = ActionPlanFactory(instrument=PolicyInstrumentFactory(partner=learner))
    action = plan.actions.create(title_en="Buses on demand in two communes")
    TransferInterest.objects.create(
        practice=practice, partner=learner, stage=1, date=datetime.date(2021, 5, 1)
    )
    TransferInterest.objects.create(
        practice=practice, partner=learner, stage=4, date=datetime.date(2022, 9, 1), action=action
    )
    html = client.get(practice.get_absolute_url()).content.decode()
    for text in ["Resources needed", "Two drivers.", "<li>3,000 rides</li>", "NUTS FI1C3"]:
        assert text in html
    assert html.index("Interested") < html.index("Transferred")
    assert "Buses on demand in two communes" in html
    # The action is a link to itself on its instrument's page.
    assert f'href="{plan.instrument.get_absolute_url()}#action-{action.pk}"' in html
    # Related: a published practice with a shared theme, not a draft.
    assert "Old bike scheme" in html and "Hidden draft" not in html


def test_detail_shows_the_contact_organisation_and_role(client, library):
    other = library["Remote care"].get_absolute_url()
    assert "<dt>Contact</dt>" not in client.get(other).content.decode()
    practice = library["Bus on demand"]
    practice.contact_en = "Regional Council of Päijät-Häme, mobility planner"
    practice.save()
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "<dt>Contact</dt><dd>Regional Council of Päijät-Häme, mobility planner</dd>" in html
    # In another language without its own text: the English one, marked as such.
    html = client.get("/fi" + practice.get_absolute_url()[3:]).content.decode()
    assert '<span lang="en">Regional Council of Päijät-Häme, mobility planner</span>' in html


def test_transfer_matrix_shows_the_furthest_stage(client, library):
    source = library["Bus on demand"]
    learner = library["Alpine e-bikes"].owner
    TransferInterest.objects.create(practice=source, partner=learner, stage=1)
    TransferInterest.objects.create(practice=source, partner=learner, stage=3)
    TransferInterest.objects.create(practice=library["Hidden draft"], partner=source.owner, stage=2)
    response = client.get(reverse("goodpractices:transfers"))
    cells = {r["source"].slug: r["cells"] for r in response.context["rows"]}
    learner_index = [p.slug for p in response.context["partners"]].index("at-region")
    assert cells["fi-region"][learner_index]["stage"] == "Adapting"
    assert cells["fi-region"][learner_index]["count"] == 1
    # The draft's transfer is not public.
    source_index = [p.slug for p in response.context["partners"]].index("fi-region")
    assert cells["at-region"][source_index] is None


def test_open_data_has_one_row_per_published_practice_in_every_language(client, library):
    practice = library["Bus on demand"]
    practice.title_fi = "Kutsubussi"
    practice.description_en = '<p>Rides <a href="https://example.org">booked</a> online.</p>'
    practice.save()
    data = json.loads(client.get(reverse("goodpractices:export_json")).content)
    rows = {row["slug"]: row for row in data["practices"]}
    assert len(rows) == 4
    row = rows[practice.slug]
    assert row["title_fi"] == "Kutsubussi"
    assert row["description_en"] == "Rides booked online."
    assert {"title_pl", "summary_ca", "description_it"} <= set(row)

    response = client.get(reverse("goodpractices:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    reader = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(reader) == 4
    assert {r["title_fi"] for r in reader} >= {"Kutsubussi"}


def test_open_data_exports_a_practice_whose_optional_fields_are_all_empty(client):
    """Every demo practice lacks a start date: the exports once answered 500 for it."""
    optional = {
        field.name: None if field.null else ""
        for field in GoodPractice._meta.concrete_fields
        if field.blank and field.editable and not (field.is_relation or field.primary_key)
    }
    assert {"start_date", "end_date", "nuts_code", "programme_url"} <= set(optional)
    practice = GoodPracticeFactory(**optional)
    data = json.loads(client.get(reverse("goodpractices:export_json")).content)
    (row,) = data["practices"]
    assert row["slug"] == practice.slug
    assert row["start_date"] == row["end_date"] == row["nuts_code"] == ""
    assert row["themes"] == []

    response = client.get(reverse("goodpractices:export_csv"))
    assert response.status_code == 200
    (csv_row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert csv_row["start_date"] == csv_row["end_date"] == ""
    assert csv_row["title_en"] == (practice.title_en or "")


def test_csv_neutralises_spreadsheet_formulas(client):
    GoodPracticeFactory(title_en='=HYPERLINK("http://evil")')
    body = client.get(reverse("goodpractices:export_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_atom_feed_lists_new_practices(client, library):
    response = client.get(reverse("goodpractices:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Bus on demand" in body and "Hidden draft" not in body
    assert body.index("Bus on demand") < body.index("Alpine e-bikes")


def test_list_runs_a_constant_number_of_queries_with_10000_practices(
    client, django_assert_max_num_queries
):
    owners = [PartnerFactory(country=c) for c in ("FI", "AT", "ES", "PL", "DE", "IE")]
    themes = [ThemeFactory() for _ in range(8)]
    rng = random.Random(4)
    now = timezone.now()
    practices = GoodPractice.objects.bulk_create(
        GoodPractice(
            title_en=f"Practice {n}",
            slug=f"p-{n}",
            summary_en="Summary",
            description_en="Text",
            owner=owner,
            country=owner.country,
            start_date=datetime.date(2020, 1, 1),
            status=rng.choice(GoodPractice.PUBLISHED_STATES),
            published_at=now - datetime.timedelta(minutes=n),
            search_text=f"practice {n} text",
        )
        for n in range(10_000)
        for owner in [rng.choice(owners)]
    )
    GoodPractice.objects.all().refresh_search()  # bulk_create skips save()
    Through = GoodPractice.themes.through
    Through.objects.bulk_create(
        Through(goodpractice_id=p.pk, theme_id=t.pk)
        for p in practices
        for t in rng.sample(themes, 2)
    )
    for params in [{}, {"country": "FI", "theme": themes[0].slug, "page": "7"}, {"q": "text"}]:
        # +1: the content version (page cache); +2 with a query: the glossary and the themes.
        with django_assert_max_num_queries(10):
            response = client.get(LIST, params)
        assert response.status_code == 200
        assert len(response.context["practices"]) == 20


def test_detail_runs_a_constant_number_of_queries(client, library, django_assert_max_num_queries):
    practice = library["Bus on demand"]
    for n in range(30):
        TransferInterest.objects.create(
            practice=practice, partner=PartnerFactory(), stage=1 + n % 4
        )
    with django_assert_max_num_queries(11):  # +1: the content version (page cache)
        assert client.get(practice.get_absolute_url()).status_code == 200
