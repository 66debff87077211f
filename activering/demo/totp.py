"""The demo beheerder's authenticator app: a TOTP device with a fixed, published secret, so
that ``beheerder.demo`` can pass the second login step on a development machine
(``manage.py demo_totp`` prints the current code). Created only with DEBUG on: a published
secret must never protect a real installation."""

from __future__ import annotations

import time
from base64 import b32encode

from django.conf import settings
from django.contrib.auth import get_user_model

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_BEHEERDER = "beheerder.demo"
#: 20 bytes, hex (django-otp's format). Base32: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
DEMO_TOTP_SLEUTEL = "3132333435363738393031323334353637383930"
DEMO_TOTP_NAAM = "Demo-authenticator"


def demo_totp_geheim() -> str:
    return b32encode(bytes.fromhex(DEMO_TOTP_SLEUTEL)).decode("ascii")


def demo_totp_apparaat_maak() -> TOTPDevice | None:
    """Give ``beheerder.demo`` the demo device (DEBUG only; ``None`` otherwise or when the
    account does not exist)."""
    if not settings.DEBUG:
        return None
    user = get_user_model().objects.filter(username=DEMO_BEHEERDER).first()
    if user is None:
        return None
    apparaat, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_TOTP_NAAM,
        defaults={"key": DEMO_TOTP_SLEUTEL, "confirmed": True},
    )
    return apparaat


def demo_totp_code(*, tijdstip: float | None = None) -> str:
    """The code an authenticator app with the demo secret shows now (or at ``tijdstip``)."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_SLEUTEL), step=30, t0=0, digits=6)
    totp.time = time.time() if tijdstip is None else tijdstip
    return f"{totp.token():06d}"
