"""Degrade gracefully when Redis (cache and Celery broker) is down.

Page views never need Redis: sessions live in PostgreSQL, the cache is fault tolerant
(``activering.cache``) and enqueueing code catches broker errors. What staff must know is that
background work (webhooks to partners, indicator snapshots, imports) waits: the
``AchtergrondMiddleware`` shows "Achtergrondtaken wachten: …" on every page while the broker
cannot be reached, and /health/ reports Redis as down. See docs/backup.md ("Storingen")."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: How long a ping result is reused (seconds): at most one ping per process per interval.
PING_INTERVAL_S = 10.0
PING_TIMEOUT_S = 0.5

_lock = threading.Lock()
_laatste: dict[str, tuple[float, bool]] = {}


def _redis_url() -> str:
    url = getattr(settings, "CELERY_BROKER_URL", "") or settings.REDIS_URL
    return url.replace("redis+socket://", "unix://", 1)


def redis_ping(url: str | None = None, *, timeout: float = PING_TIMEOUT_S) -> None:
    """Raise ``redis.RedisError`` when the Redis at ``url`` (default: the broker) does not
    answer a PING within ``timeout`` seconds."""
    import redis

    klant = redis.Redis.from_url(
        url or _redis_url(), socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        klant.ping()
    finally:
        klant.close()


def wachtrij_bereikbaar(*, vers: bool = False) -> bool:
    """Whether the Celery broker answers; the answer is reused for ``PING_INTERVAL_S``."""
    url = _redis_url()
    nu = time.monotonic()
    with _lock:
        vorig = _laatste.get(url)
    if vorig is not None and not vers and nu - vorig[0] < PING_INTERVAL_S:
        return vorig[1]
    try:
        redis_ping(url)
        bereikbaar = True
    except Exception as exc:  # any failure means: background work cannot be queued now
        logger.warning("Celery broker unreachable (%s)", type(exc).__name__)
        bereikbaar = False
    with _lock:
        _laatste[url] = (nu, bereikbaar)
    return bereikbaar


def vergeet_status() -> None:
    """Forget the reused ping results (tests, after a restart)."""
    with _lock:
        _laatste.clear()


def bericht() -> str:
    return _(
        "Achtergrondtaken wachten: de wachtrij (Redis) is niet bereikbaar. Uw werk in de "
        "dossiers wordt gewoon bewaard; berichten aan partners, berekeningen en imports "
        "volgen zodra de wachtrij weer werkt."
    )


class AchtergrondMiddleware:
    """On full-page GETs of logged-in staff, warn when background work cannot be queued."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and not request.path.startswith(("/api/", "/health/", "/" + settings.STATIC_URL))
            and not request.headers.get("HX-Request")
            and not wachtrij_bereikbaar()
        ):
            messages.warning(request, bericht())
        return self.get_response(request)
