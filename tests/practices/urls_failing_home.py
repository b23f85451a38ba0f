"""A home page that fails as it is rendered again (test_cache_scopes.py)."""

from django.urls import path

from practices.cache import anonymous_page_cache
from wecd_portal.urls import urlpatterns as portal_urlpatterns


def failing_home(request):
    raise RuntimeError("the home page failed to render")


# The failing page comes first; the rest is there for the error page's links.
urlpatterns = [path("", anonymous_page_cache(failing_home)), *portal_urlpatterns]
