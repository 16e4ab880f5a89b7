"""A reader's word in one language finds practices written in another (issue 15, item 8).

Known data: four practices, each written in one language only, and the glossary the demo
seeds (demo/glossary.yaml). The same assertions hold on SQLite and PostgreSQL (CI runs
both).
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.demo import load_file
from goodpractices import search
from goodpractices.models import GlossaryTerm, GoodPractice, Theme
from partners.models import Partner
from tests.factories import GoodPracticeFactory, PartnerFactory, staff_user

EMPTY_ENGLISH = {"title_en": "", "summary_en": "", "description_en": "", "main_institution_en": ""}


@pytest.fixture
def glossary(db):
    load_file("glossary")


@pytest.fixture
def practices(db):
    """One practice per language, written in that language only."""
    GoodPracticeFactory(
        slug="lake-tourism-fi",
        **EMPTY_ENGLISH,
        title_fi="Matkailun verkkopalvelu Päijänteen rannalla",
        summary_fi="Matkailijat varaavat mökit ja veneet samasta palvelusta.",
        description_fi="<p>Kylät ja yrittäjät myyvät yhdessä.</p>",
    )
    GoodPracticeFactory(
        slug="farm-advice-pl",
        **EMPTY_ENGLISH,
        title_pl="Doradztwo dla rolnictwa przez internet",
        summary_pl="Rolnicy otrzymują porady w aplikacji na telefon.",
        description_pl="<p>Ośrodek doradztwa rolniczego prowadzi kanał cyfrowy.</p>",
    )
    GoodPracticeFactory(
        slug="village-fibre-de",
        **EMPTY_ENGLISH,
        title_de="Glasfaser für jedes Dorf",
        summary_de="Der Landkreis baut das Netz bis in die kleinsten Orte.",
        description_de="<p>Gemeinden planen gemeinsam.</p>",
    )
    GoodPracticeFactory(
        slug="museum-vr-en",
        title_en="Virtual reality in the town museum",
        summary_en="Visitors walk through the old market square with a headset.",
        description_en="<p>The town's history, told on site.</p>",
    )


def found(query):
    return set(
        search.search(GoodPractice.objects.published(), query).values_list("slug", flat=True)
    )


# For each of the eight languages, words in that language that find a practice written
# only in another one, and what they must not find.
CASES = {
    "en": [("tourism", "lake-tourism-fi"), ("broadband", "village-fibre-de"),
           ("agriculture", "farm-advice-pl")],
    "fi": [("virtuaalitodellisuus", "museum-vr-en"), ("laajakaista", "village-fibre-de"),
           ("maatalous", "farm-advice-pl")],
    "de": [("Tourismus", "lake-tourism-fi"), ("Landwirtschaft", "farm-advice-pl"),
           ("virtuelle Realität", "museum-vr-en")],
    "pl": [("turystyka", "lake-tourism-fi"), ("światłowód", "village-fibre-de"),
           ("rzeczywistość wirtualna", "museum-vr-en")],
    "es": [("turismo", "lake-tourism-fi"), ("banda ancha", "village-fibre-de"),
           ("agricultura", "farm-advice-pl"), ("realidad virtual", "museum-vr-en")],
    "ca": [("turisme", "lake-tourism-fi"), ("fibra òptica", "village-fibre-de"),
           ("realitat virtual", "museum-vr-en")],
    "it": [("turismo", "lake-tourism-fi"), ("banda larga", "village-fibre-de"),
           ("agricoltura", "farm-advice-pl")],
    "fr": [("tourisme", "lake-tourism-fi"), ("haut débit", "village-fibre-de"),
           ("réalité virtuelle", "museum-vr-en"), ("agriculteurs", "farm-advice-pl")],
}  # fmt: skip
ALL = {"lake-tourism-fi", "farm-advice-pl", "village-fibre-de", "museum-vr-en"}


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [(language, query, expected) for language, cases in CASES.items() for query, expected in cases],
)
def test_a_word_in_one_language_finds_a_practice_written_in_another(
    glossary, practices, language, query, expected
):
    assert len(CASES[language]) >= 3
    assert found(query) == {expected}


def test_without_the_glossary_a_word_finds_its_own_language_only(practices):
    assert found("tourism") == set()
    assert found("laajakaista") == set()
    assert found("matkailun") == {"lake-tourism-fi"}


@pytest.mark.parametrize("query", ["cyfrowy", "cyfrowa", "cyfrowe", "cyfrowych", "CYFROWĄ"])
def test_polish_inflected_forms_find_each_other(practices, query):
    """PostgreSQL does not stem Polish: the reader's word is also looked up by its stem."""
    assert found(query) == {"farm-advice-pl"}


