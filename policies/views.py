from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from publishing.views import editable_practice, verified_required

from .forms import PolicyTagsForm


@verified_required
def edit(request, pk):
    """Let a practice's author (or staff) choose the policy objectives it serves."""
    practice = editable_practice(request, pk)
    if not practice.is_editable:
        messages.info(request, _("This practice is in review: it cannot change now."))
        return redirect("publishing:preview", pk=practice.pk)
    form = PolicyTagsForm(
        request.POST if request.method == "POST" else None, practice=practice
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The policy objectives are saved."))
        return redirect("publishing:step", pk=practice.pk, number=1)
    return render(
        request,
        "policies/edit.html",
        {"practice": practice, "form": form},
        status=HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK,
    )
