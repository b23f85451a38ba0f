"""Whole-page cache for anonymous readers, invalidated by any change of content.

A published practice changes rarely and most readers are anonymous, so their
pages are served from the cache. Every cached page's key carries a content
generation; saving anything a page shows sets a new generation, so all cached
pages are dropped at once. Readers with a session (signed in, or with a message
waiting) always get a freshly rendered page, and their pages are never stored.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = new_generation()
    return generation


def new_generation():
    """Invalidate every cached page."""
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def fragment_cache():
    """The cache of public page parts, as the ``{% cache %}`` template tag picks it."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return cache


def cached_public_object(key, generation, fetch):
    """Return ``fetch()``, kept for the current content generation.

    For public data only: every reader, signed in or not, gets the same object.
    """
    store = fragment_cache()
    key = f"objects:{generation}:{key}"
    value = store.get(key)
    if value is None:
        value = fetch()
        store.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def _is_personal(request):
    return request.method not in {"GET", "HEAD"} or bool(
        PERSONAL_COOKIES & request.COOKIES.keys()
    )


def _page_key(request):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pages:{current_generation()}:{get_language()}:{path}"


def anonymous_page_cache(view):
    """Serve the view's page to anonymous readers from the cache."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if _is_personal(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if (
                response.status_code == 200
                and not response.cookies
                and "private" not in response.get("Cache-Control", "")
            ):
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return cached_view
