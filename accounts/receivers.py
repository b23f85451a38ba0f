from allauth.account.models import EmailAddress
from allauth.account.signals import user_signed_up
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from .generations import forget_member


@receiver(user_signed_up, dispatch_uid="accounts-language-at-sign-up")
def keep_the_sign_up_language(request, user, **kwargs):
    """Write a new member's e-mails in the language they signed up in.

    They can choose another in their profile.
    """
    language = translation.get_language()
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@receiver(
    post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-forget-kept"
)
@receiver(
    post_delete,
    sender=settings.AUTH_USER_MODEL,
    dispatch_uid="accounts-forget-kept-gone",
)
def forget_the_kept_member(sender, instance, using, **kwargs):
    forget_member(instance.pk, using)


@receiver(post_save, sender=EmailAddress, dispatch_uid="accounts-address-saved")
@receiver(post_delete, sender=EmailAddress, dispatch_uid="accounts-address-gone")
def forget_what_the_member_saw(sender, instance, using, **kwargs):
    """A verified address or not: what a member sees of a practice depends on it."""
    forget_member(instance.user_id, using)