def test_polish_forms_find_practices_about_digitalisation_in_other_languages(glossary, practices):
    GoodPracticeFactory(slug="digital-library-en", title_en="A digital library for villages")
    for query in ("cyfrowe", "cyfryzacja", "digitalización", "digitalizzazione", "numérique"):
        assert "digital-library-en" in found(query), query
        assert "lake-tourism-fi" not in found(query), query


def test_a_german_compound_finds_its_parts(glossary, practices):
    # "Breitbandausbau": the glossary knows "Breitband", so the English text is found,
    # and the German one about the same idea (Glasfaser).
    GoodPracticeFactory(slug="broadband-en", title_en="Broadband vouchers for farmers")
    assert found("Breitbandausbau") == {"broadband-en", "village-fibre-de"}
    assert found("Glasfaserprojekt") == {"village-fibre-de", "broadband-en"}
    # Every part the glossary knows must match: broadband *and* agriculture.
    assert found("Landwirtschaftsbreitband") == {"broadband-en"}


def test_a_theme_name_finds_the_practices_of_that_theme(glossary, practices):
    theme = Theme.objects.create(
        slug="participation",
        name_en="Citizen participation",
        name_de="Bürgerbeteiligung",
        name_es="Participación ciudadana",
    )
    practice = GoodPractice.objects.get(slug="farm-advice-pl")
    practice.themes.add(theme)
    assert "farm-advice-pl" in found("Bürgerbeteiligung")
    assert "farm-advice-pl" in found("participación ciudadana")
    assert "farm-advice-pl" not in found("Tourismus")


def test_a_quoted_phrase_is_searched_as_written(glossary, practices):
    assert found('"virtual reality"') == {"museum-vr-en"}
    assert found('"realidad virtual"') == set()


def test_results_say_which_language_each_practice_is_written_in(client, glossary, practices):
    html = client.get("/en/good-practices/", {"q": "tourism"}).content.decode()
    assert "Written in: Finnish</p>" in html
    html = client.get("/de/search/", {"q": "turystyka"}).content.decode()
    assert "Matkailun verkkopalvelu" in html
    assert "Finnisch</p>" in html


def test_the_library_and_the_site_search_find_across_languages(client, glossary, practices):
    for path in ("/it/good-practices/", "/it/search/"):
        html = client.get(path, {"q": "banda larga"}).content.decode()
        assert "Glasfaser für jedes Dorf" in html
        assert "Matkailun verkkopalvelu" not in html


def test_the_search_costs_the_same_queries_whatever_the_size_of_the_glossary(
    client, glossary, practices, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as captured:
        client.get("/en/good-practices/", {"q": "banda ancha tourism"})
    few = len(captured)
    for n in range(30):
        GlossaryTerm.objects.create(slug=f"term-{n}", term_en=f"term{n}", term_fi=f"termi{n}")
    client.get("/en/")  # a fresh page below, not the cached one
    with django_assert_max_num_queries(few) as captured:
        response = client.get("/en/good-practices/", {"q": "banda ancha tourism", "sort": "newest"})
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_glossary_edit_in_the_admin_changes_the_results_at_once(practices):
    load_file("glossary")
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    reader, editor = Client(), Client()
    editor.force_login(staff_user(lead, "lead-editor"))
    url = "/fi/good-practices/?q=veneet"
    assert "Glasfaser für jedes Dorf" not in reader.get(url).content.decode()
    assert reader.get(url)["X-Page-Cache"] == "hit"
    response = editor.post(
        reverse("admin:goodpractices_glossaryterm_add"),
        {
            "slug": "boats",
            "term_en": "boats",
            "term_fi": "veneet",
            "term_de": "Dorf",
            "other_forms_fi": "vene, veneitä",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = reader.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Glasfaser für jedes Dorf" in response.content.decode()


def test_only_the_lead_partner_edits_the_glossary(client, glossary):
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    partner = PartnerFactory(slug="alpha")
    changelist = reverse("admin:goodpractices_glossaryterm_changelist")
    client.force_login(staff_user(partner))
    assert client.get(changelist).status_code == 403
    client.force_login(staff_user(lead, "lead-editor"))
    response = client.get(changelist)
    assert response.status_code == 200
    assert "tourism" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("digitalización", "noe-house-of-digitalisation"),
        ("digitalizzazione", "noe-house-of-digitalisation"),
        ("numérique", "digibale"),
        ("cyfrowe", "lahti-radio-tv-museum"),
        ("Digitalisierungsstrategie", "digital-consultations-local-digital-strategies"),
        ("matkailu", "lahti-radio-tv-museum"),
        ("turystyka", "lahti-radio-tv-museum"),
        ("realidad virtual", "vr-historic-lahti"),
    ],
)
def test_the_issues_examples_on_the_demo_content(db, query, expected):
    """The demo's practices are in English and one partner language, never in Spanish,
    Italian or French, and none is in Polish and Finnish at once."""
    call_command("load_demo_content", stdout=None)
    assert expected in found(query)
