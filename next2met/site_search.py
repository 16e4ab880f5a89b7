"""Search the whole public site from the header: good practices, events, news and partners.

Practices are found by the library's own engine (goodpractices.search: PostgreSQL text
search in the eight languages, or the folded text on SQLite), so the site search and the
library agree on what matches. Events and partners are few (tens, at most hundreds): a
record matches when each of the reader's words appears in one of its texts, in any
language. Each kind shows its best few and how many there are in all, with a link to
the full list where there is one. Two queries a kind, whatever the number of rows.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from events.models import Event
from goodpractices import search as practice_search
from goodpractices.models import GoodPractice
from news.models import NewsPost
from partners.models import Partner

SHOWN = 5
MAX_QUERY = 200
CODES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Group:
    kind: str  # "practices", "events", "partners": the anchor and the template's switch
    heading: str
    items: list = field(default_factory=list)
    total: int = 0
    more_url: str = ""  # the full list of this kind's matches, where the site has one


def _each_word_somewhere(words, translated, plain=()):
    """Every word in at least one of the fields: the translated ones in any of the eight
    languages, the plain ones as they are."""
    names = [f"{name}_{code}" for name in translated for code in CODES] + list(plain)

    def anywhere(word):
        return reduce(or_, (Q(**{f"{name}__icontains": word}) for name in names))

    return reduce(and_, (anywhere(word) for word in words))


def _group(kind, heading, queryset, more_url=""):
    total = queryset.count()
    items = list(queryset[:SHOWN]) if total else []
    return Group(kind, heading, items, total, more_url if total > SHOWN else "")


def site_search(query: str) -> list[Group]:
    query = (query or "").strip()[:MAX_QUERY]
    words = query.split()[:12]
    if not practice_search.words(query):
        return []
    practices = practice_search.search(GoodPractice.objects.published().for_cards(), query)
    if not practice_search.is_postgresql():
        practices = practices.order_by("-published_at", "-pk")
    events = (
        Event.objects.public()
        .select_related("host")
        .filter(_each_word_somewhere(words, ("title", "summary", "city")))
        .order_by("-start", "-pk")
    )
    news = (
        NewsPost.objects.published()
        .for_cards()
        .filter(_each_word_somewhere(words, ("title", "lead")))
        .newest_first()
    )
    partners = Partner.objects.filter(
        _each_word_somewhere(words, ("name", "region"), plain=("short_name",))
    ).order_by("order", "slug")
    return [
        _group(
            "practices",
            _("Good practices"),
            practices,
            reverse("goodpractices:list") + "?" + urlencode({"q": query}),
        ),
        _group("events", _("Events"), events),
        _group("news", _("News"), news),
        _group("partners", _("Partners"), partners),
    ]
