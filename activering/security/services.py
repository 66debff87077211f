"""Writes for the second login factor (TOTP, django-otp)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from activering.permissions import client_ip
from activering.services import audit_log

from .selectors import SESSIE_SLEUTEL

APPARAAT_NAAM = "Authenticator-app"


def totp_apparaat_voorbereiden(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator app (created with a fresh random secret when
    there is none): shown as a QR code until a first code confirms it."""
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=user, name=APPARAAT_NAAM, confirmed=False)
    return apparaat


def totp_code_controleren(*, request: HttpRequest, apparaat: TOTPDevice, code: str) -> bool:
    """Check ``code`` against ``apparaat`` (django-otp throttles repeated failures and refuses a
    code that was used before). On success the device is confirmed when it was not yet, and the
    session is marked as verified (``request.user.is_verified()``)."""
    code = "".join(code.split())
    if not code.isdigit() or not apparaat.verify_token(code):
        audit_log(
            actie="tweede_factor_mislukt",
            gebruiker=request.user,
            object_type="otp_totp",
            object_id=apparaat.pk,
            ip_adres=client_ip(request),
        )
        return False
    with transaction.atomic():
        if not apparaat.confirmed:
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=apparaat.user, confirmed=False).delete()
            request.session[SESSIE_SLEUTEL] = [apparaat.user_id, True]
            audit_log(
                actie="tweede_factor_ingesteld",
                gebruiker=request.user,
                object_type="otp_totp",
                object_id=apparaat.pk,
                ip_adres=client_ip(request),
            )
        django_otp.login(request, apparaat)
    return True
