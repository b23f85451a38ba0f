from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from pages.identity import email_subject_prefix, portal_name


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails carry the portal's name in the language they are sent in."""

    def format_email_subject(self, subject):
        return email_subject_prefix() + str(subject)

    def send_mail(self, template_prefix, email, context):
        # "Hello from <portal name>!", not from the bare domain name.
        site = get_current_site(allauth_context.request)
        context = {
            "current_site": SimpleNamespace(name=portal_name(), domain=site.domain),
            **context,
        }
        return super().send_mail(template_prefix, email, context)
