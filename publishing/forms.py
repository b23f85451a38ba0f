"""The forms of the submission wizard, the review and the opinion."""

import datetime

from django import forms
from django.db.models import F
from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pages.forms import SpecificMessagesMixin
from practices.languages import DESCRIPTION_FIELDS, PRACTICE_TEXT_FIELDS, column
from practices.limits import (
    MAX_ACTION_AXES,
    MAX_FUNDING_SOURCES,
    MAX_ITEMS_PER_SECTION,
    MAX_PARTNERS,
)
from practices.models import (
    ActionAxis,
    FundingSource,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
)


class MonthField(forms.DateField):
    """A month typed in an <input type="month">, stored as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        date = super().to_python(value)
        return date.replace(day=1) if isinstance(date, datetime.date) else date


class KeywordsField(forms.CharField):
    """Keywords typed as one comma-separated line, kept as a list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [word.strip() for word in value.split(",") if word.strip()]


# The largest primary key the databases store; bigger numbers typed into a form
# must be refused before they reach the database, which would fail on them.
MAX_PK = 2**63 - 1


def refuse_impossible_pks(field, values):
    for value in values:
        try:
            out_of_range = not -MAX_PK <= int(value) <= MAX_PK
        except (TypeError, ValueError):
            continue  # Django's own validation says what is wrong with it
        if out_of_range:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            refuse_impossible_pks(self, [value])
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        refuse_impossible_pks(self, value)
        return super()._check_values(value)


class OriginalTextMixin:
    """Read and write the practice's text in one language's columns.

    Title, summary and description have a column per language
    (practices/translation.py); the form works on ``text_language``'s, whatever
    the language of the interface the author uses.
    """

    def text_language(self):
        """The language of the columns the form writes."""
        return self.instance.language

    def initial_language(self, instance):
        """The language of the columns the form shows first."""
        return instance.language if instance is not None else get_language()

    def __init__(self, *args, instance=None, **kwargs):
        with override(self.initial_language(instance)):
            super().__init__(*args, instance=instance, **kwargs)

    def _post_clean(self):
        with override(self.text_language()):
            super()._post_clean()


