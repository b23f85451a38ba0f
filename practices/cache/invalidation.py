"""Generations: what a kept page shows, retired practice by practice.

A published practice changes rarely and most readers are anonymous, so their
pages are served from the cache. Every cached page's key carries the
*generations* of what it shows, each a number kept in the shared cache:

- ``site``: what many pages show (topic and organisation names, a follower's
  public name, a practice's title, status, country or institution as other
  practices' pages list it). Every page's key carries it.
- ``practice:<slug>``: one practice; only its own page's key carries it.
- ``list``: every list of practices (the list and search, home, map,
  organisation and region pages): any change of any practice moves it on.

An edit, opinion, follow or transfer on practice A so retires A's page and the
lists, never practice B's page. The new generations are set only once the
change is committed (``invalidate_after_commit``): a request served meanwhile
reads the old data, and keeps it under the old generations. Readers with a
session (signed in, or with a message waiting) always get a freshly rendered
page, and their pages are never stored.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

SITE = "site"
LIST = "list"


def layer_on(name):
    """Whether the cache layer ``name`` is on (``CACHE_LAYERS_OFF`` names those off).

    Every layer is on in production; bench/layers.sh turns one off at a time to
    measure what it earns (docs/architecture.md, "Caches").
    """
    return name not in settings.CACHE_LAYERS_OFF


def practice_scope(slug):
    return f"practice:{slug}"


def list_scopes(kwargs):
    """What a page of many practices depends on."""
    return (SITE, LIST)


def practice_scopes(kwargs):
    """What one practice's page depends on: itself, and what every page shows."""
    return (SITE, practice_scope(kwargs["slug"]))


def _generation_key(scope):
    return f"pages:generation:{scope}"


def generations(scopes):
    """The generations of ``scopes``, in order; one cache read.

    A scope with no generation yet (or whose generation was evicted) gets one:
    whatever was kept under its former one is never read again.
    """
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        fresh = time.time_ns()
        for key in keys:
            if key not in found and not cache.add(key, fresh, timeout=None):
                found[key] = cache.get(key, fresh)
            found.setdefault(key, fresh)
    return [found[key] for key in keys]


# How a process learns which generations moved, in one read a second: every
# change is numbered (``CHANGES_KEY``) and the scopes it moved are kept under its
# number for ``CHANGE_LOG_SECONDS``.
CHANGES_KEY = "pages:changes"
CHANGE_LOG_SECONDS = 600
# A process further behind than this forgets every generation it knew.
CHANGES_READ_AT_MOST = 200
# ... and it forgets them this often anyway: a change whose number was lost (a
# process stopped between two cache writes) reaches it this late at worst.
KNOWN_AT_MOST_SECONDS = 60


def _change_key(number):
    return f"pages:change:{number}"


def _logs_changes():
    """Whether the shared cache counts atomically, as the log needs.

    The file and database caches read and write a count in two steps: two
    changes at once could get one number. Without the log, each process reads
    each page's generations once a second.
    """
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.memcached import BaseMemcachedCache
    from django.core.cache.backends.redis import RedisCache

    return isinstance(caches["default"], LocMemCache | RedisCache | BaseMemcachedCache)


def _log_change(scopes):
    """Number this change and keep the scopes it moved under its number."""
    try:
        number = cache.incr(CHANGES_KEY)
    except ValueError:
        # No log yet, or it was evicted: a new one starts past any number the
        # former reached, so that every process sees it is behind.
        cache.add(CHANGES_KEY, time.time_ns(), timeout=None)
        number = cache.incr(CHANGES_KEY)
    cache.set(_change_key(number), list(scopes), timeout=CHANGE_LOG_SECONDS)


class _Known:
    """The generations this process read, and how far it has followed the log."""

    def __init__(self):
        self.values = {}
        self.number = None
        self.checked_at = self.since = -float("inf")

    def forget(self, now):
        self.values.clear()
        self.since = now

    def catch_up(self, now):
        """Forget the generations the changes since the last look moved; one read."""
        if now - self.since >= KNOWN_AT_MOST_SECONDS:
            self.forget(now)
        number = cache.get(CHANGES_KEY)
        if number != self.number:
            behind = None if None in (number, self.number) else number - self.number
            found = {}
            if behind is not None and 0 < behind <= CHANGES_READ_AT_MOST:
                keys = [_change_key(self.number + n) for n in range(1, behind + 1)]
                found = cache.get_many(keys)
            if behind and len(found) == behind:
                for scopes in found.values():
                    for scope in scopes:
                        self.values.pop(scope, None)
            else:
                # A change not logged yet, a log restarted, or too many to read.
                self.forget(now)
            self.number = number
        self.checked_at = now


