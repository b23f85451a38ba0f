"""Expert opinions, and what a signed-in reader sees beyond the public page."""

import dataclasses
import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Q,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .follows import Follow


@dataclasses.dataclass(frozen=True)
class ReaderView:
    """What a signed-in reader sees of a practice beyond its public page."""

    opinions: list
    follows_practice: bool
    has_verified_email: bool


def _as_datetime(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


class ExpertOpinionManager(models.Manager):
    def for_reader(self, practice, user, kept_in=None):
        """Return the ``ReaderView`` of ``practice`` for ``user``.

        ``kept_in``: a (store, key) where it is kept between requests; the key
        must change whenever the view would (the practice page's generations
        and the reader's account generation, ``PracticeDetailView``).
        """
        if kept_in is None:
            view = self._read_for(practice.pk, user)
        else:
            store, key = kept_in
            view = store.get(key)
            if view is None:
                view = self._read_for(practice.pk, user)
                store.set(key, view, settings.PAGE_CACHE_SECONDS)
        for opinion in view.opinions:
            opinion.practice = practice
        return view

    def _read_for(self, practice_pk, user):
        """The ``ReaderView`` of practice ``practice_pk`` for ``user``, in one query.

        The practice's opinions, their experts' names, and the reader's follow
        and verified address. Written in SQL because it runs on every signed-in
        view of a practice: compiling the same with the ORM cost more than the
        rest of the view together; ``raw()`` still converts the fields' values.
        The opinions' rows are left-joined to a one-row table, so the reader's
        state comes back even when there is no opinion.
        """
        from allauth.account.models import EmailAddress

        User = self.model._meta.get_field("expert").related_model
        Revision = self.model._meta.get_field("judged_revision").related_model
        expert_fields = ["id", "email", "display_name", "job_title", "organisation"]
        expert_columns = ", ".join(f"u.{f} AS expert__{f}" for f in expert_fields)
        revisions = Revision._meta.db_table
        rows = list(
            self.raw(
                f"""
                SELECT o.id, o.created_at, o.updated_at, o.practice_id,
                       o.expert_id, o.text, o.judged_revision_id, {expert_columns},
                       j.decided_at AS judged_at,
                       EXISTS (SELECT 1 FROM {revisions} r
                               WHERE r.practice_id = o.practice_id
                                 AND r.state = %s AND r.is_minor = %s
                                 AND r.decided_at > j.decided_at)
                           AS changed_since,
                       EXISTS (SELECT 1 FROM {Follow._meta.db_table}
                               WHERE user_id = %s AND practice_id = %s)
                           AS follows_practice,
                       EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table}
                               WHERE user_id = %s AND verified = %s)
                           AS has_verified_email
                FROM (SELECT 1 AS one) AS reader
                LEFT JOIN {self.model._meta.db_table} o ON o.practice_id = %s
                LEFT JOIN {User._meta.db_table} u ON u.id = o.expert_id
                LEFT JOIN {revisions} j ON j.id = o.judged_revision_id
                ORDER BY o.created_at DESC
                """,
                [
                    Revision.State.PUBLISHED,
                    False,
                    user.pk,
                    practice_pk,
                    user.pk,
                    True,
                    practice_pk,
                ],
            )
        )
        opinions = [opinion for opinion in rows if opinion.pk is not None]
        for opinion in opinions:
            values = [getattr(opinion, f"expert__{f}") for f in expert_fields]
            # A deleted expert leaves the opinion without one (SET_NULL).
            opinion.expert = (
                User.from_db(self.db, expert_fields, values)
                if opinion.expert_id is not None
                else None
            )
            # The extra columns come back untyped on SQLite.
            opinion.judged_at = _as_datetime(opinion.judged_at)
            opinion.changed_since = bool(opinion.changed_since)
        return ReaderView(
            opinions=opinions,
            follows_practice=bool(rows[0].follows_practice),
            has_verified_email=bool(rows[0].has_verified_email),
        )


class ExpertOpinion(TimeStampedModel):
    """A platform expert's judgement of a practice, shown to signed-in users only."""

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="opinions",
        verbose_name=_("practice"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="expert_opinions",
        verbose_name=_("expert"),
    )
    text = models.TextField(_("opinion"))
    # The version of the practice the expert judged; a later published revision
    # (other than a minor correction) means the text has changed since.
    judged_revision = models.ForeignKey(
        "publishing.PracticeRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("judged version"),
    )

    objects = ExpertOpinionManager()

    class Meta:
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "expert"], name="expert_opinion_one_per_expert"
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="expert_opinion_text_not_empty"
            ),
        ]

    def __str__(self):
        return _("Opinion of %(expert)s on %(practice)s") % {
            "expert": self.expert or _("a former expert"),
            "practice": self.practice,
        }

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#expert-opinion"
