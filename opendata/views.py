"""Open data: the JSON API, the CSV export and robots.txt.

Plain views over the practice list's FilterSet, so that the API, the CSV and
the page answer the same parameters with the same practices.
"""

import csv
from http import HTTPStatus

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from evidence.models import with_evidence
from policies.models import with_policy_tags
from practices.filters import PracticeFilter
from practices.models import Practice
from transfers.models import with_confirmed_transfers

from . import serializers
from .openapi import openapi_document

API_PAGE_SIZE = 20
# Cells that a spreadsheet would run as a formula get a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _error(status, message, errors=None):
    body = {"detail": str(message)}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status)


@require_safe
def practice_list(request):
    """List published practices: same parameters as the practice list page."""
    filterset = PracticeFilter(request.GET)
    if not filterset.is_valid():
        return _error(
            HTTPStatus.BAD_REQUEST,
            "Invalid parameters.",
            {
                field: [error["message"] for error in errors]
                for field, errors in filterset.form.errors.get_json_data().items()
            },
        )
    queryset = serializers.for_list(filterset.results())
    paginator = Paginator(queryset, API_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return _error(HTTPStatus.BAD_REQUEST, "The page must be a whole number.")
    except EmptyPage:
        return _error(HTTPStatus.NOT_FOUND, "This page does not exist.")

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number())
            if page.has_previous()
            else None,
            "results": [
                serializers.summary(practice, request.build_absolute_uri)
                for practice in page.object_list
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def practice_detail(request, slug):
    try:
        # Transfers come in the practice's own query, as on the practice page.
        practice = with_policy_tags(
            with_evidence(
                with_confirmed_transfers(Practice.objects.published().with_page_data())
            )
        ).get(slug=slug)
    except Practice.DoesNotExist:
        return _error(HTTPStatus.NOT_FOUND, "No published practice has this address.")
    return JsonResponse(
        serializers.detail(practice, request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def openapi(request):
    return JsonResponse(
        openapi_document(request.build_absolute_uri("/")),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value):
        return value


def _safe_cell(value):
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


@require_safe
def practice_csv(request):
    """Stream every practice of a search as CSV (UTF-8 with BOM for Excel)."""
    filterset = PracticeFilter(request.GET)
    if not filterset.is_valid():
        errors = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in filterset.form.errors.items()
        )
        return HttpResponse(
            f"Invalid parameters: {errors}\n",
            status=HTTPStatus.BAD_REQUEST,
            content_type="text/plain; charset=utf-8",
        )
    queryset = serializers.for_list(filterset.results())
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(serializers.CSV_FIELDS)
        # Chunks keep memory flat on large exports; prefetching works per chunk.
        for practice in queryset.iterator(chunk_size=500):
            row = serializers.csv_row(practice, request.build_absolute_uri)
            yield writer.writerow([_safe_cell(cell) for cell in row])

    filename = f"practices-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /fr/accounts/",
        f"Sitemap: {request.build_absolute_uri(reverse('opendata:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
