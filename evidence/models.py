"""Evidence you can compare: results as indicators and a defined evidence level."""

import decimal
import json
import os
import uuid

from django.conf import global_settings, settings
from django.db import models
from django.db.models import F, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, JSONObject
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .videos import Video

MIN_YEAR, MAX_YEAR = 1900, 2200


class EvidenceLevel(models.IntegerChoices):
    """How far a practice's success is shown, from a tried idea to a transfer.

    Ordered: a higher level includes what the lower ones ask for.
    """

    IDEA_TESTED = 1, _("Idea tested")
    RESULTS_MEASURED = 2, _("Results measured")
    INDEPENDENTLY_EVALUATED = 3, _("Independently evaluated")
    TRANSFERRED = 4, _("Transferred elsewhere")

    @classmethod
    def criteria(cls):
        """Return (level, label, criteria) for every level, lowest first."""
        texts = {
            cls.IDEA_TESTED: _(
                "The practice was carried out at least once, for instance as a "
                "pilot, and what happened is described; its results are not "
                "measured yet."
            ),
            cls.RESULTS_MEASURED: _(
                "Its results are measured: at least one indicator gives a value "
                "reached in a given year, with its source, ideally against a "
                "baseline."
            ),
            cls.INDEPENDENTLY_EVALUATED: _(
                "Someone outside the team that ran it (an evaluator, an auditor, "
                "researchers) assessed its results, and the evaluation can be "
                "read or obtained."
            ),
            cls.TRANSFERRED: _(
                "Another region or city took the practice up and reports "
                "comparable results."
            ),
        }
        return [(level, level.label, texts[level]) for level in cls]


