"""Transfers of a practice to other regions, and the members considering one."""

import datetime
import json

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from practices.models import Organisation, Practice
from practices.models.base import TimeStampedModel, nuts_code_validator


class Stage(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    ADAPTING = "adapting", _("Adapting")
    IMPLEMENTED = "implemented", _("Implemented")
    STOPPED = "stopped", _("Stopped")


class TransferQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Transfer.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Transfer.Status.PENDING)

    def for_display(self):
        return self.select_related("organisation").order_by(
            "-start_date", "country", "pk"
        )

    def public(self):
        """Confirmed transfers of published practices: what any reader may see."""
        return self.confirmed().filter(practice__in=Practice.objects.published())

    def visible_to(self, user):
        """Confirmed transfers, plus those the user recorded or may decide on."""
        if not user.is_authenticated:
            return self.confirmed()
        if user.is_staff or user.has_perm("practices.review_practice"):
            return self.all()
        return self.filter(
            Q(status=Transfer.Status.CONFIRMED)
            | Q(recorded_by=user)
            | Q(practice__author=user)
        )


def with_confirmed_transfers(practices):
    """Annotate each practice's confirmed transfers, in the same query.

    Read with ``confirmed_transfers_of(practice)``. Like the listed followers,
    each transfer is a JSON object joined with commas by a subquery, so the
    practice page shows its transfers without a query of its own.
    """
    rows = (
        Transfer.objects.confirmed()
        .filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(
            joined=StringAgg(
                Cast(
                    JSONObject(
                        id="pk",
                        organisation_id="organisation_id",
                        organisation=Coalesce(
                            "organisation__name", "organisation_name"
                        ),
                        country="country",
                        region="region",
                        nuts_code="nuts_code",
                        stage="stage",
                        start_date="start_date",
                        results="results",
                        stopped_reason="stopped_reason",
                    ),
                    models.TextField(),
                ),
                Value(","),
            )
        )
        .values("joined")
    )
    return practices.annotate(confirmed_transfers_joined=Subquery(rows))


def confirmed_transfers_of(practice):
    """The practice's confirmed transfers, latest start first (unsaved copies).

    Uses ``with_confirmed_transfers``'s annotation when the practice has it,
    otherwise asks the database.
    """
    kept = practice.__dict__.get("_confirmed_transfers")
    if kept is not None:
        return kept
    if hasattr(practice, "confirmed_transfers_joined"):
        transfers = _parse_joined(practice)
    else:
        confirmed = Transfer.objects.confirmed().filter(practice=practice)
        transfers = list(confirmed.for_display())
    # Read once per practice object, however many parts of a page ask.
    practice.__dict__["_confirmed_transfers"] = transfers
    return transfers


def _parse_joined(practice):
    transfers = []
    for row in json.loads(f"[{practice.confirmed_transfers_joined or ''}]"):
        start = datetime.date.fromisoformat(str(row.pop("start_date"))[:10])
        name = row.pop("organisation") or ""
        listed = row.pop("organisation_id", None)
        transfer = Transfer(
            pk=row.pop("id"),
            practice=practice,
            organisation_name=name,
            start_date=start,
            status=Transfer.Status.CONFIRMED,
            **row,
        )
        if listed is not None:
            # The listed organisation's id and name, so that its page is linked
            # without a query of its own.
            transfer.organisation = Organisation(pk=listed, name=name)
        transfers.append(transfer)
    transfers.sort(key=lambda t: (-t.start_date.toordinal(), str(t.country), t.pk))
    return transfers


def confirmed_prefetch():
    """Prefetch a practice's confirmed transfers as ``confirmed_transfers``."""
    return models.Prefetch(
        "transfers",
        queryset=Transfer.objects.confirmed().for_display(),
        to_attr="confirmed_transfers",
    )


def transfer_data(transfer):
    """The public fields of a confirmed transfer, as open data publishes them."""
    return {
        "organisation": transfer.organisation_label,
        "country": transfer.country.code,
        "region": transfer.region,
        "nuts_code": transfer.nuts_code,
        "stage": transfer.stage,
        "start_date": transfer.start_date.strftime("%Y-%m"),
        "adaptations": transfer.adaptations,
        "results": transfer.results,
        "stopped_reason": transfer.stopped_reason,
        "confirmed_at": transfer.decided_at.isoformat()
        if transfer.decided_at
        else None,
    }


