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
            return json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except (ValueError, LookupError, RecursionError) as exc:
            raise ParseError(_("Ongeldige JSON: het verzoek kon niet gelezen worden.")) from exc
