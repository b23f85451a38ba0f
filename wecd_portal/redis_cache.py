"""Django's Redis cache backend, with one redis-py client per connection pool."""

from django.core.cache.backends import redis


class ReusingRedisCacheClient(redis.RedisCacheClient):
    """Django builds a new ``redis.Redis`` for every cache operation.

    Each builds its table of some 170 reply callbacks, a quarter of the Redis
    time of a signed-in page (four operations). A client holds only its pool and
    that table, and is safe to share: one per pool.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
