"""JSON only, at most 1 MiB, and never a 500 on hostile input."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from activering.exceptions import RequestTooLarge

DEFAULT_MAX_BODY = 1024 * 1024


def max_body_bytes() -> int:
    return getattr(settings, "PARTNER_API_MAX_BODY", DEFAULT_MAX_BODY)


def _refuse_constant(name: str):
    raise ValueError(name)


class LimitedJSONParser(parsers.JSONParser):
    """Reads at most the limit (+1 byte to notice more), whatever Content-Length says."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge(
                _("Het verzoek is groter dan %(max)d bytes.") % {"max": limit},
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
            nul_in_sleutel = _nul_in_sleutel(data)
        except (ValueError, LookupError, RecursionError) as exc:
            raise ParseError(_("Ongeldige JSON: het verzoek kon niet gelezen worden.")) from exc
        if nul_in_sleutel:
            # A field name is echoed in the error ("veld"), which is stored with the
            # idempotency key; PostgreSQL text cannot hold U+0000. (NUL in a value is refused
            # by the serializer field itself, with its field name.)
            raise ParseError(_("Ongeldige JSON: het NUL-teken (\\u0000) is niet toegelaten."))
        return data


def _nul_in_sleutel(waarde) -> bool:
    """Whether a key anywhere in the parsed JSON holds U+0000."""
    if isinstance(waarde, dict):
        return any("\x00" in k or _nul_in_sleutel(v) for k, v in waarde.items())
    if isinstance(waarde, list):
        return any(_nul_in_sleutel(v) for v in waarde)
    return False
