from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from goodpractices.models import GoodPractice
from partners.models import Partner


class PortalSitemap(Sitemap):
    # Every page exists in every language; English stands in where a text is missing.
    i18n = True
    alternates = True
    x_default = True


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
            "reporting:results",
            "contact",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class PartnerSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Partner.objects.order_by("order", "slug")


class EventSitemap(PortalSitemap):
    priority = 0.5

    def items(self):
        return Event.objects.public().order_by("-start")


class GoodPracticeSitemap(PortalSitemap):
    priority = 0.7

    def items(self):
        return GoodPractice.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "partners": PartnerSitemap,
    "events": EventSitemap,
    "goodpractices": GoodPracticeSitemap,
}
