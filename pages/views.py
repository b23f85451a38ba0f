from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention=settings.RETENTION_DAYS, **kwargs)


class AccessibilityView(TemplateView):
    template_name = "pages/accessibility.html"


def error_page(request, status, template_name=None):
    """Render an error page in the portal's layout; it never shows the cause."""
    return render(request, template_name or f"{status}.html", status=status)


def standalone_error_page(status):
    """Render an error page without the request's context.

    The context processors would load the session and the user, which fails in
    turn when the error came from the database.
    """
    response = HttpResponse(render_to_string(f"{status}.html"), status=status)
    if status == 503:
        response["Retry-After"] = "10"
    return response


@requires_csrf_token
def bad_request(request, exception):
    # Django raises RequestDataTooBig for an oversized body sent without a
    # Content-Length; it is a 413, not a malformed request.
    if isinstance(exception, RequestDataTooBig):
        return error_page(request, 413)
    return error_page(request, 400)


@requires_csrf_token
def permission_denied(request, exception):
    return error_page(request, 403)


@requires_csrf_token
def page_not_found(request, exception):
    # API clients read JSON, whatever the address they got wrong.
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return error_page(request, 404)


def server_error(request):
    return standalone_error_page(500)


def csrf_failure(request, reason=""):
    return error_page(request, 403, "403_csrf.html")
