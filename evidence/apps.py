from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from . import receivers

        receivers.connect()

    def personal_data(self, user):
        """Return the evidence levels the user set as an expert."""
        return {
            "evidence_levels_set": list(
                user.evidence_levels_set.order_by("set_at").values(
                    "practice__title", "level", "set_at"
                )
            ),
        }
