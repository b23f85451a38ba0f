from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from practices.models import Practice
from publishing.views import editable_practice, verified_required

from . import confirmations
from .forms import ConfirmForm, DocumentForm, ImageForm, VideoForm
from .models import Document, EvidenceLevel, PracticeImage, Video


@require_safe
def levels(request):
    """Explain the evidence levels and what each one asks for."""
    return render(request, "evidence/levels.html", {"levels": EvidenceLevel.criteria()})


def _save_document(form, practice):
    """Attach a valid document form's document to the practice and save it."""
    document = form.save(commit=False)
    document.practice = practice
    document.full_clean(exclude=["file"])
    document.save()


@dataclass(frozen=True)
class Addition:
    """One thing the documents page adds: its form, how it is saved, what is said.

    ``form`` builds the form from the posted data and files (``None`` unless
    this form was posted) and the practice; ``save`` takes the valid form and
    the practice; ``name`` is the form's name in the page's context.
    """

    name: str
    form: Callable[[Any, Any, Practice], forms.BaseForm]
    save: Callable[[forms.BaseForm, Practice], object]
    added: str


# By the ``kind`` each form of the documents page posts; any other is a document.
ADDITIONS = {
    "document": Addition(
        name="form",
        form=lambda data, files, practice: DocumentForm(data, files),
        save=_save_document,
        added=gettext_lazy("The document is added."),
    ),
    "image": Addition(
        name="image_form",
        form=lambda data, files, practice: ImageForm(data, files, prefix="image"),
        save=lambda form, practice: form.save(practice=practice),
        added=gettext_lazy("The image is added."),
    ),
    "video": Addition(
        name="video_form",
        form=lambda data, files, practice: VideoForm(
            data, practice=practice, prefix="video"
        ),
        save=lambda form, practice: form.save(),
        added=gettext_lazy("The video is added."),
    ),
}


@verified_required
def documents(request, pk):
    """List a practice's documents and images to its author (or staff); add one."""
    practice = editable_practice(request, pk)
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    posted = request.method == "POST"
    kind = request.POST.get("kind") if posted else None
    chosen = ADDITIONS.get(kind, ADDITIONS["document"])
    page_forms = {
        addition.name: addition.form(
            request.POST if posted and addition is chosen else None,
            request.FILES if posted and addition is chosen else None,
            practice,
        )
        for addition in ADDITIONS.values()
    }
    bound = page_forms[chosen.name]
    if posted and bound.is_valid():
        chosen.save(bound, practice)
        messages.success(request, chosen.added)
        return redirect("evidence:documents", pk=practice.pk)
    return render(
        request,
        "evidence/documents.html",
        {
            "practice": practice,
            **page_forms,
            "documents": practice.documents.all(),
            "images": practice.images.all(),
            "videos": practice.videos.all(),
        },
        status=HTTPStatus.BAD_REQUEST if bound.errors else HTTPStatus.OK,
    )


def _delete(request, model, pk, deleted):
    """Remove a practice's document, image or video if the user may edit it."""
    item = get_object_or_404(model, pk=pk)
    practice = editable_practice(request, item.practice_id)
    if not practice.is_editable:
        raise Http404
    item.delete()
    messages.success(request, deleted)
    return redirect("evidence:documents", pk=practice.pk)


@require_POST
@verified_required
def document_delete(request, pk):
    """Remove a document (and its file) from a practice the user may edit."""
    return _delete(request, Document, pk, _("The document is deleted."))


@require_safe
def document_download(request, pk):
    """Send a document as an attachment, to those who may see its practice."""
    visible = Practice.objects.visible_to(request.user)
    document = get_object_or_404(
        Document.objects.select_related("practice").filter(practice__in=visible),
        pk=pk,
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not document.practice.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@verified_required
def image_delete(request, pk):
    """Remove an image (and its files) from a practice the user may edit."""
    return _delete(request, PracticeImage, pk, _("The image is deleted."))


@require_safe
def image(request, pk, width):
    """Send one width of an image, to those who may see its practice."""
    visible = Practice.objects.visible_to(request.user)
    found = get_object_or_404(
        PracticeImage.objects.select_related("practice").filter(practice__in=visible),
        pk=pk,
    )
    names = {w: name for w, _h, name in found.variants}
    if width not in names:
        raise Http404
    try:
        handle = default_storage.open(names[width], "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if found.practice.is_published:
        response["Cache-Control"] = "public, max-age=86400"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@verified_required
def video_delete(request, pk):
    """Remove a video link from a practice the user may edit."""
    return _delete(request, Video, pk, _("The video is deleted."))


@require_safe
def video(request, pk):
    """Show one video, to those who may see its practice, as the reader asked.

    Only this page loads anything from the video's host: the player of a known
    host in a frame (the page's policy lets that one origin in), else a link out.
    """
    visible = Practice.objects.visible_to(request.user)
    found = get_object_or_404(
        Video.objects.select_related("practice").filter(practice__in=visible), pk=pk
    )
    response = render(request, "evidence/video.html", {"video": found})
    if found.embed_origin:
        policy = {key: list(value) for key, value in settings.SECURE_CSP.items()}
        policy["frame-src"] = [found.embed_origin]
        response._csp_config = policy
    if not found.practice.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@verified_required
def confirm(request, pk):
    """Let the author (or staff) confirm that a published practice still runs."""
    practice = editable_practice(request, pk)
    if not practice.is_published:
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        confirmations.practice_confirm(
            practice=practice, by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Thank you: the practice is confirmed."))
        return redirect(practice)
    return render(
        request,
        "evidence/confirm.html",
        {
            "practice": practice,
            "form": form,
            "reference": confirmations.reference_date(practice),
        },
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )


@require_safe
@login_required
def unconfirmed(request):
    """List, for staff, the practices not confirmed for 18 months."""
    if not request.user.is_staff:
        raise PermissionDenied
    return render(
        request,
        "evidence/unconfirmed.html",
        {"practices": confirmations.stale_practices()},
    )
