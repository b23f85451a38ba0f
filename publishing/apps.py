from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

# Session key: whether the signed-in user reviews practices (Experts group).
REVIEWER_SESSION_KEY = "publishing_is_reviewer"


def remember_reviewer(sender, request, user, **kwargs):
    # Read once at login, so that the header and the practice page need no
    # permission query on every request; the review views still check the
    # permission itself.
    if request is not None and hasattr(request, "session"):
        request.session[REVIEWER_SESSION_KEY] = user.has_perm(
            "practices.review_practice"
        )


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        user_logged_in.connect(remember_reviewer, dispatch_uid="publishing-reviewer")