class Indicator(models.Model):
    """One measured result of a practice: where it started, aimed and got to."""

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("practice"),
    )
    name = models.CharField(
        _("indicator"),
        max_length=200,
        help_text=_("What was measured, e.g. “Jobs created in creative firms”."),
    )
    unit = models.CharField(
        _("unit"), max_length=50, help_text=_("e.g. jobs, EUR, %, participants.")
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    achieved_value = models.DecimalField(
        _("achieved value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    achieved_year = models.PositiveSmallIntegerField(
        _("year achieved"), null=True, blank=True
    )
    source_title = models.CharField(
        _("source"),
        max_length=250,
        blank=True,
        help_text=_("The document the figures come from, e.g. “Final report, 2015”."),
    )
    source_url = models.URLField(
        _("source link"),
        max_length=500,
        blank=True,
        help_text=_("A public address where readers can check the figures."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=False)
                | Q(target_value__isnull=False)
                | Q(achieved_value__isnull=False),
                name="indicator_has_a_value",
                violation_error_message=_(
                    "Give at least a baseline, a target or an achieved value."
                ),
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True)
                | Q(baseline_year__isnull=False),
                name="indicator_baseline_has_year",
                violation_error_message=_("Give the year of the baseline."),
            ),
            models.CheckConstraint(
                condition=Q(achieved_value__isnull=True)
                | Q(achieved_year__isnull=False),
                name="indicator_achieved_has_year",
                violation_error_message=_("Give the year the value was achieved."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(baseline_year__isnull=True)
                    | Q(baseline_year__gte=MIN_YEAR, baseline_year__lte=MAX_YEAR)
                )
                & (
                    Q(achieved_year__isnull=True)
                    | Q(achieved_year__gte=MIN_YEAR, achieved_year__lte=MAX_YEAR)
                ),
                name="indicator_years_plausible",
                violation_error_message=_("Years lie between 1900 and 2200."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(achieved_year__isnull=True)
                | Q(achieved_year__gte=F("baseline_year")),
                name="indicator_achieved_after_baseline",
                violation_error_message=_(
                    "The year achieved cannot come before the baseline year."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#results"


class EvidenceAssessment(models.Model):
    """The evidence level of a practice: proposed by its author, set by an expert."""

    practice = models.OneToOneField(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="evidence_assessment",
        verbose_name=_("practice"),
    )
    proposed_level = models.PositiveSmallIntegerField(
        _("proposed evidence level"),
        choices=EvidenceLevel,
        null=True,
        blank=True,
    )
    level = models.PositiveSmallIntegerField(
        _("evidence level"), choices=EvidenceLevel, null=True, blank=True
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_levels_set",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), null=True, blank=True)
    # "Still true?": once a year the author confirms that the practice still runs
    # (evidence/confirmations.py).
    confirmed_at = models.DateTimeField(
        _("confirmed still running"), null=True, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices_confirmed",
        verbose_name=_("confirmed by"),
    )
    confirmation_note = models.TextField(
        _("achieved since"),
        blank=True,
        max_length=2000,
        help_text=_("What the practice has achieved since it was published."),
    )
    confirmation_requested_at = models.DateTimeField(
        _("confirmation asked"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("evidence assessment")
        verbose_name_plural = _("evidence assessments")
        ordering = ["practice"]

    def __str__(self):
        return str(self.practice)

    def get_absolute_url(self):
        return reverse("evidence:levels")


# The documents a practice may carry, by the type their content shows.
DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_LANGUAGES = sorted(
    ((code, name) for code, name in global_settings.LANGUAGES if "-" not in code),
    key=lambda pair: str(pair[1]),
)


def document_path(instance, filename):
    """Store under an unguessable name; the download view gives the real one."""
    extension = DOCUMENT_TYPES.get(instance.content_type, "")
    return f"practice-documents/{instance.practice_id}/{uuid.uuid4().hex}{extension}"


class Document(models.Model):
    """A report, call text or table behind a practice, downloaded as a file.

    Served only by ``evidence:document``, to those who may see the practice:
    a draft's documents are as private as the draft.
    """

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("practice"),
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=10, choices=DOCUMENT_LANGUAGES, default="en"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=MAX_DOCUMENT_BYTES),
                name="document_size_limit",
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=list(DOCUMENT_TYPES)),
                name="document_known_type",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evidence:document", kwargs={"pk": self.pk})

    @property
    def extension(self):
        return DOCUMENT_TYPES.get(self.content_type, "")

    @property
    def kind(self):
        """The file format as readers name it: PDF, DOCX..."""
        return self.extension.lstrip(".").upper()

    @property
    def download_name(self):
        return f"{slugify(self.title)[:80] or 'document'}{self.extension}"

    @property
    def stored_name(self):
        return os.path.basename(self.file.name)


class PracticeImage(models.Model):
    """A photo or chart of a practice, kept as re-encoded variants of a few widths.

    Served by ``evidence:image`` to those who may see the practice.
    """

    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        related_name="images",
        verbose_name=_("practice"),
    )
    alt = models.CharField(
        _("text alternative"),
        max_length=250,
        help_text=_(
            "What the image shows, for readers who cannot see it "
            "(e.g. “Young designers in the Namur workshop”)."
        ),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    content_type = models.CharField(_("type"), max_length=20, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    # [[width, height, stored name], ...], narrowest first.
    variants = models.JSONField(_("variants"), default=list, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt=""), name="image_has_alt"),
        ]

    def __str__(self):
        return self.alt

    def get_absolute_url(self):
        return self.url_for(self.width)

    def url_for(self, width):
        return reverse("evidence:image", kwargs={"pk": self.pk, "width": width})

    @property
    def srcset(self):
        return ", ".join(f"{self.url_for(w)} {w}w" for w, _h, _name in self.variants)


INDICATOR_FIELDS = [
    "id",
    "order",
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "achieved_value",
    "achieved_year",
    "source_title",
    "source_url",
]

DOCUMENT_FIELDS = ["id", "title", "language", "content_type", "size", "uploaded_at"]
IMAGE_FIELDS = ["id", "alt", "caption", "width", "height", "variants", "uploaded_at"]
VIDEO_FIELDS = ["id", "title", "url", "added_at"]


def _joined(model, fields):
    """A subquery of a practice's rows of ``model`` as JSON objects, comma-joined."""
    return (
        model.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(
            rows=StringAgg(
                Cast(
                    JSONObject(**{name: name for name in fields}),
                    models.TextField(),
                ),
                Value(","),
            )
        )
        .values("rows")
    )


def with_evidence(practices):
    """Add a practice's evidence level and indicators to the query that reads it.

    The practice page has a budget of queries: the level comes by a join, the
    indicators as JSON objects joined by commas in a subquery (as
    ``with_listed_followers`` does), read back with ``indicators_of``.
    """
    rows = (
        Indicator.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(
            rows=StringAgg(
                Cast(
                    JSONObject(**{name: name for name in INDICATOR_FIELDS}),
                    models.TextField(),
                ),
                Value(","),
            )
        )
        .values("rows")
    )
    documents = (
        Document.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(
            rows=StringAgg(
                Cast(
                    JSONObject(**{name: name for name in DOCUMENT_FIELDS}),
                    models.TextField(),
                ),
                Value(","),
            )
        )
        .values("rows")
    )
    images = (
        PracticeImage.objects.filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(
            rows=StringAgg(
                Cast(
                    JSONObject(**{name: name for name in IMAGE_FIELDS}),
                    models.TextField(),
                ),
                Value(","),
            )
        )
        .values("rows")
    )
    return practices.select_related("evidence_assessment").annotate(
        indicators_joined=Subquery(rows),
        documents_joined=Subquery(documents),
        images_joined=Subquery(images),
        videos_joined=Subquery(_joined(Video, VIDEO_FIELDS)),
    )


def indicators_of(practice):
    """Return the practice's indicators, in order, without a query if annotated."""
    if not hasattr(practice, "indicators_joined"):
        return list(practice.indicators.all())
    rows = json.loads(
        f"[{practice.indicators_joined or ''}]", parse_float=decimal.Decimal
    )
    indicators = []
    for row in rows:
        for name in ("baseline_value", "target_value", "achieved_value"):
            if row[name] is not None:
                row[name] = decimal.Decimal(str(row[name]))
        indicators.append(Indicator(practice_id=practice.pk, **row))
    indicators.sort(key=lambda indicator: (indicator.order, indicator.pk))
    return indicators


def documents_of(practice):
    """Return the practice's documents, in order, without a query if annotated."""
    if not hasattr(practice, "documents_joined"):
        return list(practice.documents.all())
    rows = json.loads(f"[{practice.documents_joined or ''}]")
    documents = [Document(practice_id=practice.pk, **row) for row in rows]
    documents.sort(key=lambda document: (str(document.uploaded_at), document.pk))
    return documents


def images_of(practice):
    """Return the practice's images, in order, without a query if annotated."""
    if not hasattr(practice, "images_joined"):
        return list(practice.images.all())
    images = []
    for row in json.loads(f"[{practice.images_joined or ''}]"):
        if isinstance(row["variants"], str):  # SQLite nests JSON as text
            row["variants"] = json.loads(row["variants"])
        images.append(PracticeImage(practice_id=practice.pk, **row))
    images.sort(key=lambda image: (str(image.uploaded_at), image.pk))
    return images


def videos_of(practice):
    """Return the practice's videos, in order, without a query if annotated."""
    if not hasattr(practice, "videos_joined"):
        return list(practice.videos.all())
    videos = [
        Video(practice_id=practice.pk, **row)
        for row in json.loads(f"[{practice.videos_joined or ''}]")
    ]
    videos.sort(key=lambda video: (str(video.added_at), video.pk))
    return videos
