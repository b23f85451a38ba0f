from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices.models import Follow, Practice


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("At once, one e-mail per change")
    WEEKLY = "weekly", _("A weekly digest")
    NEVER = "never", _("Never (the dashboard still lists the changes)")


class NotificationPreference(models.Model):
    """How often a user wants e-mails about the practices they follow."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("e-mail me about changes"),
        max_length=20,
        choices=Frequency,
        default=Frequency.IMMEDIATELY,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user"]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"

    def get_absolute_url(self):
        return reverse("following:preferences")

    @classmethod
    def set_for(cls, user, frequency):
        """Store the user's frequency, creating the row on first use."""
        cls.objects.update_or_create(user=user, defaults={"frequency": frequency})


# How many times sending a notice may fail before it is given up.
MAX_NOTICE_ATTEMPTS = 8


class NoticeQuerySet(models.QuerySet):
    def unsent(self):
        """Notices not e-mailed yet and not given up on."""
        return self.filter(emailed_at__isnull=True, failed_at__isnull=True)

    def for_frequency(self, frequency):
        """Keep notices due by e-mail at ``frequency``.

        A notice's own frequency (a saved search's) wins; without one, the
        user's preference applies (no preference row = at once).
        """
        chosen = Q(user__notification_preference__frequency=frequency)
        if frequency == Frequency.IMMEDIATELY:
            chosen |= Q(user__notification_preference__isnull=True)
        chosen = (Q(frequency="") & chosen) | Q(frequency=frequency)
        return self.filter(chosen, user__is_active=True)

    def deliverable(self, frequency):
        """Unsent notices that are due by e-mail with the given frequency."""
        return self.unsent().for_frequency(frequency)


class Notice(models.Model):
    """Tells one follower that a practice they follow changed."""

    class Kind(models.TextChoices):
        UPDATED = "updated", _("The practice was updated")
        OPINION = "opinion", _("A new expert opinion")
        PUBLISHED = "published", _("The practice was published")
        TRANSFER_RECORDED = (
            "transfer_recorded",
            _("A transfer of your practice awaits your confirmation"),
        )
        TRANSFER_CONFIRMED = "transfer_confirmed", _("A transfer was confirmed")
        TRANSFER_IMPLEMENTED = (
            "transfer_implemented",
            _("A region implemented the practice"),
        )
        # A newly published practice the user asked to hear of (discovery).
        SEARCH_MATCH = "search_match", _("A new practice matches your saved search")
        TOPIC_MATCH = "topic_match", _("A new practice on a topic you follow")

    # Notices of new practices: one per user and practice, whatever matched.
    NEW_PRACTICE_KEY = "new-practice"
    NEW_PRACTICE_KINDS = (Kind.SEARCH_MATCH, Kind.TOPIC_MATCH)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("user"),
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("practice"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # What the user asked to hear of: the saved search's or the topic's name.
    about = models.CharField(_("about"), max_length=200, blank=True)
    # Empty: the user's notification preference decides; a saved search's
    # notices carry the search's own frequency.
    frequency = models.CharField(
        _("e-mail frequency"), max_length=20, choices=Frequency, blank=True
    )
    # Identifies the change itself, so that a signal sent twice for the same
    # change (a retried request, two receivers) never makes two notices.
    change_key = models.CharField(_("change key"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    # Failed sends; at MAX_NOTICE_ATTEMPTS the notice is given up (failed_at):
    # one that can never be sent must not be tried for ever.
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "practice", "change_key"], name="notice_once_per_change"
            )
        ]
        indexes = [models.Index(fields=["user", "emailed_at"])]

    def __str__(self):
        return f"{self.user} · {self.practice} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.practice.get_absolute_url()

    @property
    def is_new_practice(self):
        return self.kind in self.NEW_PRACTICE_KINDS

    def describe(self):
        """What happened, for people: the kind, and what it matched if any."""
        if self.about:
            return _("%(kind)s: “%(about)s”") % {
                "kind": self.get_kind_display(),
                "about": self.about,
            }
        return self.get_kind_display()


def followed_by(user):
    """Return the user's follows, newest change of their practice first.

    A practice's last change is the later of its own ``updated_at`` and the
    user's latest notice about it (an expert opinion does not touch the
    practice row).
    """
    latest_notice = (
        Notice.objects.filter(user=OuterRef("user"), practice=OuterRef("practice"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Follow.objects.filter(user=user)
        .select_related("practice")
        .annotate(last_notice_at=Subquery(latest_notice))
        .annotate(
            last_changed_at=Greatest(
                "practice__updated_at",
                Coalesce("last_notice_at", "practice__updated_at"),
            )
        )
        .order_by("-last_changed_at", "-pk")
    )
