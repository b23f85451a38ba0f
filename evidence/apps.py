from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from . import receivers

        receivers.connect()

    def compare_rows(self, practices):
        """The evidence level and the indicators, for the comparison (2 queries)."""
        from django.utils.translation import gettext

        from .models import EvidenceAssessment, EvidenceLevel, Indicator

        levels = dict(
            EvidenceAssessment.objects.filter(
                practice__in=practices, level__isnull=False
            ).values_list("practice_id", "level")
        )
        results = {}
        for indicator in Indicator.objects.filter(practice__in=practices).order_by(
            "practice", "order", "pk"
        ):
            achieved = indicator.achieved_value
            text = indicator.name
            if achieved is not None:
                text += f": {achieved.normalize():f} {indicator.unit}".rstrip()
                if indicator.achieved_year:
                    text += f" ({indicator.achieved_year})"
            results.setdefault(indicator.practice_id, []).append(text)
        return [
            (
                gettext("Evidence level"),
                [
                    EvidenceLevel(levels[p.pk]).label
                    if p.pk in levels
                    else gettext("not assessed yet")
                    for p in practices
                ],
            ),
            (
                gettext("Results"),
                ["; ".join(results.get(p.pk, [])) for p in practices],
            ),
        ]

    def personal_data(self, user):
        """Return the evidence levels the user set, the videos they linked."""
        from .models import Video

        return {
            "videos_linked": list(
                Video.objects.filter(practice__author=user)
                .order_by("added_at", "pk")
                .values("practice__slug", "title", "url", "added_at")
            ),
            "practices_confirmed": list(
                user.practices_confirmed.order_by("confirmed_at").values(
                    "practice__slug", "confirmed_at", "confirmation_note"
                )
            ),
            "evidence_levels_set": list(
                user.evidence_levels_set.order_by("set_at").values(
                    "practice__title", "level", "set_at"
                )
            ),
        }
