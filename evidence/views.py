from http import HTTPStatus

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from practices.models import Practice
from publishing.views import editable_practice, verified_required

from .forms import DocumentForm
from .models import Document, EvidenceLevel


@require_safe
def levels(request):
    """Explain the evidence levels and what each one asks for."""
    return render(request, "evidence/levels.html", {"levels": EvidenceLevel.criteria()})


@verified_required
def documents(request, pk):
    """List a practice's documents to its author (or staff) and add one."""
    practice = editable_practice(request, pk)
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            document = form.save(commit=False)
            document.practice = practice
            document.full_clean(exclude=["file"])
            document.save()
            messages.success(request, _("The document is added."))
            return redirect("evidence:documents", pk=practice.pk)
    return render(
        request,
        "evidence/documents.html",
        {"practice": practice, "form": form, "documents": practice.documents.all()},
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
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
    visible = Practice.objects.previewable_by(request.user)
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
