"""Whole-page cache for anonymous readers, invalidated by any change of content.

A published practice changes rarely and most readers are anonymous, so their
pages are served from the cache. Every cached page's key carries a content
generation; saving anything a page shows sets a new generation, so all cached
pages are dropped at once. The new generation is set only once the change is
committed (``invalidate_after_commit``): a request served meanwhile reads the
old data, and keeps it under the old generation. Readers with a session
(signed in, or with a message waiting) always get a freshly rendered page,
and their pages are never stored.
"""

import hashlib
import time
from functools import wraps
from itertools import chain

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_from_path

GENERATION_KEY = "pages:generation"
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = new_generation()
    return generation


def new_generation():
    """Invalidate every cached page, now."""
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def invalidate_after_commit(using=None):
    """Invalidate every cached page once the current transaction commits.

    Outside a transaction, at once. Never before the commit: a request that
    arrives in between still reads the old data, and would keep it under the
    new generation for as long as pages are kept.
    """
    transaction.on_commit(new_generation, using=using)


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


# Where a page's public text leaves room for the reader's own parts; it cannot
# come from anything a user types, which templates escape.
READER_SLOT = mark_safe("<!--reader-->")


def page_text_cache():
    """Where signed-in pages' public text is kept: each process's memory."""
    try:
        return caches["page_text"]
    except InvalidCacheBackendError:
        return cache


def set_in(public, own):
    """Set the reader's parts (``own``) in the slots of a page's public text."""
    if len(own) != len(public) - 1:
        raise ImproperlyConfigured(
            f"{len(own)} reader parts for {len(public) - 1} slots: the page's "
            "templates and its reader_parts_template disagree."
        )
    return "".join(chain.from_iterable(zip(public[:-1], own, strict=True))) + public[-1]


class ReaderPartsMixin:
    """Serve signed-in readers a page's public text from memory, their parts set in.

    The page is rendered once per content generation, language and URL with
    ``reader_slot`` in its context, which makes the templates leave a slot
    wherever a part is the reader's own (header links, messages, gated
    sections). The text between the slots is public and kept in each process's
    memory. Each request renders only ``reader_parts_template``, whose parts come
    in the slots' order separated by the same marker, and sets them in.
    Anonymous readers' pages are kept whole by the page cache instead.
    """

    reader_parts_template = "includes/reader_parts.html"
    # Whether the reader's parts need the view's context (the practice page's
    # do); if not, a kept page skips the view's work altogether.
    reader_parts_need_context = False

    def uses_reader_parts(self):
        return (
            self.reader_parts_template is not None
            and self.request.user.is_authenticated
        )

    def page_text_generation(self):
        # Read when the request began, before any data: a change committed while
        # the page is rendered brings a newer generation, which this text must
        # not be kept under.
        return self.generation

    def page_text_key(self):
        generation = self.page_text_generation()
        return f"page-text:{generation}:{get_language()}:{url_digest(self.request)}"

    def render_in_parts(self, template_names, context):
        """Render with ``reader_slot`` set, and cut the text at each slot."""
        return render_to_string(
            template_names, {**context, "reader_slot": READER_SLOT}, self.request
        ).split(READER_SLOT)

    def render_reader_parts(self, context):
        return self.render_in_parts(self.reader_parts_template, context)

    def dispatch(self, request, *args, **kwargs):
        self.generation = current_generation()
        if (
            request.method in {"GET", "HEAD"}
            and self.uses_reader_parts()
            and not self.reader_parts_need_context
        ):
            public = page_text_cache().get(self.page_text_key())
            if public is not None:
                return HttpResponse(set_in(public, self.render_reader_parts({})))
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        if not self.uses_reader_parts() or response_kwargs.get("status", 200) != 200:
            return super().render_to_response(context, **response_kwargs)
        store, key = page_text_cache(), self.page_text_key()
        public = store.get(key)
        if public is None:
            public = self.render_in_parts(self.get_template_names(), context)
            store.set(key, public, settings.PAGE_CACHE_SECONDS)
        return HttpResponse(set_in(public, self.render_reader_parts(context)))


def url_digest(request):
    """A short digest of the URL asked for, host and query string included."""
    url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}"
    return hashlib.sha256((url + request.get_full_path()).encode()).hexdigest()


def _is_personal(request):
    return request.method not in {"GET", "HEAD"} or bool(
        PERSONAL_COOKIES & request.COOKIES.keys()
    )


def _page_key(request):
    """The page's key: its URL (which names the language) and the encoding.

    English pages live at the root and French ones under /fr/, so the path alone
    says the language, before LocaleMiddleware has run.
    """
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    encoding = (
        "gzip"
        if re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
        else "identity"
    )
    return f"pages:{current_generation()}:{language}:{encoding}:{url_digest(request)}"


def anonymous_page_cache(view):
    """Let ``AnonymousPageCacheMiddleware`` keep the view's anonymous pages."""

    @wraps(view)
    def cacheable_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.anonymous_page_cache = True
        return response

    return cacheable_view


class AnonymousPageCacheMiddleware:
    """Serve anonymous readers' pages from the cache, before the rest of the stack.

    It sits above compression, so a page is stored as sent (compressed or not)
    and a hit costs two cache reads: the generation and the page. The views that
    may be kept say so with ``anonymous_page_cache``; only their 200 responses
    that set no cookie and are not private are stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_personal(request):
            return self.get_response(request)
        key = _page_key(request)
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if self._is_storable(response):
                patch_vary_headers(response, ["Cookie"])
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
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
