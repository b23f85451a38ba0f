"""Indicators, evidence levels and documents are shown on public pages: saving
them invalidates the page cache (see practices.cache); a deleted document's file
goes with it. Connected in ready()."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from practices.receivers import content_changed

from .models import Document, EvidenceAssessment, Indicator, PracticeImage, Video


def delete_file(sender, instance, **kwargs):
    """Delete a document's file once its row is gone (with its practice too)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        # Only once the deletion is committed: a rollback keeps the file.
        transaction.on_commit(lambda: storage.delete(name))


def delete_variants(sender, instance, **kwargs):
    """Delete an image's files once its row is gone."""
    names = [name for _w, _h, name in instance.variants]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def connect():
    post_delete.connect(delete_variants, sender=PracticeImage, dispatch_uid="ev-img")
    for model in (Indicator, EvidenceAssessment, Document, PracticeImage, Video):
        uid = f"evidence-cache-{model.__name__}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-del")
    post_delete.connect(delete_file, sender=Document, dispatch_uid="evidence-file")
