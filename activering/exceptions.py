"""One error shape for every 4xx answer of the API (see docs/adr/0010-api-error-shape.md):

    {"fouten": [{"veld": "werk.startdatum", "code": "invalid", "bericht": "…"}]}

``veld`` is the dotted path of the offending input field (``null`` for errors that concern the
request as a whole), ``code`` a stable machine-readable code, ``bericht`` a Dutch message.

Services raise plain Django ``ValidationError`` (→ 400) or ``DomeinConflict`` (→ 409); they do
not know about HTTP. The DRF exception handler below translates both, and every DRF exception.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback


class DomeinConflict(Exception):
    """The request conflicts with the current state of the data (HTTP 409).

    Raised by services (e.g. a refused traject status transition); ``bericht`` is Dutch."""

    code = "conflict"

    def __init__(self, bericht: str, *, code: str | None = None, veld: str | None = None):
        super().__init__(bericht)
        self.bericht = bericht
        if code:
            self.code = code
        self.veld = veld


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class UnprocessableEntity(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


def _dutch_message(exc: exceptions.APIException, code: str) -> str | None:
    """Better Dutch wording than DRF's own translation for request-level errors."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Geen API-sleutel of aanmelding meegegeven.")
    if isinstance(exc, exceptions.AuthenticationFailed) and code == "authentication_failed":
        return _("Ongeldige aanmeldgegevens.")
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is not None:
            return _("Te veel verzoeken. Probeer opnieuw over %(wait)d seconden.") % {
                "wait": max(1, round(exc.wait))
            }
        return _("Te veel verzoeken. Probeer later opnieuw.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Dit inhoudstype wordt niet ondersteund; stuur JSON (application/json).")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Deze HTTP-methode is hier niet toegestaan.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Dit antwoordformaat kan niet geleverd worden; vraag JSON.")
    if isinstance(exc, exceptions.PermissionDenied) and code == "permission_denied":
        return _("U hebt geen toegang tot deze gegevens.")
    return None


def _field_message(code: str, message: str) -> str:
    """Dutch wording for field errors that DRF does not translate."""
    if code == "surrogate_characters_not_allowed":
        return _("Deze tekst bevat ongeldige tekens (losse surrogaten).")
    return message


def _zonder_nul(fout: dict) -> dict:
    """An error may quote the input (“'…' is geen geldige keuze”, a field name). A NUL character
    in it is shown as U+FFFD: PostgreSQL cannot store NUL in text or jsonb, and the response of
    an Idempotency-Key request is stored to be replayed identically."""
    return {
        sleutel: waarde.replace("\x00", "\ufffd") if isinstance(waarde, str) else waarde
        for sleutel, waarde in fout.items()
    }


def _flatten(detail: Any, path: str | None) -> list[dict]:
    """Turn DRF's nested error detail into a flat list with dotted field paths."""
    fouten: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__"):
                child = path
            else:
                child = f"{path}.{key}" if path else str(key)
            fouten.extend(_flatten(value, child))
    elif isinstance(detail, list | tuple):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list | tuple):
                fouten.extend(_flatten(value, f"{path}.{index}" if path else str(index)))
            else:
                fouten.extend(_flatten(value, path))
    else:
        code = getattr(detail, "code", None) or "invalid"
        fouten.append({"veld": path, "code": code, "bericht": _field_message(code, str(detail))})
    return fouten


def _convert(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, DomeinConflict):
        converted = Conflict(detail=exc.bericht, code=exc.code)
        converted.veld = exc.veld  # type: ignore[attr-defined]
        return converted
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge(_("Het verzoek is te groot."))
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Niet gevonden."))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def error_response(exc: Exception) -> Response | None:
    """The response for ``exc`` in the one error shape, or None for unexpected errors (→ 500).
    Does not touch the transaction (callers that store the response rely on that)."""
    exc = _convert(exc)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(max(1, round(exc.wait)))  # type: ignore[attr-defined]

    if isinstance(exc, exceptions.ValidationError):
        fouten = _flatten(exc.detail, None)
    else:
        code = getattr(exc.detail, "code", None) or exc.default_code
        bericht = _dutch_message(exc, code) or str(exc.detail)
        fouten = [{"veld": getattr(exc, "veld", None), "code": code, "bericht": bericht}]
    fouten = [_zonder_nul(fout) for fout in fouten]
    return Response({"fouten": fouten}, status=exc.status_code, headers=headers)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF ``EXCEPTION_HANDLER``: every handled error in the shape above."""
    response = error_response(exc)
    if response is not None:
        set_rollback()
    return response
