from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from pages.identity import portal_name
from practices.models import Practice

FEED_SIZE = 30


class PracticeFeed(Feed):
    """Atom feed of the practices published or updated last (public fields only)."""

    feed_type = Atom1Feed

    def title(self):
        return _("%(portal)s: new and updated good practices") % {
            "portal": portal_name()
        }

    subtitle = _("Policy practices that worked, as regions and cities publish them.")

    def link(self):
        return reverse("practices:list")

    def items(self):
        return (
            Practice.objects.published()
            .select_related("main_institution")
            .order_by("-updated_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        # The institution, never a person's address.
        return item.main_institution.name
