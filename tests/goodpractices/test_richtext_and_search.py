"""Rich text is sanitised before it reaches a page; search works in every language."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from goodpractices import search
from goodpractices.models import RICH_TEXT_FIELDS, GoodPractice
from tests.goodpractices.conftest import practice_form

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)" style="color:red">styled</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
]


def test_hostile_markup_in_every_rich_text_field_never_reaches_a_page(lead_client, alpha):
    payload = "<p>Kept <strong>bold</strong></p>" + "".join(PAYLOADS)
    data = practice_form(owner=alpha.pk)
    for field in RICH_TEXT_FIELDS:
        data[f"{field}_en"] = payload
        data[f"{field}_fi"] = payload
    assert (
        lead_client.post(reverse("admin:goodpractices_goodpractice_add"), data).status_code == 302
    )
    practice = GoodPractice.objects.get()
    for field in RICH_TEXT_FIELDS:
        for language in ("en", "fi"):
            stored = getattr(practice, f"{field}_{language}")
            assert "<p>Kept <strong>bold</strong></p>" in stored
            for bad in (
                "<script",
                "onerror",
                "javascript:",
                "onclick",
                "style=",
                "<iframe",
                "alert",
            ):
                assert bad not in stored, (field, language, stored)
    practice.status = GoodPractice.Status.APPROVED
    practice.save()
    for language in ("en", "fi"):
        html = lead_client.get(f"/{language}/good-practices/{practice.slug}/").content.decode()
        assert html.count("Kept <strong>bold</strong>") == len(RICH_TEXT_FIELDS)
        for bad in ("<script>alert", "onerror", "javascript:", "onclick", "<iframe"):
            assert bad not in html


def test_a_link_in_rich_text_is_kept_safe(alpha):
    from tests.factories import GoodPracticeFactory

    practice = GoodPracticeFactory(
        owner=alpha, description_en='<p>See <a href="https://example.org">the report</a></p>'
    )
    assert practice.description_en == (
        '<p>See <a href="https://example.org" rel="noopener noreferrer nofollow">the report</a></p>'
    )


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=None)


def found(query):
    return sorted(
        search.search(GoodPractice.objects.published(), query).values_list("slug", flat=True)
    )


# The same results on SQLite and PostgreSQL (CI runs both) on the demo content.
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # English
        ("Mentimeter", ["digital-consultations-local-digital-strategies"]),
        ("bales", ["digibale"]),
        # Finnish words find Finnish text
        ("museossa", ["lahti-radio-tv-museum"]),
        ("virtuaalitodellisuuteen", ["vr-historic-lahti"]),
        # Polish (no stemmer in PostgreSQL: the simple configuration)
        ("konsultacje", ["digital-consultations-local-digital-strategies"]),
        # German, with the accent folded away and in capitals
        ("NIEDEROSTERREICH", ["glass-fibre-lower-austria", "noe-house-of-digitalisation"]),
        ("Glasfaserprojekt", ["glass-fibre-lower-austria"]),
        # Spanish and Catalan, accent and case folded
        ("DIPUTACIÓN", ["neapolis-vilanova", "smart-urban-platform"]),
        ("diputacion", ["neapolis-vilanova", "smart-urban-platform"]),
        ("infraestructura", ["smart-urban-platform"]),
        # Every word must match
        ("Lahti virtuaalitodellisuuteen", ["vr-historic-lahti"]),
        ("zzzunknownword", []),
    ],
)
def test_search_finds_text_in_every_language(demo, query, expected):
    assert found(query) == expected


def test_search_in_the_library_page_combines_with_filters(client, demo):
    response = client.get("/fi/good-practices/", {"q": "museossa", "country": "FI"})
    assert [p.slug for p in response.context["practices"]] == ["lahti-radio-tv-museum"]
    response = client.get("/fi/good-practices/", {"q": "museossa", "country": "PL"})
    assert list(response.context["practices"]) == []
    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgresql_stems_each_language(demo):
    # Forms that appear nowhere verbatim: found through the Finnish and English stemmers.
    assert found("museoon") == ["lahti-radio-tv-museum"]
    assert found("platforms") == ["smart-urban-platform"]
    # Best match first: a title hit outranks a body hit.
    ranked = list(
        search.search(GoodPractice.objects.published(), "platform").values_list("slug", flat=True)
    )
    assert ranked[0] == "smart-urban-platform"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_the_search_vector_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'goodpractices_goodpractice'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin (search_vector)" in d for d in definitions), definitions


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
@pytest.mark.parametrize("ranked_in_subquery_from", [10, 1000])
def test_a_ranked_search_pages_through_every_match_best_first(
    client, monkeypatch, ranked_in_subquery_from
):
    from tests.factories import GoodPracticeFactory

    # Both ways of ranking a page: in a subquery of the page's ids (many matches), and
    # the whole query sliced (few).
    monkeypatch.setattr("goodpractices.views.RANK_IN_SUBQUERY_FROM", ranked_in_subquery_from)

    # Five title hits, then twenty body hits: more than a page (20), ranked across pages.
    titles = [GoodPracticeFactory(title_en=f"Lighthouse keepers {n}") for n in range(5)]
    bodies = [
        GoodPracticeFactory(description_en=f"<p>Near the lighthouse, number {n}.</p>")
        for n in range(20)
    ]
    GoodPracticeFactory(title_en="Unrelated", description_en="<p>Nothing here.</p>")
    pages = [
        [
            p.slug
            for p in client.get("/en/good-practices/", {"q": "lighthouse", "page": page}).context[
                "practices"
            ]
        ]
        for page in (1, 2)
    ]
    assert [len(page) for page in pages] == [20, 5]
    shown = pages[0] + pages[1]
    assert sorted(shown) == sorted(p.slug for p in titles + bodies)
    assert set(shown[:5]) == {p.slug for p in titles}
    ranked = search.search(GoodPractice.objects.published(), "lighthouse")
    assert shown == list(ranked.values_list("slug", flat=True))
