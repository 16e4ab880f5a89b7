"""The sitemap index (/sitemap.xml) and its sections (/sitemap-<section>.xml?p=N).

Every page exists in every language, so each item gives one URL per language, each
with its alternates. A section file holds at most ``limit`` URLs (the protocol allows
50,000 and 50 MB; with nine alternates a URL weighs about 1.1 KB); bigger sections are
paged and the index lists every page. Items are narrow rows (``values()``), so a
section file costs one query whatever the size of the table, and the index one query
per section plus one for each section's newest ``lastmod``.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import get_language

from events.models import Event
from goodpractices.models import GoodPractice
from news.models import NewsPost
from partners.models import Partner, PolicyInstrument

# Stands for the slug in a reversed address (a valid slug no row has).
SLUG_MARK = "slug-mark-0"
# URLs (item × language) per section file: with nine alternates each, 2,000 URLs are
# about 2 MB, built in about 0.4 s at bench scale (Django's template is most of it).
SITEMAP_LIMIT = 2000


class PortalSitemap(Sitemap):
    # Every page exists in every language; English stands in where a text is missing.
    i18n = True
    alternates = True
    x_default = True
    limit = SITEMAP_LIMIT


class StaticPagesSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return [
            "home",
            "partners:list",
            "partners:instruments",
            "events:list",
            "goodpractices:list",
            "goodpractices:transfers",
            "news:list",
            "reporting:results",
            "contact",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class RowsSitemap(PortalSitemap):
    """A section of model rows: ``url_name`` takes the row's slug.

    A file asks for nine addresses per URL (its own and the alternates): the address
    is reversed once per language, with a mark where the slug goes, and the slug put
    in its place (slugs are ASCII letters, digits, "-" and "_": nothing to quote).
    Reversing each one took two thirds of a file's time."""

    url_name = ""

    def __init__(self):
        self._patterns = {}

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset().values("slug")

    def location(self, item):
        language = get_language()
        pattern = self._patterns.get(language)
        if pattern is None:
            pattern = reverse(self.url_name, kwargs={"slug": SLUG_MARK})
            self._patterns[language] = pattern
        return pattern.replace(SLUG_MARK, item["slug"])


class ModifiedRowsSitemap(RowsSitemap):
    """Rows with a modification time: each URL has its ``lastmod``, the index the newest."""

    def items(self):
        return self.queryset().values("slug", "updated_at")

    def lastmod(self, item):
        return item["updated_at"]

    def get_latest_lastmod(self):
        # One aggregate, not every row (Django's default reads them all).
        return self.queryset().aggregate(latest=Max("updated_at"))["latest"]


class PartnerSitemap(RowsSitemap):
    priority = 0.6
    url_name = "partners:detail"

    def queryset(self):
        return Partner.objects.order_by("order", "slug")


class PolicyInstrumentSitemap(RowsSitemap):
    priority = 0.6
    url_name = "partners:instrument"

    def queryset(self):
        return PolicyInstrument.objects.order_by("partner__order", "slug")


class EventSitemap(ModifiedRowsSitemap):
    priority = 0.5
    url_name = "events:detail"

    def queryset(self):
        return Event.objects.public().order_by("-start", "pk")


class GoodPracticeSitemap(ModifiedRowsSitemap):
    priority = 0.7
    url_name = "goodpractices:detail"

    def queryset(self):
        return GoodPractice.objects.published().order_by("pk")


class NewsSitemap(ModifiedRowsSitemap):
    priority = 0.5
    url_name = "news:detail"

    def queryset(self):
        return NewsPost.objects.published().order_by("-date", "-pk")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "partners": PartnerSitemap,
    "instruments": PolicyInstrumentSitemap,
    "events": EventSitemap,
    "goodpractices": GoodPracticeSitemap,
    "news": NewsSitemap,
}
