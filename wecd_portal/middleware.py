import re

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

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
        limit = settings.MAX_REQUEST_BODY_BYTES
        if re.match(settings.UPLOAD_PATH_PATTERN, request.path_info):
            limit = settings.MAX_UPLOAD_BODY_BYTES
        if length > limit:
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


class PrivateForSignedInMiddleware:
    """Keep every response to a signed-in user out of shared caches.

    Such a response may hold gated content (the expert opinion, personal data):
    a proxy or CDN must neither store it nor serve it to someone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_signed_in(request):
            patch_cache_control(response, private=True, no_cache=True, max_age=0)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def is_signed_in(request):
        user = getattr(request, "user", None)
        try:
            return user is not None and user.is_authenticated
        except (OperationalError, InterfaceError):
            # The database is down (the response is the 503 page): loading the
            # user again would turn it into a 500. Keep it private, to be safe.
            return True
