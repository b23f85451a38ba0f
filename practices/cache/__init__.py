"""The practice pages' caches, by concern.

- ``invalidation``: the generations a kept page carries, retired after a commit;
- ``stores``: memory before the shared cache, stale-while-renewing, aggregates;
- ``pages``: anonymous readers' whole pages (the first middleware);
- ``reader_parts``: signed-in pages, their reader's parts set in named slots.

docs/architecture.md ("Caches") says what each layer keeps and what retires it.
"""

from .invalidation import (
    LIST,
    SITE,
    Generations,
    generation,
    generations,
    invalidate_after_commit,
    layer_on,
    list_generation,
    list_scopes,
    new_generation,
    practice_scope,
    practice_scopes,
    recent_generations,
)
from .pages import CACHE_HEADER, AnonymousPageCacheMiddleware, anonymous_page_cache
from .reader_parts import ReaderPartsMixin, SlotsDisagree, part_marker, slot_marker
from .stores import (
    cached_aggregate,
    cached_public_object,
    forget_aggregate,
    keep,
    lookup,
    public_object_cache,
    release,
)

__all__ = [
    "CACHE_HEADER",
    "LIST",
    "SITE",
    "AnonymousPageCacheMiddleware",
    "Generations",
    "ReaderPartsMixin",
    "SlotsDisagree",
    "anonymous_page_cache",
    "cached_aggregate",
    "cached_public_object",
    "forget_aggregate",
    "public_object_cache",
    "generation",
    "generations",
    "invalidate_after_commit",
    "keep",
    "layer_on",
    "list_generation",
    "list_scopes",
    "lookup",
    "new_generation",
    "part_marker",
    "practice_scope",
    "practice_scopes",
    "recent_generations",
    "release",
    "slot_marker",
]
