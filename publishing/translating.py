"""The author's translation of a practice into the portal's other language.

The practice's text lives in the columns of its language (practices/translation.py);
its translation in the other language's. So does its parts' text: partners'
roles, action axes, the resources note and the section items. This page adds,
changes or removes the translation of all of them, on one form.
"""

from dataclasses import dataclass
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.languages import DESCRIPTION_FIELDS, column, language_name
from practices.models import (
    ActionAxis,
    Organisation,
    Partnership,
    Practice,
    PracticeItem,
)

from .forms import OriginalTextMixin
from .services import _ordered_parts, practice_propose, practice_snapshot
from .steps import proposed_instance
from .views import editable_practice, verified_required

# The parts of the practice page that have text, in the page's order:
# (snapshot key, item section or None, model).
TRANSLATED_PARTS = [
    ("partnerships", None, Partnership),
    ("axes", None, ActionAxis),
    ("resources_note", None, Practice),
    ("items", PracticeItem.Section.EVIDENCE, PracticeItem),
    ("items", PracticeItem.Section.DIFFICULTY, PracticeItem),
    ("items", PracticeItem.Section.LEARNING, PracticeItem),
]
# The parts the page reads (the resources note is the practice's own).
TRANSLATED_KEYS = ["partnerships", "axes", "items"]
HEADINGS = {
    "axes": gettext_lazy("Action axis %(number)s"),
    PracticeItem.Section.EVIDENCE: gettext_lazy("Evidence of success %(number)s"),
    PracticeItem.Section.DIFFICULTY: gettext_lazy("Difficulty %(number)s"),
    PracticeItem.Section.LEARNING: gettext_lazy(
        "Potential for learning or transfer %(number)s"
    ),
}


class OriginalBoundField(forms.BoundField):
    """A translation field, described by the original it translates (shown above)."""

    @property
    def original_id(self):
        return f"{self.auto_id}-original"

    @property
    def aria_describedby(self):
        return " ".join(filter(None, [self.original_id, super().aria_describedby]))


class PracticeTranslationForm(OriginalTextMixin, forms.ModelForm):
    """Title, summary and description in ``language``, checked as the original is."""

    bound_field_class = OriginalBoundField

    class Meta:
        model = Practice
        fields = list(DESCRIPTION_FIELDS)

    def __init__(self, *args, language, instance, **kwargs):
        self.language = language
        if not instance.has_text_in(language):
            # Start empty, not with the original that a reader would take
            # for a translation.
            kwargs.setdefault("initial", dict.fromkeys(DESCRIPTION_FIELDS, ""))
        super().__init__(*args, instance=instance, **kwargs)
        # Made in the translation's language (OriginalTextMixin): the labels
        # are the reader's, and so is the colon after them ("Title:", "Titre :").
        self.label_suffix = _(":")
        self.originals = instance.text_in(instance.language)
        for field in self.fields.values():
            field.widget.attrs["lang"] = language  # what is typed, not the labels

    def text_language(self):
        return self.language

    def initial_language(self, instance):
        return self.language

    def with_originals(self):
        """Each field with the original text it translates."""
        return [(self[name], self.originals[name]) for name in self.fields]


@dataclass(frozen=True)
class PartText:
    """One translatable text of a part: where it is and what it says."""

    key: str  # the snapshot key ("axes"); "resources_note" for the practice's note
    index: int  # the row in the snapshot's list
    name: str  # the field ("title")
    original: str
    translation: str

    @property
    def field_name(self):
        return f"{self.key}-{self.index}-{self.name}"


