from django.apps import AppConfig
from django.db import models
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policy objectives")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from practices.receivers import content_changed

        from .models import PolicyTag

        # The tags are shown on public pages: tagging retires cached pages.
        m2m_changed.connect(
            content_changed,
            sender=PolicyTag.practices.through,
            dispatch_uid="cache-policy-tags",
        )

    def compare_rows(self, practices):
        """The objectives and goals of each practice, for the comparison (1 query)."""
        from django.utils.translation import gettext

        from .models import PolicyTag

        tags = {}
        for tag in PolicyTag.objects.filter(practices__in=practices).annotate(
            practice_id=models.F("practices")
        ):
            tags.setdefault((tag.practice_id, tag.kind), []).append(tag.short_label)
        return [
            (
                gettext("EU cohesion policy"),
                [", ".join(tags.get((p.pk, "objective"), [])) for p in practices],
            ),
            (
                gettext("Sustainable Development Goals"),
                [", ".join(tags.get((p.pk, "sdg"), [])) for p in practices],
            ),
        ]
