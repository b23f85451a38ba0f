from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Practice
from transfers.places import organisations_with_pages, region_codes


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


class PlaceSitemap(LocalisedSitemap):
    """The organisation and region pages that have something public to show."""

    changefreq = "monthly"

    def items(self):
        organisations = organisations_with_pages().values_list("pk", flat=True)
        return [("organisation", pk) for pk in organisations] + [
            ("region", code) for code in region_codes()
        ]

    def location(self, item):
        name, key = item
        return reverse(f"places:{name}", args=[key])


SITEMAPS = {
    "pages": StaticViewSitemap,
    "practices": PracticeSitemap,
    "places": PlaceSitemap,
}
