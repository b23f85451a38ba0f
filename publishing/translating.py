"""The author's translation of a practice into the portal's other language.

The practice's text lives in the columns of its language (practices/translation.py);
its translation in the other language's. This page adds, changes or removes it.
"""

from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from practices.languages import PRACTICE_TEXT_FIELDS, column, language_name
from practices.models import Practice

from .forms import OriginalTextMixin
from .services import practice_propose, practice_snapshot
from .views import editable_practice, verified_required


class PracticeTranslationForm(OriginalTextMixin, forms.ModelForm):
    """Title, summary and description in ``language``, checked as the original is."""

    class Meta:
        model = Practice
        fields = list(PRACTICE_TEXT_FIELDS)

    def __init__(self, *args, language, instance, **kwargs):
        self.language = language
        if not instance.has_text_in(language):
            # Start empty, not with the original that a reader would take
            # for a translation.
            kwargs.setdefault("initial", dict.fromkeys(PRACTICE_TEXT_FIELDS, ""))
        super().__init__(*args, instance=instance, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["lang"] = language  # what is typed, not the labels

    def text_language(self):
        return self.language

    def initial_language(self, instance):
        return self.language


def practice_translation_save(*, practice, language, values, by):
    """Save the practice's translation into ``language`` (None values remove it).

    A draft changes at once; a published practice's translation is a proposed
    edit like any other, and waits for review (``practice_propose``). Return
    True if the change is live.
    """
    columns = {column(name, language): values.get(name) or None for name in values}
    if practice.is_published:
        proposal = practice.revisions.open().first()
        snapshot = dict(proposal.snapshot if proposal else practice_snapshot(practice))
        snapshot.update(columns)
        practice_propose(practice=practice, snapshot=snapshot, by=by)
        return False
    with transaction.atomic():
        for name, value in columns.items():
            setattr(practice, name, value)
        practice.save()
        Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
    return True


@verified_required
def practice_translation(request, pk):
    """Show, save or remove the practice's translation (GET/POST)."""
    practice = editable_practice(request, pk)
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    language = practice.translation_languages[0]
    context = {
        "practice": practice,
        "language": language,
        "language_name": language_name(language),
        "original_name": language_name(practice.language),
        "has_translation": practice.has_text_in(language),
    }
    if request.method == "POST" and "remove" in request.POST:
        if context["has_translation"]:
            live = practice_translation_save(
                practice=practice,
                language=language,
                values=dict.fromkeys(PRACTICE_TEXT_FIELDS),
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
        form = PracticeTranslationForm(
            language=language, instance=practice, prefix="practice"
        )
        return render(request, "publishing/translation.html", {**context, "form": form})
    form = PracticeTranslationForm(
        request.POST, language=language, instance=practice, prefix="practice"
    )
    if not form.is_valid():
        return render(
            request,
            "publishing/translation.html",
            {**context, "form": form, "has_errors": True},
            status=HTTPStatus.BAD_REQUEST,
        )
    live = practice_translation_save(
        practice=Practice.objects.get(pk=practice.pk),
        language=language,
        values={name: form.cleaned_data[name] for name in PRACTICE_TEXT_FIELDS},
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
