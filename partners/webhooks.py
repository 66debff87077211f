"""Webhooks for partner organisations: the signed POST a partner receives when one of its
trajecten is referred or changes (guide: docs/partner-api.md, "Webhooks").

Pure helpers (no database writes): the address rule, the payload, the signature and one HTTP
delivery. Recording attempts and queueing live in ``partners.services``; the Celery task with
retries in ``partners.tasks``.

The payload carries no personal data, only the traject's id, status and dates: the partner
fetches the details through the API (``GET /api/v1/partner/trajecten/{id}/``), which checks the
key and writes the audit trail."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

HANDTEKENING_HEADER = "X-Activering-Handtekening"
TIJDSTIP_HEADER = "X-Activering-Tijdstip"
EVENT_HEADER = "X-Activering-Event"
EVENT_ID_HEADER = "X-Activering-Event-Id"

EVENT_AANGEMELD = "traject.aangemeld"
EVENT_GEWIJZIGD = "traject.gewijzigd"
EVENTS = (EVENT_AANGEMELD, EVENT_GEWIJZIGD)

#: A receiver should refuse a signature whose timestamp is older than this (replays).
MAX_LEEFTIJD_S = 300
LOKALE_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def secret_nieuw() -> str:
    """A random signing secret (256 bits, hex)."""
    return secrets.token_hex(32)


def url_controleren(url: str) -> str:
    """The address, stripped, or a Dutch ``ValidationError``: only ``https://``, except
    ``http://`` to 127.0.0.1/localhost when ``PARTNER_WEBHOOK_ALLOW_HTTP_LOCALHOST`` is on
    (development and tests only). No credentials in the address."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError(
            {"url": ValidationError(_("Geef een geldig webadres (URL)."), code="invalid")}
        ) from exc
    delen = urlsplit(url)
    if delen.username or delen.password:
        raise ValidationError(
            {
                "url": ValidationError(
                    _("Een webhookadres mag geen gebruikersnaam of wachtwoord bevatten."),
                    code="invalid",
                )
            }
        )
    if delen.scheme == "https":
        return url
    lokaal_toegelaten = getattr(settings, "PARTNER_WEBHOOK_ALLOW_HTTP_LOCALHOST", False)
    if lokaal_toegelaten and (delen.hostname or "") in LOKALE_HOSTS:
        return url
    raise ValidationError(
        {
            "url": ValidationError(
                _("Een webhookadres moet met https:// beginnen."), code="https_required"
            )
        }
    )


def traject_payload(*, traject, event: str, event_id: str) -> str:
    """The JSON body of an event on ``traject``: ids, status and dates, no personal data."""
    gewijzigd = traject.gewijzigd_op
    return json.dumps(
        {
            "event": event,
            "event_id": event_id,
            "tijdstip": timezone.now(),
            "traject": {
                "id": traject.uuid,
                "soort": traject.soort,
                "status": traject.status,
                "aanmelddatum": traject.aanmelddatum,
                "startdatum": traject.startdatum,
                "einddatum_gepland": traject.einddatum_gepland,
                "einddatum": traject.einddatum,
                "uitkomst": traject.uitkomst or None,
                "gewijzigd_op": timezone.localtime(gewijzigd) if gewijzigd else None,
            },
        },
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )


def handtekening(*, secret: str, tijdstip: int | str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``<tijdstip>.<raw body>`` with ``secret``."""
    bericht = f"{tijdstip}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), bericht, hashlib.sha256).hexdigest()


def handtekening_geldig(
    *,
    secret: str,
    tijdstip: str | None,
    ontvangen: str | None,
    body: bytes,
    nu: float | None = None,
    max_leeftijd_s: int = MAX_LEEFTIJD_S,
) -> bool:
    """What a receiver checks: the signature matches (constant time) and the timestamp is
    recent (within ``max_leeftijd_s`` either way), so that a captured request cannot be
    replayed later."""
    if not tijdstip or not ontvangen or not tijdstip.isdigit():
        return False
    nu = time.time() if nu is None else nu
    if abs(nu - int(tijdstip)) > max_leeftijd_s:
        return False
    verwacht = handtekening(secret=secret, tijdstip=tijdstip, body=body)
    return hmac.compare_digest(verwacht, ontvangen)


@dataclass(frozen=True)
class Resultaat:
    status_code: int | None
    fout: str = ""

    @property
    def geslaagd(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _GeenRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook is delivered to the registered address only, never to where it redirects."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_GeenRedirects)


def afleveren(
    *, url: str, secret: str, event: str, event_id: str, body: str, timeout_s: float
) -> Resultaat:
    """POST ``body`` to ``url`` once, signed; any 2xx is success. Never raises for network
    or HTTP errors: they come back as the result."""
    ruw = body.encode()
    tijdstip = str(int(time.time()))
    verzoek = urllib.request.Request(  # noqa: S310 (scheme checked by url_controleren)
        url,
        data=ruw,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Activering-Webhook/1",
            EVENT_HEADER: event,
            EVENT_ID_HEADER: event_id,
            TIJDSTIP_HEADER: tijdstip,
            HANDTEKENING_HEADER: handtekening(secret=secret, tijdstip=tijdstip, body=ruw),
        },
    )
    if urlsplit(url).scheme not in ("http", "https"):
        return Resultaat(None, _("ongeldig adres"))
    try:
        with _OPENER.open(verzoek, timeout=timeout_s) as antwoord:
            antwoord.read(64 * 1024)
            return Resultaat(antwoord.status)
    except urllib.error.HTTPError as exc:
        return Resultaat(exc.code, f"HTTP {exc.code} {exc.reason}"[:500])
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reden = getattr(exc, "reason", exc)
        return Resultaat(None, f"{type(exc).__name__}: {reden}"[:500])
