"""The history of a practice's life: status changes, content revisions, opinions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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


class PracticeRevisionQuerySet(models.QuerySet):
    def open(self):
        """Return the proposals still in the author's or the experts' hands."""
        return self.filter(state__in=PracticeRevision.OPEN_STATES)

    def pending(self):
        return self.filter(state=PracticeRevision.State.PENDING)

    def published(self):
        return self.filter(state=PracticeRevision.State.PUBLISHED)


class PracticeRevision(models.Model):
    """A version of a practice's content and parts, kept as a JSON snapshot.

    A published revision is a version that was live. An author's edit of a
    published practice is a proposal instead: a pending revision, applied to the
    live rows only when an expert (or staff) publishes it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = [State.PENDING, State.CHANGES_REQUESTED]

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("practice"),
    )
    snapshot = models.JSONField(_("snapshot"))
    # The live content a proposal was made against, to show what it changes.
    based_on = models.JSONField(_("based on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.PUBLISHED
    )
    is_minor = models.BooleanField(
        _("minor correction"),
        default=False,
        help_text=_("Published by staff without review; opinions still apply."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="practice_revisions",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.CharField(_("comment"), max_length=250, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # When the version went live (for a published revision) or was judged.
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("changes requested"), blank=True)

    objects = PracticeRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        # Open proposals first, then the versions in the order they went live.
        ordering = [models.F("decided_at").desc(nulls_first=True), "-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                condition=Q(state__in=["pending", "changes_requested"]),
                name="practice_revision_one_open_proposal",
            ),
        ]

    def __str__(self):
        return _("Revision of %(practice)s at %(at)s") % {
            "practice": self.practice,
            "at": self.at,
        }

    def save(self, *args, **kwargs):
        if self.state == self.State.PUBLISHED and self.decided_at is None:
            self.decided_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publishing:revisions", kwargs={"pk": self.practice_id})

    @property
    def version_at(self):
        """When this version went live (or was last decided), else proposed."""
        return self.decided_at or self.at

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

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
