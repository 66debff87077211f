"""Reads for the second login factor (TOTP, django-otp)."""

from __future__ import annotations

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from activering.constants import Rol
from activering.permissions import medewerker_van

#: Session key remembering (per user) whether an optional second factor was linked, so that
#: the middleware does not query for it on every request.
SESSIE_SLEUTEL = "activering_tweede_factor"


def tweede_factor_vereist(*, user, session=None) -> bool:
    """Beheerders, and everybody who can open the admin, log in with a TOTP code as well
    as their password. For the other roles it is optional: once they linked an app, they too
    need a code (looked up once per session when ``session`` is given)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    medewerker = medewerker_van(user)
    if medewerker is not None and medewerker.rol == Rol.BEHEERDER:
        return True
    if session is not None:
        bewaard = session.get(SESSIE_SLEUTEL)
        if isinstance(bewaard, list) and len(bewaard) == 2 and bewaard[0] == user.pk:
            return bool(bewaard[1])
    vereist = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if session is not None:
        session[SESSIE_SLEUTEL] = [user.pk, vereist]
    return vereist


def totp_apparaat_get(*, user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or ``None``."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_geheim(*, apparaat: TOTPDevice) -> str:
    """The secret as the base32 text an authenticator app asks for when typed by hand."""
    return b32encode(apparaat.bin_key).decode("ascii")


def totp_qr_svg(*, apparaat: TOTPDevice) -> str:
    """The ``otpauth://`` URI as an SVG QR code, rendered on the server (no script, no
    external service)."""
    import qrcode
    import qrcode.image.svg

    afbeelding = qrcode.make(
        apparaat.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    return afbeelding.to_string(encoding="unicode")
