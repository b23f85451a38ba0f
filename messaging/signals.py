from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Message


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="messaging-anonymise")
def anonymise_messages_of_deleted_user(sender, instance, **kwargs):
    # The author keeps the text they received; the person who wrote it is gone.
    Message.objects.filter(sender=instance).update(sender_name="", sender_email="")
