from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        from . import signals  # noqa: F401

    def personal_data(self, user):
        """Return the user's follows, the opinions they wrote, the practices they
        author (for the "your data" download)."""
        from .models import ExpertOpinion, Follow, Practice

        return {
            "follows": list(
                Follow.objects.filter(user=user)
                .order_by("created_at", "pk")
                .values("practice__title", "practice__slug", "created_at")
            ),
            "expert_opinions": list(
                ExpertOpinion.objects.filter(expert=user)
                .order_by("created_at", "pk")
                .values("practice__slug", "text", "created_at", "updated_at")
            ),
            "practices_authored": list(
                Practice.objects.filter(author=user)
                .order_by("title")
                .values("title", "slug", "status")
            ),
        }