class PartsTranslationForm(forms.Form):
    """The translation of every text of the practice's parts, each optional.

    The rows come from a snapshot (``practice_snapshot``, or the open proposal's):
    only texts that have an original get a field.
    """

    bound_field_class = OriginalBoundField

    def __init__(self, *args, snapshot, language, original_language, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.original_language = original_language
        self.groups = []  # (heading, [(bound field, original)])
        self.texts = {}
        names = Organisation.objects.filter(
            pk__in=[row["organisation_id"] for row in snapshot.get("partnerships", [])]
        ).in_bulk()
        for key, section, model in TRANSLATED_PARTS:
            if model is Practice:
                rows = [(0, snapshot)]
                fields = (key,)
            else:
                rows = [
                    (index, row)
                    for index, row in enumerate(snapshot.get(key, []))
                    if section is None or row.get("section") == section
                ]
                fields = model.TEXT_FIELDS
            for number, (index, row) in enumerate(rows, start=1):
                texts = [
                    PartText(
                        key if model is not Practice else "practice",
                        index,
                        name,
                        row.get(name) or "",
                        row.get(column(name, language)) or "",
                    )
                    for name in fields
                    # Nothing to translate where the original is empty.
                    if row.get(name)
                ]
                if texts:
                    heading = self.heading(key, section, number, row, names)
                    self.groups.append(
                        (heading, [self.add_text(text, model) for text in texts])
                    )

    def heading(self, key, section, number, row, names):
        if key == "partnerships":
            organisation = names.get(row["organisation_id"])
            return _("Partner: %(name)s") % {
                "name": organisation.name if organisation else number
            }
        if key == "resources_note":
            return _("Resources needed")
        return HEADINGS[section or key] % {"number": number}

    def add_text(self, text, model):
        model_field = model._meta.get_field(text.name)
        widget = (
            forms.TextInput()
            if isinstance(model_field, models.CharField)
            else forms.Textarea(attrs={"rows": 3})
        )
        name = text.field_name
        widget.attrs["lang"] = self.language
        self.fields[name] = forms.CharField(
            label=capfirst(model_field.verbose_name),
            required=False,
            max_length=model_field.max_length,
            widget=widget,
            initial=text.translation,
        )
        self.texts[name] = text
        return (self[name], text.original)

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for name, text in self.texts.items():
            value = cleaned.get(name)
            if text.key == "axes" and text.name == "title" and value:
                # Two axes of a practice never share a title, in any language.
                if value in seen:
                    self.add_error(name, _("Each action axis needs its own title."))
                seen.add(value)
        return cleaned

    def values(self):
        """The translations typed: {(key, index): {field: text or None}}."""
        values = {}
        for name, text in self.texts.items():
            typed = self.cleaned_data.get(name) or None
            values.setdefault((text.key, text.index), {})[text.name] = typed
        return values

    def removal(self):
        """Values that remove every part's translation."""
        return {
            (text.key, text.index): {
                other.name: None
                for other in self.texts.values()
                if (other.key, other.index) == (text.key, text.index)
            }
            for text in self.texts.values()
        }


def practice_translation_save(*, practice, language, values, parts, by):
    """Save the practice's translation into ``language`` (None values remove it).

    ``values`` are the practice's own texts ({field: text}); ``parts`` its
    parts' ({(snapshot key, row): {field: text}}, key "practice" for the
    practice's resources note). A draft changes at once; a published
    practice's translation is a proposed edit like any other, and waits for
    review (``practice_propose``). Return True if the change is live.
    """
    values = dict(values)
    for (key, _index), texts in parts.items():
        if key == "practice":
            values.update(texts)
    parts = {place: texts for place, texts in parts.items() if place[0] != "practice"}
    columns = {column(name, language): values.get(name) or None for name in values}
    if practice.is_published:
        proposal = practice.revisions.open().first()
        snapshot = dict(proposal.snapshot if proposal else practice_snapshot(practice))
        snapshot.update(columns)
        for key in {key for key, _index in parts}:
            snapshot[key] = [dict(row) for row in snapshot.get(key, [])]
        for (key, index), texts in parts.items():
            if index >= len(snapshot[key]):
                continue  # removed since the form was shown
            row = snapshot[key][index]
            for name, text in texts.items():
                if text:
                    row[column(name, language)] = text
                else:
                    row.pop(column(name, language), None)
        practice_propose(practice=practice, snapshot=snapshot, by=by)
        return False
    with transaction.atomic():
        for name, value in columns.items():
            setattr(practice, name, value)
        practice.save()
        rows = {}
        for (key, index), texts in parts.items():
            if key not in rows:
                rows[key] = list(_ordered_parts(practice, key))
            if index >= len(rows[key]):
                continue  # removed since the form was shown
            part = rows[key][index]
            part.practice = practice
            for name, text in texts.items():
                setattr(part, column(name, language), text or None)
            part.save()
        Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
    return True


def translation_forms(practice, language, data=None):
    """The page's two forms, showing the content being edited.

    A published practice's: its open proposal's, if it has one, else the live
    content; a draft's: the live content.
    """
    proposal = practice.revisions.open().first() if practice.is_published else None
    snapshot = (
        proposal.snapshot
        if proposal
        else practice_snapshot(practice, parts=TRANSLATED_KEYS)
    )
    instance = proposed_instance(practice, snapshot) if proposal else practice
    form = PracticeTranslationForm(
        data, language=language, instance=instance, prefix="practice"
    )
    parts_form = PartsTranslationForm(
        data,
        snapshot=snapshot,
        language=language,
        original_language=snapshot.get("language", practice.language),
        prefix="parts",
    )
    return form, parts_form


@verified_required
def practice_translation(request, pk):
    """Show, save or remove the practice's translation (GET/POST)."""
    practice = editable_practice(request, pk)
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    language = practice.translation_languages[0]
    if request.method == "POST" and "remove" not in request.POST:
        form, parts_form = translation_forms(practice, language, request.POST)
    else:
        form, parts_form = translation_forms(practice, language)
    context = {
        "practice": practice,
        "language": language,
        "language_name": language_name(language),
        "original_name": language_name(practice.language),
        "has_translation": form.instance.has_text_in(language),
        "form": form,
        "parts_form": parts_form,
    }
    if request.method == "POST" and "remove" in request.POST:
        if context["has_translation"]:
            live = practice_translation_save(
                practice=practice,
                language=language,
                values=dict.fromkeys(DESCRIPTION_FIELDS),
                parts=parts_form.removal(),
                by=request.user,
            )
            messages.success(
                request,
                _("The translation is removed.")
                if live
                else _("The removal of the translation waits for review."),
            )
        return redirect("publishing:translation", pk=practice.pk)
    if request.method != "POST":
        return render(request, "publishing/translation.html", context)
    valid = [form.is_valid(), parts_form.is_valid()]
    if not all(valid):
        return render(
            request,
            "publishing/translation.html",
            {**context, "has_errors": True},
            status=HTTPStatus.BAD_REQUEST,
        )
    live = practice_translation_save(
        practice=Practice.objects.get(pk=practice.pk),
        language=language,
        values={name: form.cleaned_data[name] for name in DESCRIPTION_FIELDS},
        parts=parts_form.values(),
        by=request.user,
    )
    messages.success(
        request,
        _("Your translation is saved.")
        if live
        else _(
            "Your translation waits for review: readers see it once an expert"
            " publishes it."
        ),
    )
    return redirect("publishing:translation", pk=practice.pk)
