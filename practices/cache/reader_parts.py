"""Signed-in pages: the public text kept, each reader's parts set in named slots."""

import logging
import re
import secrets

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.generations import account_generation, signed_in_memory
from publishing.apps import REVIEWER_SESSION_KEY

from .invalidation import Generations, layer_on, list_scopes
from .pages import CACHE_HEADER, url_digest
from .stores import keep, lookup, page_text_cache, release

logger = logging.getLogger(__name__)

# Kept reader parts hold this in place of the CSRF token, and each response gets
# a freshly masked one (as rendering would give). Random for each process, so
# no text a member typed can stand for it.
CSRF_PLACEHOLDER = f"csrf{secrets.token_hex(16)}"

SLOT = re.compile(r"<!--reader-slot:([a-z0-9-]+)-->")
PART = re.compile(r"<!--reader-part:([a-z0-9-]+)-->")


class SlotsDisagree(Exception):
    """A page's slots and its reader's parts do not name the same parts."""


def slot_marker(name):
    # Typed text cannot forge it: templates escape "<".
    return mark_safe(f"<!--reader-slot:{name}-->")


def part_marker(name):
    return mark_safe(f"<!--reader-part:{name}-->")


def set_in(public, parts):
    """Set each of the reader's parts in the slot of the same name.

    ``public`` is the page's public text cut at its slots (text, name, text,
    ..., text); ``parts`` maps names to the reader's parts. Each slot is named
    once and filled once, whatever the order of either.
    """
    names = public[1::2]
    if len(set(names)) != len(names) or set(names) != parts.keys():
        raise SlotsDisagree(
            f"the page leaves slots {sorted(names)} and its reader parts are "
            f"{sorted(parts)}"
        )
    pieces = public[:]
    pieces[1::2] = [parts[name] for name in names]
    return "".join(pieces)


class ReaderPartsMixin:
    """Serve signed-in readers a page's public text from memory, their parts set in.

    The page is rendered once per generation, language and URL with
    ``reader_slots`` set to "public" in its context: each ``{% reader_slot
    "name" %}`` then leaves a named slot instead of its content (header links,
    messages, gated sections). The text between the slots is public and kept in
    each process's memory. The reader's parts are ``reader_parts_template``
    rendered in "parts" mode, where the same tag gives its content under its
    name; they are kept per reader in the process's memory too
    (``reader_parts``), and each is set in the slot of its name. If slots and
    parts disagree, that
    is an error when ``READER_SLOTS_STRICT`` (``DEBUG``, and the tests); in
    production the page is rendered whole instead. Anonymous readers' pages are
    kept whole by the page cache.
    """

    reader_parts_template = "includes/reader_parts.html"
    # Whether the reader's parts need the view's context (the practice page's
    # do); if not, a kept page skips the view's work altogether.
    reader_parts_need_context = False
    cache_scopes = staticmethod(list_scopes)

    def uses_reader_parts(self):
        return (
            self.reader_parts_template is not None
            and self.request.user.is_authenticated
            and layer_on("page_text")
        )

    def page_text_key(self):
        # The generation was read when the request began, before any data: a
        # change committed while the page is rendered brings a newer one, which
        # this text must not be kept under.
        url = url_digest(self.request)
        return f"page-text:{self.generations.key}:{get_language()}:{url}"

    def render_public_text(self, template_names, context):
        """Render with the reader's slots left empty, and cut the text at each."""
        text = render_to_string(
            template_names, {**context, "reader_slots": "public"}, self.request
        )
        return SLOT.split(text)

    def render_reader_parts(self, context):
        text = render_to_string(
            self.reader_parts_template,
            {**context, "reader_slots": "parts"},
            self.request,
        )
        found = PART.split(text)
        return dict(zip(found[1::2], found[2::2], strict=True))

    def reader_parts_key(self):
        """Where this reader's parts are kept, or None to render them afresh.

        They show the reader's account (its generation), whether they review
        (their session) and, if they need the view's context (a practice's
        opinions, their follow), the page's generations: any of these moving
        on retires them. A message waiting is shown once, so a request with
        one renders its parts.
        """
        request = self.request
        if not layer_on("members") or get_messages(request):
            return None
        user = request.user
        generation = getattr(user, "account_generation", None)  # AccountBackend
        page = (
            self.page_text_key()
            if self.reader_parts_need_context
            else f"{self.reader_parts_template}:{get_language()}"
        )
        return (
            f"reader-parts:{user.pk}:{generation or account_generation(user.pk)}:"
            f"{bool(getattr(request, 'session', {}).get(REVIEWER_SESSION_KEY))}:"
            f"{get_script_prefix()}:{page}"
        )

    def reader_parts(self, context):
        """This reader's parts: kept in this process's memory, with a fresh token."""
        key = self.reader_parts_key()
        if key is None:
            return self.render_reader_parts(context)
        memory = signed_in_memory()
        parts = memory.get(key)
        if parts is None:
            parts = self.render_reader_parts(
                {**context, "csrf_token": CSRF_PLACEHOLDER}
            )
            memory.set(key, parts, settings.SIGNED_IN_USER_SECONDS)
        token = get_token(self.request)
        return {
            name: part.replace(CSRF_PLACEHOLDER, token) for name, part in parts.items()
        }

    def fill(self, public, context):
        """The page for this reader, or None if its slots and parts disagree."""
        try:
            return HttpResponse(set_in(public, self.reader_parts(context)))
        except SlotsDisagree:
            if settings.READER_SLOTS_STRICT:
                raise
            logger.exception("%s: rendered whole", type(self).__name__)
            return None

    def dispatch(self, request, *args, **kwargs):
        self.generations = Generations(self.cache_scopes(kwargs))
        self.generation = str(self.generations)
        # (public text, state), once looked up for this request.
        self.public_text = None
        if request.method not in {"GET", "HEAD"} or not self.uses_reader_parts():
            return super().dispatch(request, *args, **kwargs)
        store, key = page_text_cache(), self.page_text_key()
        public, state = self.public_text = lookup(store, key, self.generations)
        if public is not None and not self.reader_parts_need_context:
            if response := self.fill(public, {}):
                response[CACHE_HEADER] = state
                return response
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            if state == "renew":
                release(store, key)

    def render_to_response(self, context, **response_kwargs):
        if self.public_text is None or response_kwargs.get("status", 200) != 200:
            return super().render_to_response(context, **response_kwargs)
        public, state = self.public_text
        if public is None:
            public = self.render_public_text(self.get_template_names(), context)
            keep(page_text_cache(), self.page_text_key(), self.generations, public)
            state = "miss"
        response = self.fill(public, context)
        if response is None:
            return super().render_to_response(context, **response_kwargs)
        response[CACHE_HEADER] = state
        return response
