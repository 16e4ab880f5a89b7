from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Partner


class PortalSitemap(Sitemap):
    # Every page exists in every language; English stands in where a text is missing.
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return ["home", "partners:list", "partners:instruments"]

    def location(self, item):
        return reverse(item)


class PartnerSitemap(PortalSitemap):
    priority = 0.6

    def items(self):
        return Partner.objects.order_by("order", "slug")


SITEMAPS = {"pages": StaticPagesSitemap, "partners": PartnerSitemap}
