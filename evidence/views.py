from http import HTTPStatus

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from practices.models import Practice
from publishing.views import editable_practice, verified_required

from .forms import DocumentForm, ImageForm
from .models import Document, EvidenceLevel, PracticeImage


@require_safe
def levels(request):
    """Explain the evidence levels and what each one asks for."""
    return render(request, "evidence/levels.html", {"levels": EvidenceLevel.criteria()})


@verified_required
def documents(request, pk):
    """List a practice's documents and images to its author (or staff); add one."""
    practice = editable_practice(request, pk)
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    posted = request.method == "POST"
    is_image = posted and request.POST.get("kind") == "image"
    form = DocumentForm(
        request.POST if posted and not is_image else None,
        request.FILES if posted and not is_image else None,
    )
    image_form = ImageForm(
        request.POST if is_image else None,
        request.FILES if is_image else None,
        prefix="image",
    )
    bound = image_form if is_image else form
    if posted and bound.is_valid():
        if is_image:
            image_form.save(practice=practice)
            messages.success(request, _("The image is added."))
        else:
            document = form.save(commit=False)
            document.practice = practice
            document.full_clean(exclude=["file"])
            document.save()
            messages.success(request, _("The document is added."))
        return redirect("evidence:documents", pk=practice.pk)
    return render(
        request,
        "evidence/documents.html",
        {
            "practice": practice,
            "form": form,
            "image_form": image_form,
            "documents": practice.documents.all(),
            "images": practice.images.all(),
        },
        status=HTTPStatus.BAD_REQUEST if bound.errors else HTTPStatus.OK,
    )


@require_POST
@verified_required
def document_delete(request, pk):
    """Remove a document (and its file) from a practice the user may edit."""
    document = get_object_or_404(Document, pk=pk)
    practice = editable_practice(request, document.practice_id)
    if not practice.is_editable:
        raise Http404
    document.delete()
    messages.success(request, _("The document is deleted."))
    return redirect("evidence:documents", pk=practice.pk)


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
    image = get_object_or_404(PracticeImage, pk=pk)
    practice = editable_practice(request, image.practice_id)
    if not practice.is_editable:
        raise Http404
    image.delete()
    messages.success(request, _("The image is deleted."))
    return redirect("evidence:documents", pk=practice.pk)


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
