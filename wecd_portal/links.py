from django.conf import settings


def absolute_url(path):
    """The portal's full address of ``path``, for e-mails, which have no request."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path
