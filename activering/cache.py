"""A Redis cache that degrades instead of failing when Redis is down.

Django's ``RedisCache`` raises ``redis.ConnectionError`` from every call when Redis cannot be
reached, which would turn a page that merely reads the cache into a 500. Here reads return
their default and writes are dropped (logged as a warning, without the key); ``incr``/``decr``
and ``clear`` still raise, since their callers must know. The only cache users are the
worker heartbeat for /health/ (which pings Redis itself) and the partner API throttle (fails
open while Redis is down: documented in docs/backup.md)."""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache

import redis

logger = logging.getLogger(__name__)

_FOUTEN = (redis.ConnectionError, redis.TimeoutError)


def _tolerant(standaard):
    def decorator(methode):
        @functools.wraps(methode)
        def wrapper(self, *args, **kwargs):
            try:
                return methode(self, *args, **kwargs)
            except _FOUTEN as exc:
                logger.warning("cache %s skipped: Redis unreachable (%s)", methode.__name__, exc)
                if callable(standaard):
                    return standaard(*args, **kwargs)
                return standaard

        return wrapper

    return decorator


class FoutTolerantRedisCache(RedisCache):
    @_tolerant(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_tolerant(lambda keys, version=None: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_tolerant(False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_tolerant(False)
    def add(self, key, value, timeout=None, version=None):
        return super().add(key, value, timeout, version)

    @_tolerant(None)
    def set(self, key, value, timeout=None, version=None):
        return super().set(key, value, timeout, version)

    @_tolerant(lambda data, timeout=None, version=None: list(data))
    def set_many(self, data, timeout=None, version=None):
        return super().set_many(data, timeout, version)

    @_tolerant(False)
    def touch(self, key, timeout=None, version=None):
        return super().touch(key, timeout, version)

    @_tolerant(False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_tolerant(None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)