class DescriptionForm(SpecificMessagesMixin, OriginalTextMixin, forms.ModelForm):
    """Step 1: what the practice is, in the language it is written in."""

    required_messages = {
        "title": _("Enter the practice's title"),
        "summary": _("Enter a summary of one or two sentences"),
        "description": _("Enter a description of the practice"),
    }

    keywords = KeywordsField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Separate keywords with commas."),
    )

    class Meta:
        model = Practice
        fields = ["language", "title", "summary", "description", "topics", "keywords"]
        widgets = {"topics": forms.CheckboxSelectMultiple}
        field_classes = {"topics": BoundedModelMultipleChoiceField}
        help_texts = {
            "language": _(
                "The language you write the practice in. Once it is saved, you "
                "may add a translation into the other language."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, it stays what it was (the author's language for a new one).
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language

    def text_language(self):
        return self.cleaned_data.get("language") or self.instance.language

    def _post_clean(self):
        previous = self.instance.language
        super()._post_clean()
        self.relabelled_from = None
        if self.instance.pk and self.instance.language != previous:
            # The text typed is in the new language: the old language's columns
            # held the same words, under the wrong label.
            for name in DESCRIPTION_FIELDS:
                setattr(self.instance, column(name, previous), None)
            # So is the rest of the original, which this step does not show: it
            # moves to the new language's columns (over the old translation).
            for name in set(PRACTICE_TEXT_FIELDS) - set(DESCRIPTION_FIELDS):
                new, old = column(name, self.instance.language), column(name, previous)
                setattr(self.instance, new, getattr(self.instance, old))
                setattr(self.instance, old, None)
            self.relabelled_from = previous

    def save(self, commit=True):
        practice = super().save(commit)
        if commit and self.relabelled_from:
            practice_parts_relabel(practice=practice, previous=self.relabelled_from)
        return practice


def practice_parts_relabel(*, practice, previous):
    """Move the parts' original text from ``previous``'s columns to the practice's.

    The author said the text is in another language than the one it was saved
    as: the same words get the right label (over the old translation, if any).
    """
    for model in (Partnership, ActionAxis, PracticeItem):
        updates = {}
        for name in model.TEXT_FIELDS:
            updates[column(name, practice.language)] = F(column(name, previous))
            updates[column(name, previous)] = None
        model.objects.filter(practice=practice).update(**updates)


class NewOrganisationMixin(forms.Form):
    """Fields to name an organisation that the portal does not know yet."""

    new_organisation = forms.CharField(
        label=_("Or add a new organisation: name"), max_length=200, required=False
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[("", "---------"), *Organisation.Kind.choices],
        required=False,
    )
    new_organisation_country = CountryField(blank=True).formfield(
        label=_("Country of the new organisation"), required=False
    )

    organisation_field = "organisation"

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("new_organisation") or "").strip()
        chosen = cleaned.get(self.organisation_field)
        if name and chosen:
            raise forms.ValidationError(
                _("Choose an existing organisation or add a new one, not both.")
            )
        if name:
            if Organisation.objects.filter(name__iexact=name).exists():
                self.add_error(
                    "new_organisation",
                    _("This organisation exists already: choose it in the list."),
                )
            for field in ("new_organisation_kind", "new_organisation_country"):
                if not cleaned.get(field):
                    self.add_error(field, _("Needed for a new organisation."))
        elif not chosen and self.organisation_required():
            self.add_error(
                self.organisation_field,
                _("Choose an organisation or add a new one."),
            )
        return cleaned

    def organisation_required(self):
        return True

    def new_organisation_instance(self):
        """Return the organisation to link, creating the new one if one was typed."""
        name = (self.cleaned_data.get("new_organisation") or "").strip()
        if not name:
            return self.cleaned_data.get(self.organisation_field)
        return Organisation.objects.create(
            name=name,
            kind=self.cleaned_data["new_organisation_kind"],
            country=self.cleaned_data["new_organisation_country"],
        )


class InstitutionForm(SpecificMessagesMixin, NewOrganisationMixin, forms.ModelForm):
    """Step 2: who led the practice, where and when."""

    required_messages = {
        "country": _("Choose the country"),
        "start_date": _("Enter the month the practice started"),
    }
    invalid_messages = {
        "start_date": _("Enter the start as a month and year, like 2013-01"),
        "end_date": _("Enter the end as a month and year, like 2016-12"),
    }

    start_date = MonthField(label=_("Start (month)"))
    end_date = MonthField(
        label=_("End (month)"),
        required=False,
        help_text=_("Leave empty while the practice is ongoing."),
    )
    organisation_field = "main_institution"

    class Meta:
        model = Practice
        field_classes = {"main_institution": BoundedModelChoiceField}
        fields = [
            "main_institution",
            "country",
            "region",
            "nuts_code",
            "start_date",
            "end_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].required = True
        self.fields["main_institution"].required = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date"))
        return cleaned

    def save(self, commit=True):
        self.instance.main_institution = self.new_organisation_instance()
        return super().save(commit)


class ResourcesForm(OriginalTextMixin, forms.ModelForm):
    """Step 3: what the practice cost and took (the note in the original's language)."""

    class Meta:
        model = Practice
        fields = ["budget_amount", "budget_currency", "duration_months"]
        fields += ["resources_note"]


class PartTextMixin:
    """A part's form: its text in the columns of its practice's language.

    Roles, axes and items have a column per language (practices/translation.py);
    the wizard edits the original's, whatever the language of the interface.
    ``text_language`` comes from the formset (``BasePartFormSet``).
    """

    def __init__(self, *args, text_language=None, **kwargs):
        self.text_language = text_language or get_language()
        with override(self.text_language):
            super().__init__(*args, **kwargs)

    def _post_clean(self):
        with override(self.text_language):
            super()._post_clean()


class PartForm(PartTextMixin, forms.ModelForm):
    """An axis or an item, written in the practice's language."""


class BasePartFormSet(forms.BaseInlineFormSet):
    """A practice's parts, their text in the practice's language (its original)."""

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "text_language": self.instance.language,
        }

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance.pk is not None:
            # A part's save reads its practice's language: no query per row.
            form.instance.practice = self.instance
        return form


class PartnershipForm(PartTextMixin, NewOrganisationMixin, forms.ModelForm):
    """One partner of the practice: a known or a new organisation and its role."""

    class Meta:
        model = Partnership
        fields = ["organisation", "role", "order"]
        field_classes = {"organisation": BoundedModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False

    def save(self, commit=True):
        self.instance.organisation = self.new_organisation_instance()
        return super().save(commit)


class BaseSectionFormSet(BasePartFormSet):
    """Items of one section of the practice page (evidence, difficulties, lessons)."""

    section = None

    def get_queryset(self):
        return super().get_queryset().filter(section=self.section)

    def save_new(self, form, commit=True):
        form.instance.section = self.section
        return super().save_new(form, commit)


def bounded(max_num):
    """Return the formset_factory arguments that cap a formset at ``max_num`` rows.

    A post claiming more rows is refused before any form is built (Step.bind).
    """
    return {"max_num": max_num, "absolute_max": max_num, "validate_max": True}


def section_formset(section, fields):
    formset = inlineformset_factory(
        Practice,
        PracticeItem,
        form=PartForm,
        formset=BaseSectionFormSet,
        fields=fields,
        extra=1,
        **bounded(MAX_ITEMS_PER_SECTION),
        can_delete=True,
        widgets={"text": forms.Textarea(attrs={"rows": 3})},
    )
    formset.section = section
    return formset


class BasePartnershipFormSet(BasePartFormSet):
    """Partners, where two rows may not name the same organisation twice."""

    @cached_property
    def forms(self):
        rows = super().forms
        if rows:
            # Every row offers the same organisations: read them once, not per row.
            choices = list(rows[0].fields["organisation"].choices)
            for row in rows:
                row.fields["organisation"].choices = choices
        return rows

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            cleaned = getattr(form, "cleaned_data", {})
            name = (cleaned.get("new_organisation") or "").strip().lower()
            organisation = cleaned.get("organisation")
            key = name or (organisation.pk if organisation else None)
            if key is None:
                continue
            if key in seen:
                raise forms.ValidationError(
                    _("Each organisation can be a partner only once.")
                )
            seen.add(key)


PartnershipFormSet = inlineformset_factory(
    Practice,
    Partnership,
    form=PartnershipForm,
    formset=BasePartnershipFormSet,
    extra=1,
    **bounded(MAX_PARTNERS),
    can_delete=True,
)
FundingSourceFormSet = inlineformset_factory(
    Practice,
    FundingSource,
    fields=["name", "kind", "order"],
    extra=1,
    **bounded(MAX_FUNDING_SOURCES),
    can_delete=True,
)
ActionAxisFormSet = inlineformset_factory(
    Practice,
    ActionAxis,
    form=PartForm,
    formset=BasePartFormSet,
    fields=["title", "description", "order"],
    extra=1,
    **bounded(MAX_ACTION_AXES),
    can_delete=True,
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
)
EvidenceFormSet = section_formset(PracticeItem.Section.EVIDENCE, ["text", "order"])
DifficultyFormSet = section_formset(
    PracticeItem.Section.DIFFICULTY, ["text", "solution", "order"]
)
LearningFormSet = section_formset(PracticeItem.Section.LEARNING, ["text", "order"])


class OpinionForm(forms.Form):
    """An expert's opinion of a practice, shown to signed-in readers."""

    text = forms.CharField(
        label=_("Your expert opinion"),
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": _("Enter your opinion")},
    )


class ChangesRequestForm(forms.Form):
    """What the author should change before the practice can be published."""

    comment = forms.CharField(
        label=_("Changes you request"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": _("Enter the changes you request")},
    )
