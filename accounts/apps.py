from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def personal_data(self, user):
        return {
            "email": user.email,
            "display_name": user.display_name,
            "job_title": user.job_title,
            "organisation": user.organisation,
            "country": user.country.code,
            "listed_as_follower": user.is_listed_as_follower,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified}
                for address in user.emailaddress_set.all()
            ],
        }
