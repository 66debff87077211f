"""Who may use the partner API, and how often."""

from __future__ import annotations

import logging
import uuid

import redis
from rest_framework import permissions, throttling
from rest_framework.settings import api_settings

from partners.models import PartnerAPIKey

logger = logging.getLogger(__name__)


class IsPartner(permissions.BasePermission):
    """Only requests authenticated with a partner API key (staff sessions do not count)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PartnerAPIKey)


#: DRF's sliding window (at most N requests in any window of the period), kept in a Redis
#: sorted set of request moments: drop the moments that left the window, count, and add this
#: one if there is room; else return the oldest moment (for Retry-After). One round trip and
#: atomic, whatever N is: DRF's own throttle reads and writes the whole history (a pickled
#: list of N floats) on every request, and two concurrent requests can both pass at N-1.
_VENSTER_LUA = """
local sleutel, nu, duur, maximum = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]),
    tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', sleutel, '-inf', nu - duur)
local aantal = redis.call('ZCARD', sleutel)
if aantal < maximum then
    redis.call('ZADD', sleutel, nu, ARGV[4])
    redis.call('EXPIRE', sleutel, math.ceil(duur))
    return {1, aantal + 1, ''}
end
local oudste = redis.call('ZRANGE', sleutel, 0, 0, 'WITHSCORES')
return {0, aantal, oudste[2] or ''}
"""


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    """Requests per API key, counted in Redis. The rate is the setting
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["partner"]`` (default 600/min), read per request
    so that it can be changed in tests and per environment. While Redis is down requests are
    let through (fails open, as the cache does; docs/backup.md)."""

    scope = "partner"
    # Not DRF's key: a key left by DRF's throttle holds a pickled list, not a sorted set.
    cache_format = "throttle_%(scope)s_venster_%(ident)s"
    _script = None

    def get_rate(self) -> str | None:
        return (api_settings.DEFAULT_THROTTLE_RATES or {}).get(self.scope, "600/min")

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, PartnerAPIKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}

    def allow_request(self, request, view) -> bool:
        redis_cache = getattr(self.cache, "_cache", None)
        if not hasattr(redis_cache, "get_client"):  # not a Redis cache: DRF's own way
            return super().allow_request(request, view)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        sleutel = self.cache.make_key(self.key)
        try:
            client = redis_cache.get_client(sleutel, write=True)
            if PartnerRateThrottle._script is None:
                PartnerRateThrottle._script = client.register_script(_VENSTER_LUA)
            toegelaten, self.aantal, oudste = PartnerRateThrottle._script(
                keys=[sleutel],
                args=[repr(self.now), self.duration, self.num_requests, uuid.uuid4().hex],
                client=client,
            )
        except redis.RedisError as exc:
            logger.warning("Partner throttle skipped: Redis error (%s)", type(exc).__name__)
            return True
        self.oudste = float(oudste) if oudste else None
        return bool(toegelaten)

    def wait(self) -> float | None:
        """Seconds until the oldest request in the window leaves it (as DRF computes it)."""
        if not hasattr(self, "aantal"):
            return super().wait()
        if self.oudste is not None:
            resterend = self.duration - (self.now - self.oudste)
        else:
            resterend = self.duration
        beschikbaar = self.num_requests - self.aantal + 1
        if beschikbaar <= 0:
            return None
        return resterend / float(beschikbaar)
