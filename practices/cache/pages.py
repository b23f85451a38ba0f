"""Anonymous readers' whole pages, served before the rest of the stack."""

import hashlib
from functools import lru_cache, wraps

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, override

from .invalidation import Generations, layer_on, list_scopes, recent_generations
from .stores import anonymous_page_cache_store, keep, lookup, release

PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
# Whether a kept page (or, signed in, its public text) answered: for
# make bench-mixed's hit rate and anyone reading the logs.
CACHE_HEADER = "X-Page-Cache"


def url_digest(request):
    """A short digest of the URL asked for, host and query string included."""
    url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}"
    return hashlib.sha256((url + request.get_full_path()).encode()).hexdigest()


def _is_personal(request):
    return request.method not in {"GET", "HEAD"} or bool(
        PERSONAL_COOKIES & request.COOKIES.keys()
    )


def _cache_scopes(request, language):
    """What the page at this URL depends on, or None if it is never kept."""
    return _scopes_of_path(language, request.path_info)


@lru_cache(maxsize=4096)
def _scopes_of_path(language, path):
    # Resolving costs about 90 µs, a tenth of a cache hit: kept per path.
    try:
        # The URL names the language; LocaleMiddleware has not run yet.
        with override(language):
            match = resolve(path)
    except Resolver404:
        return None
    scopes = getattr(match.func, "anonymous_page_cache", None)
    return scopes(match.kwargs) if scopes else None


@receiver(setting_changed)
def _urls_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _scopes_of_path.cache_clear()


def _page_key(request, generations, language):
    """The page's key: what it shows, its URL (which names the language), encoding."""
    encoding = (
        "gzip"
        if re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
        else "identity"
    )
    return f"page:{generations.key}:{language}:{encoding}:{url_digest(request)}"


def anonymous_page_cache(view):
    """Let ``AnonymousPageCacheMiddleware`` keep the view's anonymous pages.

    A class-based view's ``cache_scopes`` say what its pages depend on; any
    other view's pages are lists.
    """
    view_class = getattr(view, "view_class", None)
    scopes = getattr(view_class, "cache_scopes", list_scopes)

    @wraps(view)
    def cacheable_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.anonymous_page_cache = True
        return response

    cacheable_view.anonymous_page_cache = scopes
    return cacheable_view


class AnonymousPageCacheMiddleware:
    """Serve anonymous readers' pages from the cache, before the rest of the stack.

    It sits first in the stack, so a page is stored as sent (every header,
    compressed or not) and a hit costs a URL resolution (once per path) and two
    cache reads: the generations of what the page shows, and the page. The views that
    may be kept say so with ``anonymous_page_cache``; only their 200 responses
    that set no cookie and are not private are stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_personal(request) or not layer_on("pages"):
            return self.get_response(request)
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        scopes = _cache_scopes(request, language)
        if scopes is None:
            return self.get_response(request)
        generations = Generations(scopes, read=recent_generations)
        key = _page_key(request, generations, language)
        store = anonymous_page_cache_store()
        response, state = lookup(store, key, generations)
        if response is not None:
            response[CACHE_HEADER] = state
            return response
        try:
            response = self.get_response(request)
        finally:
            if state == "renew":
                release(store, key)
        if self._is_storable(response):
            patch_vary_headers(response, ["Cookie"])
            keep(store, key, generations, response)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _is_storable(response):
        return (
            getattr(response, "anonymous_page_cache", False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
        )
