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
from django.utils.translation import override

from practices.languages import PRACTICE_TEXT_FIELDS, column, language_name
from practices.models import Practice

from .forms import OriginalTextMixin
from .services import practice_record_revision, practice_snapshot
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


def practice_translation_remove(*, practice, language, by):
    """Remove the practice's translation into ``language``; record a revision."""
    before = practice_snapshot(practice)
    with transaction.atomic():
        for name in PRACTICE_TEXT_FIELDS:
            setattr(practice, column(name, language), None)
        practice.save()
        practice_record_revision(practice=practice, before=before, by=by)
        Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()


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
            practice_translation_remove(
                practice=practice, language=language, by=request.user
            )
            messages.success(request, _("The translation is removed."))
        return redirect("publishing:translation", pk=practice.pk)
    if request.method != "POST":
        form = PracticeTranslationForm(
            language=language, instance=practice, prefix="practice"
        )
        return render(request, "publishing/translation.html", {**context, "form": form})
    before = practice_snapshot(practice)
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
    with transaction.atomic():
        with override(language):
            form.save()
        practice_record_revision(practice=practice, before=before, by=request.user)
        Practice.objects.filter(pk=practice.pk).refresh_search_after_commit()
    messages.success(request, _("Your translation is saved."))
    return redirect("publishing:translation", pk=practice.pk)
