"""The history of a practice's life: status changes, content revisions, opinions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices.models import ExpertOpinion, Practice


class PracticeTransition(models.Model):
    """One status change of a practice, by whom and why."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("practice"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Practice.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Practice.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_transitions",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.practice}: {self.from_status} → {self.to_status}"

    def get_absolute_url(self):
        return reverse("publishing:preview", kwargs={"pk": self.practice_id})


class PracticeRevision(models.Model):
    """A snapshot of a practice and its parts, taken after a significant edit."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("practice"),
    )
    snapshot = models.JSONField(_("snapshot"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_revisions",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return _("Revision of %(practice)s at %(at)s") % {
            "practice": self.practice,
            "at": self.at,
        }

    def get_absolute_url(self):
        return reverse("publishing:revisions", kwargs={"pk": self.practice_id})

    def restore_comment(self):
        return _("Restored the revision of %(at)s") % {
            "at": self.at.strftime("%Y-%m-%d %H:%M")
        }


class ExpertOpinionRevision(models.Model):
    """The text an expert opinion had before an edit."""

    opinion = models.ForeignKey(
        ExpertOpinion,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("expert opinion"),
    )
    text = models.TextField(_("opinion"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier opinion text")
        verbose_name_plural = _("earlier opinion texts")
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.opinion.get_absolute_url()
