from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

EXPERT_PERMISSIONS = [
    "review_practice",
    "add_expertopinion",
    "change_expertopinion",
    "view_expertopinion",
]


def create_experts_group(app_config, using="default", apps=global_apps, **kwargs):
    """Make sure the Experts group exists with its permissions.

    Done after every migrate (and flush), the way Django creates permissions, so
    that staff only have to add people to the group.
    """
    if app_config.label != "practices":
        return
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    from .models import EXPERTS_GROUP

    group, _created = Group.objects.using(using).get_or_create(name=EXPERTS_GROUP)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="practices", codename__in=EXPERT_PERMISSIONS
        )
    )


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        from . import receivers

        receivers.connect()

        # After auth's own handler has created the permissions.
        post_migrate.connect(create_experts_group, dispatch_uid="experts-group")

    def personal_data(self, user):
        """The user's follows, the opinions they wrote, the practices they author."""
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
