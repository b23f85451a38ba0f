from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

from pages.views import standalone_error_page


class SecurityHeadersMiddleware:
    """Add the security headers Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than the portal ever needs, before reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return render(request, "413.html", status=413)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 while the database is unreachable, instead of a 500.

    Django reconnects by itself (CONN_HEALTH_CHECKS) once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return standalone_error_page(503)
        return None
