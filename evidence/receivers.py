"""Indicators and evidence levels are shown on public pages: saving them
invalidates the page cache (see practices.cache). Connected in ready()."""

from django.db.models.signals import post_delete, post_save

from practices.receivers import content_changed

from .models import EvidenceAssessment, Indicator


def connect():
    for model in (Indicator, EvidenceAssessment):
        uid = f"evidence-cache-{model.__name__}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-del")
