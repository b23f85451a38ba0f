from allauth.account.signals import user_signed_up
from django.conf import settings
from django.dispatch import receiver
from django.utils import translation


@receiver(user_signed_up, dispatch_uid="accounts-language-at-sign-up")
def keep_the_sign_up_language(request, user, **kwargs):
    """Write a new member's e-mails in the language they signed up in.

    They can choose another in their profile.
    """
    language = translation.get_language()
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
