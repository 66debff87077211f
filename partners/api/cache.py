"""Cache of rendered partner-API list pages in Redis (docs/adr/0009-partner-api-read-path.md).

An entry holds the response bytes of one page and the ``(traject uuid, client id)`` pairs it
shows, so that a hit still writes its audit rows (authentication and the rate limit run
before the cache is read, as for any request). Its key contains the partner, the partner's
version, a global version and the request's full URL (scheme, host, path and query string as
sent: the ``next``/``previous`` links repeat them, so the bytes stay those of an uncached
answer).

Invalidation: a version is a random token, replaced by every write that can change what a
partner's list shows, once at the write and once after its commit, so older entries become
unreachable (they expire after ``TTL``): a request that read the database before the commit
can only have stored its page under a version the second replacement retires. Writers:

- explicit calls in the services that write with ``update()``/``bulk_*``: ``client_update``,
  ``clients_toewijzen`` (clients), anonymisation (clients.gdpr), ``melding_create`` (partners),
  the import (``importeer_map``) and ``demo_data_create``/``demo_data_delete`` (global);
- ``post_save`` receivers (``connect_signals``, documented fallback) for everything that saves
  a ``Traject`` or ``Client`` model instance (the trajecten services, the admin) and for staff
  (``Medewerker``, ``User``: the contactpersoon of every partner, so global).

There are no ``post_delete`` receivers (they would turn set-based deletes into row-by-row
ones); the deleting services above bump explicitly. When Redis is down reads miss, the
endpoint works uncached and bumps are dropped (``activering.cache.FoutTolerantRedisCache``):
an entry written before an outage can then be served at most ``TTL`` seconds after a change
made during it."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

TTL = 120  # seconds: bounds staleness only when a bump was lost during a Redis outage
_ALLES = "partnerapi:versie:alles"


def _versie_sleutel(partner_id: int) -> str:
    return f"partnerapi:versie:{partner_id}"


def lijst_sleutel(*, partner_id: int, url: str) -> str | None:
    """The entry's key under the current versions (one Redis round trip); None when the
    cache is switched off (setting ``PARTNER_API_LIJST_CACHE = False``)."""
    if not getattr(settings, "PARTNER_API_LIJST_CACHE", True):
        return None
    versies = cache.get_many([_versie_sleutel(partner_id), _ALLES])
    url_hash = hashlib.sha256(url.encode()).hexdigest()
    return (
        f"partnerapi:lijst:{partner_id}:{versies.get(_versie_sleutel(partner_id), 0)}:"
        f"{versies.get(_ALLES, 0)}:{url_hash}"
    )


def lijst_get(*, sleutel: str) -> tuple[bytes, list[tuple[str, int]]] | None:
    return cache.get(sleutel)


def lijst_set(*, sleutel: str, body: bytes, trajecten: list[tuple[str, int]]) -> None:
    cache.set(sleutel, (body, trajecten), TTL)


def _vernieuw(sleutels: list[str]) -> None:
    if sleutels:
        versie = uuid.uuid4().hex
        cache.set_many(dict.fromkeys(sleutels, versie), None)


def _nu_en_na_commit(sleutels: list[str]) -> None:
    """Now (this connection then never reads a stale page) and again after commit (a request
    that read the database before the commit may have stored its page under the first new
    version)."""
    _vernieuw(sleutels)
    transaction.on_commit(lambda: _vernieuw(sleutels))


def lijst_cache_ongeldig(*, partner_ids: Iterable[int | None]) -> None:
    """Retire the cached pages of these partners, now and after commit."""
    _nu_en_na_commit(sorted({_versie_sleutel(pk) for pk in partner_ids if pk is not None}))


def lijst_cache_ongeldig_voor_clienten(*, client_ids: Iterable[int]) -> None:
    """Retire the cached pages of every partner with a traject of these clients, now and
    after commit (call it before deleting them)."""
    from trajecten.models import Traject

    partner_ids = (
        Traject.objects.filter(client_id__in=list(client_ids), partner__isnull=False)
        .order_by()
        .values_list("partner_id", flat=True)
        .distinct()
    )
    lijst_cache_ongeldig(partner_ids=list(partner_ids))


def lijst_cache_vergeten() -> None:
    """Retire every cached page now, outside any transaction (test isolation)."""
    _vernieuw([_ALLES])


def lijst_cache_alles_ongeldig() -> None:
    """Retire every cached page, now and after commit (staff data, imports, bulk deletes)."""
    _nu_en_na_commit([_ALLES])


def _traject_bewaard(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is None or "partner" in update_fields:
        lijst_cache_alles_ongeldig()  # the partner may have changed: the old one is unknown
    else:
        lijst_cache_ongeldig(partner_ids=[instance.partner_id])


def _client_bewaard(sender, instance, **kwargs) -> None:
    lijst_cache_ongeldig_voor_clienten(client_ids=[instance.pk])


def _medewerker_bewaard(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes nothing a partner sees
    lijst_cache_alles_ongeldig()


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    from activering.models import Medewerker
    from clients.models import Client
    from trajecten.models import Traject

    post_save.connect(_traject_bewaard, sender=Traject, dispatch_uid="partnerapi_traject")
    post_save.connect(_client_bewaard, sender=Client, dispatch_uid="partnerapi_client")
    post_save.connect(_medewerker_bewaard, sender=Medewerker, dispatch_uid="partnerapi_mw")
    post_save.connect(_medewerker_bewaard, sender=get_user_model(), dispatch_uid="partnerapi_u")
