from allauth.account.adapter import DefaultAccountAdapter

from pages.identity import email_subject_prefix


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails carry the portal's name in the language they are sent in."""

    def format_email_subject(self, subject):
        return email_subject_prefix() + str(subject)
