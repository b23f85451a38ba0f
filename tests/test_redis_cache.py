"""The portal's Redis cache backend, against the Redis server of this machine."""

import uuid

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from wecd_portal.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except RedisConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    yield cache
    # Not clear(): it empties the whole Redis database, other users' keys too.
    cache.delete_many(["ping", "generation", "renewing", "a", "b", "k"])


def test_it_stores_reads_and_forgets_like_django_s(redis_cache):
    redis_cache.set("generation", 1)
    assert redis_cache.incr("generation") == 2
    assert redis_cache.add("renewing", True, 30)
    assert not redis_cache.add("renewing", True, 30)
    redis_cache.set_many({"a": {"page": "text"}, "b": [1, 2]})
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": {"page": "text"}, "b": [1, 2]}
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
    assert redis_cache.get("generation") == 2


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache
    assert client.get_client() is client.get_client(write=True)
    redis_cache.set("k", "v")
    assert redis_cache.get("k") == "v"
    assert len(client._clients) == 1
