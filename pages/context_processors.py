from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .identity import portal_name


def identity(request):
    """The portal's name and who runs it, for every template."""
    return {
        "portal_name": SimpleLazyObject(portal_name),
        "portal": {
            "publisher": settings.PORTAL_PUBLISHER,
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
            "accessibility_email": settings.PORTAL_ACCESSIBILITY_EMAIL,
            "data_controller": settings.PORTAL_DATA_CONTROLLER,
            "data_controller_email": settings.PORTAL_DATA_CONTROLLER_EMAIL,
        },
    }
