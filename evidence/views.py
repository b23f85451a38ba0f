from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import EvidenceLevel


@require_safe
def levels(request):
    """Explain the evidence levels and what each one asks for."""
    return render(request, "evidence/levels.html", {"levels": EvidenceLevel.criteria()})
