"""Where kept pages and figures live, and how a stale copy is renewed."""

import time

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, cache, caches
from django.utils.translation import get_language

from .invalidation import SITE, Generations, layer_on

# A request renewing a stale list page is given this long before another may.
RENEWAL_SECONDS = 30


def lookup(store, key, generations, max_age=None):
    """Return (value, state) for the page kept at ``key``.

    ``state`` is "hit"; "stale" when the copy was rendered at an earlier list
    generation (or over ``max_age`` seconds ago) and is renewed by another
    request, or (lists) was rendered less than ``LIST_STALE_SECONDS`` ago; "renew" when
    this request is to render it again (and must ``release`` it after); or
    "miss". The value is None unless the state is "hit" or "stale".
    """
    entry = store.get(key)
    if (
        entry is not None
        and not _rendered_since(entry[0], generations.list)
        and hasattr(store, "get_shared")
    ):
        # Another process may have renewed it already.
        entry = store.get_shared(key) or entry
    if entry is None:
        return None, "miss"
    list_generation, rendered_at, value = entry
    age = time.time() - rendered_at
    if _rendered_since(list_generation, generations.list) and (
        max_age is None or age < max_age
    ):
        return value, "hit"
    recent = max_age is None and age < settings.LIST_STALE_SECONDS
    if recent or not store.add(f"{key}:renewing", True, RENEWAL_SECONDS):
        return value, "stale"
    return None, "renew"


def _rendered_since(kept, current):
    """Whether a page kept at list generation ``kept`` is current.

    A later one than this request read is current too: a process that read the
    generations sooner (``recent_generations``) rendered it.
    """
    return kept == current or (
        kept is not None and current is not None and kept > current
    )


def keep(store, key, generations, value):
    store.set(key, (generations.list, time.time(), value), settings.PAGE_CACHE_SECONDS)


def release(store, key):
    """Let another request renew the page at ``key``: this one is done with it."""
    store.delete(f"{key}:renewing")


class MemoryBeforeShared:
    """Each process's memory in front of the shared cache.

    A page's public text is read from this process's memory when it has it,
    else from the shared cache (and then kept in memory too): a page is
    rendered once for every process and app server, and a process's small
    memory may drop the pages it rarely serves. Renewal marks (``add``) live
    in the shared cache only.
    """

    def __init__(self, memory, shared):
        self.memory, self.shared = memory, shared

    def get(self, key):
        value = self.memory.get(key)
        if value is None:
            value = self.get_shared(key)
        return value

    def get_shared(self, key):
        value = self.shared.get(key)
        if value is not None:
            self.memory.set(key, value, settings.PAGE_CACHE_SECONDS)
        return value

    def set(self, key, value, timeout):
        self.shared.set(key, value, timeout)
        self.memory.set(key, value, timeout)

    def add(self, key, value, timeout):
        return self.shared.add(key, value, timeout)

    def delete(self, key):
        self.shared.delete(key)
        self.memory.delete(key)


def _memory_before_shared(alias):
    if not layer_on("memory"):
        return cache
    try:
        return MemoryBeforeShared(caches[alias], cache)
    except InvalidCacheBackendError:
        return cache


def page_text_cache():
    """Where signed-in pages' public text is kept: memory, then the shared cache."""
    return _memory_before_shared("page_text")


def anonymous_page_cache_store():
    """Where anonymous readers' pages are kept: memory, then the shared cache."""
    return _memory_before_shared("anonymous_pages")


def public_object_cache():
    """Where public objects are kept (``cached_public_object``).

    Memory, then the shared cache: a practice is read from the database once
    for every process and server, not once in each (its first signed-in
    reader in each worker waited for the whole page's queries).
    """
    return _memory_before_shared("public_objects")


def cached_public_object(key, generation, fetch):
    """Return ``fetch()``, kept for the current content generation.

    For public data only: every reader, signed in or not, gets the same object.
    """
    if not layer_on("objects"):
        return fetch()
    store = public_object_cache()
    key = f"objects:{generation}:{key}"
    value = store.get(key)
    if value is None:
        value = fetch()
        store.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def cached_aggregate(name, compute):
    """Figures over every published practice (counts, facet options), kept briefly.

    Computing them scans every practice (seconds at 100,000) and the list
    generation moves on with each change, so they are kept under the site
    generation instead, and computed again once ``AGGREGATE_CACHE_SECONDS``
    old: a count may lag a change by that much (and by the time one request
    takes to compute it again, while the others use the figures in hand),
    while the practices a page lists are always fresh. Per language: labels
    are the reader's.
    """
    if not layer_on("aggregates"):
        return compute()
    generations = Generations([SITE])
    key = _aggregate_key(generations, name)
    max_age = settings.AGGREGATE_CACHE_SECONDS
    value, state = lookup(cache, key, generations, max_age=max_age)
    if state in {"hit", "stale"}:
        return value
    try:
        value = compute()
        if max_age:
            keep(cache, key, generations, value)
        return value
    finally:
        if state == "renew":
            release(cache, key)


def forget_aggregate(name):
    """Drop the aggregate ``name`` (benchmarks measure a first reader with it)."""
    cache.delete(_aggregate_key(Generations([SITE]), name))


def _aggregate_key(generations, name):
    # Not "aggregates:", whose entries were (time, value): a cache kept
    # through an upgrade must not be read in the new (list, time, value) shape.
    return f"aggregate:{generations}:{get_language()}:{name}"
