"""Search of the good-practice library in every language.

PostgreSQL: a stored ``tsvector`` holds every language's text, each stemmed with its
own configuration (``simple`` where PostgreSQL has none, as for Polish) behind
``unaccent``; a GIN index serves it. The reader's words are parsed with every
language's configuration and OR-ed, so a Finnish word finds Finnish text through the
Finnish stemmer, and a word in any language finds the practice.

SQLite: a stored folded copy of the same texts (case and accents removed) and a
substring match of every word, which gives the same results on the demo content.
"""

import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import BooleanField, F, Func

from core.richtext import plain_text

# PostgreSQL text search configuration per portal language.
BASE_CONFIGS = {
    "en": "english",
    "fi": "finnish",
    "de": "german",
    "pl": "simple",
    "es": "spanish",
    "ca": "catalan",
    "it": "italian",
    "fr": "french",
}
# Fields searched, with their weight (A counts most).
WEIGHTS = {
    "title": "A",
    "summary": "B",
    "description": "C",
    "main_institution": "C",
    "city": "C",
    "region": "C",
    "ris3_sectors": "C",
    "resources_needed": "D",
    "evidence_of_success": "D",
    "difficulties": "D",
    "potential_for_transfer": "D",
}


def config_name(language: str) -> str:
    return f"n2m_{language}"


def create_configs_sql() -> list[str]:
    """SQL that creates the accent-folding configurations (idempotent)."""
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for language, base in BASE_CONFIGS.items():
        name = config_name(language)
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})",
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, "
            f"word WITH unaccent, {base}_stem"
            if base != "simple"
            else f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, "
            "hword_part, word WITH unaccent, simple",
        ]
    return statements


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def search_vector():
    """The expression stored in ``GoodPractice.search_vector`` on PostgreSQL."""
    vector = None
    for language in languages():
        for field, weight in WEIGHTS.items():
            part = SearchVector(f"{field}_{language}", config=config_name(language), weight=weight)
            vector = part if vector is None else vector + part
    return vector


# Letters that Unicode does not decompose into a base letter and an accent.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: 'Łódź Café' -> 'lodz cafe'."""
    text = text.casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(practice) -> str:
    parts = []
    for language in languages():
        for field in WEIGHTS:
            parts.append(plain_text(getattr(practice, f"{field}_{language}", "") or ""))
    return fold(" ".join(p for p in parts if p))


def words(query: str) -> list[str]:
    return _WORD.findall(fold(query))[:12]


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class _Planned(Func):
    """The reader's query as a one-row subquery: PostgreSQL plans the match without
    knowing it (a fixed guess of a few matches) and so always reads the GIN index.
    Planned with the query itself, the guess for a common word ORed in eight languages
    is "every row", and the plan reads every row's search vector (about 8 KB each,
    stored out of line) where the index knows the matches without reading them."""

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class _Matches(Func):
    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def search(queryset, query: str, *, rank=True):
    """Filter ``queryset`` of practices by the reader's words, best matches first."""
    query = (query or "").strip()[:200]
    if not words(query):
        return queryset
    if is_postgresql():
        tsquery = None
        for language in languages():
            part = SearchQuery(query, config=config_name(language), search_type="websearch")
            tsquery = part if tsquery is None else tsquery | part
        queryset = queryset.filter(_Matches(F("search_vector"), _Planned(tsquery)))
        if rank:
            queryset = queryset.annotate(rank=SearchRank(F("search_vector"), tsquery)).order_by(
                "-rank", "-published_at", "pk"
            )
        return queryset
    for word in words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset
