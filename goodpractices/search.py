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
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import BooleanField, F, Func, Q

from core.richtext import plain_text

from . import glossary
from .folding import fold

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


_WORD = re.compile(r"\w+", re.UNICODE)


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


def _matches(tsquery):
    return _Matches(F("search_vector"), _Planned(tsquery))


# websearch syntax a reader may use on purpose: a quoted phrase, a word to leave out.
_OPERATORS = re.compile(r'"|(^|\s)-\w')


def search(queryset, query: str, *, rank=True):
    """Filter ``queryset`` of practices by the reader's words, best matches first.

    Each word (or phrase the glossary knows) is searched as itself in every language
    and, through goodpractices.glossary, as the same idea in the other languages."""
    query = (query or "").strip()[:200]
    if not words(query):
        return queryset
    if _OPERATORS.search(query):
        return _search_as_written(queryset, query, rank=rank)

    units = glossary.Glossary.load().units(query)
    if not units:
        return queryset
    if is_postgresql():
        return _search_postgresql(queryset, units, rank=rank)
    for unit in units:
        queryset = queryset.filter(_sqlite_unit(unit, queryset.model))
    return queryset


def _search_as_written(queryset, query, *, rank):
    """The query as PostgreSQL's websearch syntax reads it, without the glossary."""
    if is_postgresql():
        tsquery = _any_of(
            SearchQuery(query, config=config_name(language), search_type="websearch")
            for language in languages()
        )
        return _ranked(queryset.filter(_matches(tsquery)), tsquery, rank)
    for word in words(query):
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def _any_of(items):
    return reduce(or_, items)


def _all_of(items):
    return reduce(and_, items)


def _ranked(queryset, tsquery, rank):
    if not rank:
        return queryset
    return queryset.annotate(rank=SearchRank(F("search_vector"), tsquery)).order_by(
        "-rank", "-published_at", "pk"
    )


def _of_theme(model, theme_id):
    through = model.themes.through.objects.filter(theme_id=theme_id)
    return Q(pk__in=through.values("goodpractice_id"))


def _search_postgresql(queryset, units, *, rank):
    parts = [_postgresql_unit(unit) for unit in units]
    themes = [[i.theme_id for i in unit.ideas if i.theme_id] for unit in units]
    tsquery = _all_of(parts)
    if not any(themes):
        return _ranked(queryset.filter(_matches(tsquery)), tsquery, rank)
    for part, theme_ids in zip(parts, themes, strict=True):
        condition = Q(_matches(part))
        for theme_id in theme_ids:
            condition |= _of_theme(queryset.model, theme_id)
        queryset = queryset.filter(condition)
    return _ranked(queryset, tsquery, rank)


def _postgresql_unit(unit):
    """The unit in every language's configuration, or any form of what it names."""

    tsquery = _any_of(
        SearchQuery(unit.text, config=config_name(language), search_type="plain")
        for language in languages()
    )
    stem = glossary.polish_stem(unit.text) if _WORD.fullmatch(unit.text) else ""
    if stem:
        tsquery |= SearchQuery(f"{stem}:*", config=config_name("pl"), search_type="raw")
    for idea in unit.ideas:
        tsquery |= _postgresql_idea(idea)
    if unit.parts:
        tsquery |= _all_of(_any_of(_postgresql_idea(i) for i in ideas) for ideas in unit.parts)
    return tsquery


def _postgresql_idea(idea):
    """Any form of the idea, each in its own language's configuration; Polish forms by
    their stem as a prefix, since PostgreSQL does not stem Polish."""

    queries = []
    for language, forms in idea.forms.items():
        if BASE_CONFIGS[language] == "simple":
            raw = " | ".join(
                "("
                + " <-> ".join(f"{glossary.polish_stem(w) or w}:*" for w in _WORD.findall(form))
                + ")"
                for form in forms
            )
            queries.append(SearchQuery(raw, config=config_name(language), search_type="raw"))
        else:
            text = " or ".join(f'"{form}"' for form in forms)
            queries.append(SearchQuery(text, config=config_name(language), search_type="websearch"))
    return _any_of(queries)


def _prefix(word):
    return f"{glossary.polish_stem(word) or word}:*"


def _sqlite_unit(unit, model):
    """The folded text holds the unit, or a form of what it names (see _sqlite_idea)."""

    stem = glossary.polish_stem(unit.text) if _WORD.fullmatch(unit.text) else ""
    condition = Q(search_text__contains=stem or unit.text)
    for idea in unit.ideas:
        condition |= _sqlite_idea(idea, model)
    if unit.parts:
        condition |= _all_of(_any_of(_sqlite_idea(i, model) for i in ideas) for ideas in unit.parts)
    return condition


def _sqlite_idea(idea, model):

    texts, short = set(), set()
    for language, forms in idea.forms.items():
        for form in forms:
            if len(form) < glossary.MIN_STEM:
                short.add(form)  # a whole word: "iot" is not in "patriotic"
                continue
            if BASE_CONFIGS[language] == "simple" and _WORD.fullmatch(form):
                form = glossary.polish_stem(form) or form
            texts.add(form)
    conditions = [Q(search_text__contains=text) for text in sorted(texts)]
    conditions += [Q(search_text__regex=rf"\b{re.escape(text)}\b") for text in sorted(short)]
    condition = _any_of(conditions)
    if idea.theme_id:
        condition |= _of_theme(model, idea.theme_id)
    return condition
