"""Who may use the partner API, and how often."""

from __future__ import annotations

from rest_framework import permissions, throttling
from rest_framework.settings import api_settings

from partners.models import PartnerAPIKey


class IsPartner(permissions.BasePermission):
    """Only requests authenticated with a partner API key (staff sessions do not count)."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PartnerAPIKey)


class PartnerRateThrottle(throttling.SimpleRateThrottle):
    """Requests per API key, counted in the Redis cache. The rate is the setting
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["partner"]`` (default 600/min), read per request
    so that it can be changed in tests and per environment."""

    scope = "partner"

    def get_rate(self) -> str | None:
        return (api_settings.DEFAULT_THROTTLE_RATES or {}).get(self.scope, "600/min")

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, PartnerAPIKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