_known = _Known()


def _clock():
    return time.monotonic()


def recent_generations(scopes):
    """The generations of ``scopes`` as this process knows them.

    For anonymous pages only. Once every ``ANONYMOUS_GENERATION_SECONDS`` at
    most, the process reads which generations moved since it last looked (one
    cache read, whatever the number of pages) and forgets those; a generation
    it does not know is read from the shared cache. A change made through
    another process so reaches an anonymous reader that much later (as
    nginx's micro-cache already lets it, for 5 s); one made through this
    process, at once (``new_generation``). Signed-in readers, authors among
    them, never wait.
    """
    lag = settings.ANONYMOUS_GENERATION_SECONDS if layer_on("memory") else 0
    if lag <= 0:
        return generations(scopes)
    now = _clock()
    if now - _known.checked_at >= lag:
        if _logs_changes():
            _known.catch_up(now)
        else:
            _known.forget(now)
            _known.checked_at = now
    missing = [scope for scope in scopes if scope not in _known.values]
    if missing:
        _known.values.update(zip(missing, generations(missing), strict=True))
    return [_known.values[scope] for scope in scopes]


def generation(scopes):
    """The generations of ``scopes``, as one string for cache keys."""
    return ".".join(map(str, generations(scopes)))


class Generations:
    """What a page's key carries, and the list generation it is kept against.

    A page of many practices is kept under its other scopes' generations, with
    the list generation it was rendered at beside it (``keep``): when the list
    moves on, the copy in hand is still served as *stale* while one request
    renders it again (``lookup``), so that edits a second apart do not make
    every reader of a list wait for it. A change to the ``site`` scope, or to
    a practice, retires its pages outright.
    """

    def __init__(self, scopes, read=generations):
        scopes = tuple(scopes)
        values = read(scopes)
        self.list = values.pop(scopes.index(LIST)) if LIST in scopes else None
        self.key = ".".join(map(str, values))

    def __str__(self):
        return self.key if self.list is None else f"{self.key}.{self.list}"


def list_generation():
    return generation(list_scopes({}))


def new_generation(*scopes):
    """Retire, now, every cached page that shows ``scopes`` (all pages by default)."""
    scopes = scopes or (SITE,)
    now = time.time_ns()
    cache.set_many({_generation_key(scope): now for scope in scopes}, timeout=None)
    # Numbered after the generations are set: a process that sees the number
    # reads them as they are now.
    if _logs_changes():
        _log_change(scopes)
    _known.values.update(dict.fromkeys(scopes, now))
    return now


class _Invalidation:
    """The scopes a connection's transaction changed, retired together on commit.

    Each change registers ``retire`` on commit; the first call retires them all
    and the others find nothing left. Scopes of a rolled-back transaction stay
    and are retired with the next commit: a page rendered again for nothing.
    """

    def __init__(self):
        self.clear()

    def clear(self):
        """Forget every scope (new sets: ``retire`` still holds the old ones)."""
        self.site = False
        self.practice_pks = set()
        self.slugs = set()

    def add(self, practice_pks, slugs, site):
        self.site = self.site or site
        self.practice_pks.update(pk for pk in practice_pks if pk is not None)
        self.slugs.update(slug for slug in slugs if slug)

    def retire(self):
        site, pks, slugs = self.site, self.practice_pks, self.slugs
        self.clear()
        if site:
            new_generation(SITE)
        elif pks or slugs:
            if pks:
                from ..models import Practice

                slugs |= set(
                    Practice.objects.filter(pk__in=pks).values_list("slug", flat=True)
                )
            new_generation(LIST, *(practice_scope(slug) for slug in slugs))


def invalidate_after_commit(*, practice_pks=(), slugs=(), site=False, using=None):
    """Retire the pages of these practices, and the lists, once the transaction commits.

    ``site`` retires every page. Outside a transaction, at once. Never before
    the commit: a request that arrives in between still reads the old data,
    and would keep it under the new generation for as long as pages are kept.
    """
    connection = transaction.get_connection(using)
    pending = connection.__dict__.setdefault("page_cache_invalidation", _Invalidation())
    pending.add(practice_pks, slugs, site)
    transaction.on_commit(pending.retire, using=using)
