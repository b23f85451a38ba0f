from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = _("Transfers to other regions")

    def ready(self):
        from . import receivers

        receivers.connect()

    def compare_rows(self, practices):
        """The confirmed transfers of each practice, for the comparison (1 query)."""
        from django.db.models import Count, Q
        from django.utils.translation import gettext

        from .models import Stage, Transfer

        counts = {
            row["practice"]: row
            for row in Transfer.objects.confirmed()
            .filter(practice__in=practices)
            .values("practice")
            .annotate(
                n=Count("pk"),
                implemented=Count("pk", filter=Q(stage=Stage.IMPLEMENTED)),
            )
        }
        empty = {"n": 0, "implemented": 0}
        return [
            (
                gettext("Confirmed transfers (implemented)"),
                [
                    "{n} ({implemented})".format(**counts.get(p.pk, empty))
                    for p in practices
                ],
            )
        ]

    def personal_data(self, user):
        """The transfers the member recorded or decided on, and their interests."""
        from .models import Interest, Transfer

        return {
            "transfers_recorded": [
                {
                    "practice": t.practice.title,
                    "organisation": t.organisation_label,
                    "country": t.country.code,
                    "region": t.region,
                    "nuts_code": t.nuts_code,
                    "stage": t.stage,
                    "stopped_reason": t.stopped_reason,
                    "adaptations": t.adaptations,
                    "results": t.results,
                    "start_date": t.start_date.strftime("%Y-%m"),
                    "is_contactable": t.is_contactable,
                    "status": t.status,
                    "recorded_at": t.created_at.isoformat(),
                }
                for t in Transfer.objects.filter(recorded_by=user).select_related(
                    "practice", "organisation"
                )
            ],
            "considering": [
                {
                    "practice": i.practice.title,
                    "note": i.note,
                    "visible_to_peers": i.is_visible_to_peers,
                    "since": i.created_at.isoformat(),
                }
                for i in Interest.objects.filter(user=user).select_related("practice")
            ],
        }
