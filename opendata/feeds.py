from django.contrib.syndication.views import Feed
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pages.identity import portal_name
from practices.models import Practice
from transfers.models import Transfer, confirmed_prefetch

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
        # A confirmed transfer (or its new stage) is news about the practice.
        last_transfer = Max(
            "transfers__updated_at",
            filter=Q(transfers__status=Transfer.Status.CONFIRMED),
        )
        return (
            Practice.objects.published()
            .select_related("main_institution")
            .annotate(
                changed_at=Greatest("updated_at", Coalesce(last_transfer, "updated_at"))
            )
            .prefetch_related(confirmed_prefetch())
            .order_by("-changed_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        transfers = item.confirmed_transfers
        if not transfers:
            return item.summary
        places = "; ".join(f"{t.place} ({t.get_stage_display()})" for t in transfers)
        line = ngettext(
            "Transferred to %(count)d region: %(places)s",
            "Transferred to %(count)d regions: %(places)s",
            len(transfers),
        ) % {"count": len(transfers), "places": places}
        return f"{item.summary}\n\n{line}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_author_name(self, item):
        # The institution, never a person's address.
        return item.main_institution.name
