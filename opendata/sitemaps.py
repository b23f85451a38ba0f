from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Practice


class LocalisedSitemap(Sitemap):
    """Every URL in English and French, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticViewSitemap(LocalisedSitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "practices:list", "pages:privacy", "pages:accessibility"]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(LocalisedSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Practice.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": StaticViewSitemap, "practices": PracticeSitemap}
