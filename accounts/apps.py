from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import receivers  # noqa: F401

    def personal_data(self, user):
        """Return the profile, the e-mail addresses and the account's dates."""
        return {
            "profile": {
                "email": user.email,
                "display_name": user.display_name,
                "job_title": user.job_title,
                "organisation": user.organisation,
                "country": str(user.country.code or ""),
                "region": user.region,
                "is_listed_as_follower": user.is_listed_as_follower,
                "language": user.language,
            },
            "email_addresses": list(
                user.emailaddress_set.order_by("email").values(
                    "email", "verified", "primary"
                )
            ),
            "groups": list(user.groups.order_by("name").values_list("name", flat=True)),
            "is_staff": user.is_staff,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        }