class Transfer(TimeStampedModel):
    """An organisation's transfer of a practice to its own region.

    Recorded by a member of that organisation; public once the practice's
    author (or an expert, or staff) confirms it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="transfers",
        verbose_name=_("practice"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_transfers",
        verbose_name=_("recorded by"),
    )
    # A listed organisation when there is one; otherwise its name as typed, since
    # members cannot add to the curated list of organisations.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("organisation (listed)"),
    )
    organisation_name = models.CharField(
        _("organisation (not listed)"), max_length=200, blank=True
    )
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=150, blank=True)
    nuts_code = models.CharField(
        _("NUTS code"),
        max_length=5,
        blank=True,
        validators=[nuts_code_validator],
        help_text=_("The region's NUTS code, e.g. FR10 for Île-de-France."),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage, default=Stage.EXPLORING
    )
    stopped_reason = models.TextField(_("why it stopped"), max_length=2000, blank=True)
    adaptations = models.TextField(
        _("what you adapted and why"), max_length=5000, blank=True
    )
    results = models.TextField(_("results so far"), max_length=5000, blank=True)
    start_date = models.DateField(
        _("started"), help_text=_("Month precision: the first day of the month.")
    )
    is_contactable = models.BooleanField(
        _("readers may contact us"),
        default=False,
        help_text=_("Signed-in readers may then write to you through the portal."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_transfers",
        verbose_name=_("confirmed or declined by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Loaded by load_demo.")
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["practice", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__day=1),
                name="transfer_start_is_month",
                violation_error_message=_("The start is a month: use its first day."),
            ),
            models.CheckConstraint(
                condition=~Q(stage="stopped") | ~Q(stopped_reason=""),
                name="transfer_stopped_has_reason",
                violation_error_message=_("Say why the transfer stopped."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="transfer_declined_has_reason",
                violation_error_message=_("Say why the transfer is declined."),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(organisation_name=""),
                name="transfer_has_organisation",
                violation_error_message=_("Name the organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.practice} → {self.place}"

    def get_absolute_url(self):
        return reverse("transfers:detail", kwargs={"pk": self.pk})

    @property
    def organisation_label(self):
        return (
            self.organisation.name if self.organisation_id else self.organisation_name
        )

    @property
    def place(self):
        parts = [self.region, self.country.name]
        label = ", ".join(part for part in parts if part)
        return f"{label} ({self.nuts_code})" if self.nuts_code else label

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class StageChange(models.Model):
    """One dated step of a transfer's history (its stage, or its confirmation)."""

    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("transfer"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.transfer}: {self.get_stage_display()}"

    def get_absolute_url(self):
        return self.transfer.get_absolute_url()

    @property
    def practice_id(self):
        """The practice whose page shows this change (for the page cache)."""
        return self.transfer.practice_id


class InterestQuerySet(models.QuerySet):
    def peers_of(self, interest):
        """Others considering the same practice who agreed to be seen."""
        return (
            self.filter(practice_id=interest.practice_id, is_visible_to_peers=True)
            .exclude(pk=interest.pk)
            .select_related("user")
        )


class Interest(models.Model):
    """A member says they are considering the practice for their region."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="interests",
        verbose_name=_("practice"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="transfer_interests",
        verbose_name=_("member"),
    )
    note = models.TextField(
        _("your context"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Your region, what you hope to achieve, where you are. "
            "At most 1,000 characters."
        ),
    )
    is_visible_to_peers = models.BooleanField(
        _("let the others considering this practice see me and my note"),
        default=False,
        help_text=_(
            "The author always sees it. Others considering the practice who "
            "agreed too can then write to you through the portal; your e-mail "
            "address stays private."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "user"], name="interest_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.practice}"

    def get_absolute_url(self):
        return reverse("transfers:consider", kwargs={"slug": self.practice.slug})
