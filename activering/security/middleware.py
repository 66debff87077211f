"""``TweedeFactorMiddleware``: a beheerder (or admin user) who logged in with his password but
has not yet given a TOTP code reaches nothing but the TOTP step, the set-up page and logout.

Placed after django-otp's ``OTPMiddleware`` (which provides ``request.user.is_verified()``).
Partner API requests carry no session and are not affected.

``SessieVerlengenMiddleware``: 30 minutes idle expiry without a session write per request."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import totp_apparaat_get, tweede_factor_vereist

#: Paths an unverified user may still open (prefixes).
VRIJE_PADEN = ("/accounts/login/", "/accounts/logout/", "/accounts/tweede-factor/", "/i18n/")


class TweedeFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._vrij(request.path)
            and tweede_factor_vereist(user=user, session=getattr(request, "session", None))
            and not user.is_verified()
        ):
            return self._naar_tweede_factor(request, user)
        return self.get_response(request)

    @staticmethod
    def _vrij(pad: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return pad.startswith((*VRIJE_PADEN, static)) or pad == "/health/"

    @staticmethod
    def _naar_tweede_factor(request: HttpRequest, user):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "fouten": [
                        {
                            "veld": None,
                            "code": "tweede_factor_vereist",
                            "bericht": _("Meld u eerst aan met uw code uit de authenticator-app."),
                        }
                    ]
                },
                status=403,
            )
        naam = "tweede_factor" if totp_apparaat_get(user=user) else "tweede_factor_instellen"
        doel = reverse(naam)
        if request.method == "GET":
            doel += "?" + urlencode({"next": request.get_full_path()})
        return redirect(doel)


class SessieVerlengenMiddleware:
    """Idle expiry without a database write on every request.

    The session lives ``SESSION_COOKIE_AGE`` (30 minutes) from its last save. Instead of
    ``SESSION_SAVE_EVERY_REQUEST`` (an UPDATE per page view), the session is saved again only
    when its last renewal is ``SESSIE_VERLENGEN_NA`` seconds (default 60) or more ago, so a user
    who keeps working stays signed in and an idle one is signed out after 30 minutes (at most
    one minute early). Place it after ``SessionMiddleware``."""

    SLEUTEL = "_verlengd_op"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            sessie_verlengen(session)
        return response


def sessie_verlengen(session, *, altijd: bool = False) -> None:
    """Stamp the session (which makes ``SessionMiddleware`` save it and renew its expiry)
    when the last stamp is old enough, or ``altijd``."""
    nu = int(time.time())
    laatst = session.get(SessieVerlengenMiddleware.SLEUTEL, 0)
    if altijd or nu - laatst >= settings.SESSIE_VERLENGEN_NA:
        session[SessieVerlengenMiddleware.SLEUTEL] = nu
