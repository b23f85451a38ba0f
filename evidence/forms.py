"""The forms of evidence: indicators in the wizard, the level proposed and set."""

import uuid

import filetype
from django import forms
from django.core.files.storage import default_storage
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.limits import MAX_VIDEOS
from practices.models import Practice

from . import images
from .models import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    Document,
    EvidenceAssessment,
    EvidenceLevel,
    Indicator,
    PracticeImage,
    Video,
)

# More rows than any practice needs; bounds what one request can create.
MAX_INDICATORS = 20


class IndicatorForm(forms.ModelForm):
    """One result of the practice, as figures a reader can compare."""

    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    achieved_year = forms.IntegerField(
        label=_("Year achieved"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Smaller numbers come first."),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "achieved_value",
            "achieved_year",
            "source_title",
            "source_url",
            "order",
        ]

    def clean_order(self):
        return self.cleaned_data["order"] or 0

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get(f"{name}_value") for name in ("baseline", "target")]
        values.append(cleaned.get("achieved_value"))
        if all(value is None for value in values) and not self.errors:
            raise forms.ValidationError(
                _("Give at least a baseline, a target or an achieved value.")
            )
        for name in ("baseline", "achieved"):
            value, year = cleaned.get(f"{name}_value"), cleaned.get(f"{name}_year")
            if value is not None and year is None:
                self.add_error(f"{name}_year", _("Give the year of this value."))
        baseline, achieved = cleaned.get("baseline_year"), cleaned.get("achieved_year")
        if baseline and achieved and achieved < baseline:
            self.add_error(
                "achieved_year",
                _("The year achieved cannot come before the baseline year."),
            )
        return cleaned


IndicatorFormSet = inlineformset_factory(
    Practice,
    Indicator,
    form=IndicatorForm,
    extra=1,
    can_delete=True,
    max_num=MAX_INDICATORS,
    absolute_max=MAX_INDICATORS,
    validate_max=True,
)


def _level_choices(blank_label):
    return [("", blank_label), *EvidenceLevel.choices]


class ProposedLevelForm(forms.Form):
    """The evidence level the author proposes; an expert sets the level itself.

    Bound like the wizard's model forms (``instance`` is the practice).
    """

    proposed_level = forms.TypedChoiceField(
        label=_("The evidence level you propose"),
        choices=_level_choices(_("I don't know yet")),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "See what each level asks for on the page “Evidence levels”. "
            "An expert sets the level when reviewing the practice."
        ),
    )

    def __init__(self, data=None, *, instance, prefix=None, initial=None):
        self.practice = instance
        assessment = EvidenceAssessment.objects.filter(practice=instance).first()
        proposed = assessment.proposed_level if assessment else None
        initial = {"proposed_level": proposed, **(initial or {})}
        super().__init__(data, initial=initial, prefix=prefix)

    def save(self, commit=True):
        assessment, _created = EvidenceAssessment.objects.get_or_create(
            practice=self.practice
        )
        assessment.proposed_level = self.cleaned_data["proposed_level"]
        assessment.full_clean()
        assessment.save(update_fields=["proposed_level"])
        return assessment


class LevelForm(forms.Form):
    """The evidence level an expert sets when publishing a practice."""

    level = forms.TypedChoiceField(
        label=_("Evidence level"),
        choices=_level_choices(_("Not set")),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Preselected: the level the author proposes."),
    )

    def save(self, *, practice, by):
        """Record the level and who set it (kept as it is when unchanged)."""
        assessment, _created = EvidenceAssessment.objects.get_or_create(
            practice=practice
        )
        level = self.cleaned_data["level"]
        if level == assessment.level:
            return assessment
        assessment.level = level
        assessment.set_by = by
        assessment.set_at = timezone.now()
        assessment.full_clean()
        assessment.save()
        return assessment


class DocumentForm(forms.ModelForm):
    """A document to add to a practice: its type is read from its content."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, ODT, DOCX or XLSX, up to 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.odt,.docx,.xlsx," + ",".join(DOCUMENT_TYPES)}
        ),
    )

    class Meta:
        model = Document
        fields = ["title", "language", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 20 MB."), code="too_large"
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        # By content, never by name: a PDF renamed .docx is a PDF.
        kind = filetype.guess(head)
        if kind is None or kind.mime not in DOCUMENT_TYPES:
            raise forms.ValidationError(
                _("This file is not a PDF, ODT, DOCX or XLSX document."),
                code="bad_type",
            )
        self.instance.content_type = kind.mime
        self.instance.size = upload.size
        return upload


class ImageForm(forms.Form):
    """An image to add to a practice, with the text that stands for it."""

    image = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    alt = PracticeImage._meta.get_field("alt").formfield()
    caption = PracticeImage._meta.get_field("caption").formfield()

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > images.MAX_IMAGE_BYTES:
            raise forms.ValidationError(
                _("The image is larger than 5 MB."), code="too_large"
            )
        try:
            self.kind, self.variants = images.image_variants(upload)
        except images.ImageRefused as refusal:
            raise forms.ValidationError(str(refusal), code="bad_image") from None
        return upload

    def save(self, *, practice):
        """Store the variants and record the image (files removed if that fails)."""
        content_type, extension = images.IMAGE_FORMATS[self.kind]
        stem = f"practice-images/{practice.pk}/{uuid.uuid4().hex}"
        saved = []
        try:
            for width, height, content in self.variants:
                name = default_storage.save(f"{stem}-{width}{extension}", content)
                saved.append([width, height, name])
            image = PracticeImage(
                practice=practice,
                alt=self.cleaned_data["alt"],
                caption=self.cleaned_data["caption"],
                content_type=content_type,
                width=saved[-1][0],
                height=saved[-1][1],
                variants=saved,
            )
            image.full_clean()
            image.save()
        except Exception:
            for _w, _h, name in saved:
                default_storage.delete(name)
            raise
        return image


class VideoForm(forms.ModelForm):
    """A link to a hosted video of the practice: a title and an https address."""

    class Meta:
        model = Video
        fields = ["title", "url"]

    def __init__(self, *args, practice, **kwargs):
        self.practice = practice
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update(
            {"inputmode": "url", "placeholder": "https://"}
        )

    def clean(self):
        cleaned = super().clean()
        if self.practice.videos.count() >= MAX_VIDEOS:
            raise forms.ValidationError(
                _("A practice can have at most %(max)d videos: delete one first."),
                params={"max": MAX_VIDEOS},
                code="too_many",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.practice = self.practice
        return super().save(commit)


class ConfirmForm(forms.Form):
    """The author's yearly word that the practice still runs, and what it achieved."""

    still_runs = forms.BooleanField(
        label=_("The practice still runs"),
        error_messages={
            "required": _(
                "Tick the box to confirm that the practice still runs. If it "
                "has stopped, contact us instead."
            )
        },
    )
    note = forms.CharField(
        label=_("What it has achieved since (optional)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
        help_text=_(
            "New results, a new phase, other regions that took it up. Shown on "
            "the practice page; to update the figures, change the results in "
            "the evidence step."
        ),
    )
