"""Account generations: how every process learns that a member's account changed.

A member is kept in each process's memory (``backends.AccountBackend``) under a
number in the shared cache that moves on with every change to their account.
"""

import time

from django.core.cache import InvalidCacheBackendError, cache, caches
from django.db import transaction


def _generation_key(user_id):
    return f"accounts:generation:{user_id}"


def account_generation(user_id):
    """The account's generation; a new one if it has none (or it was evicted)."""
    key = _generation_key(user_id)
    value = cache.get(key)
    if value is None:
        fresh = time.time_ns()
        value = fresh if cache.add(key, fresh, timeout=None) else cache.get(key, fresh)
    return value


def new_account_generation(user_id):
    """Forget every process's copy of this account (once the change is committed)."""
    cache.set(_generation_key(user_id), time.time_ns(), timeout=None)


def forget_member(pk, using):
    """Every process loads the member afresh: now, and again once committed.

    Now, so that the rest of this transaction's requests see the change; again
    after the commit, because a request served in between by another process
    read the account as it was and kept it under the newer generation.
    """
    new_account_generation(pk)
    transaction.on_commit(lambda: new_account_generation(pk), using=using)


def signed_in_memory():
    """This process's memory of what each signed-in member sees as their own."""
    try:
        return caches["signed_in"]
    except InvalidCacheBackendError:
        return cache
