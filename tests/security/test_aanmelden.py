"""Login: lockout after repeated failures (django-axes), idle session expiry, and the TOTP
second factor for beheerders (django-otp)."""

from __future__ import annotations

import datetime
import io
import time

from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from activering.demo.totp import DEMO_TOTP_SLEUTEL, demo_totp_apparaat_maak, demo_totp_code
from activering.models import AuditEvent
from tests.security.conftest import WACHTWOORD
from tests.security.hulp import aanmelden, is_aangemeld

pytestmark = pytest.mark.django_db


def code_voor(apparaat: TOTPDevice, *, verschuiving: int = 0) -> str:
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = time.time() + verschuiving * apparaat.step
    return f"{totp.token():0{apparaat.digits}d}"


def wacht_op_throttle(apparaat: TOTPDevice) -> None:
    """As if the user waited a few seconds after a wrong code (django-otp's throttle)."""
    TOTPDevice.objects.filter(pk=apparaat.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=30)
    )


# --- lockout -----------------------------------------------------------------------------------


def test_five_failures_lock_the_user_on_that_address_for_fifteen_minutes(ma_a):
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(4):
        response = aanmelden(client, "ma.a", "fout-wachtwoord")
        assert response.status_code == 200
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    response = aanmelden(client, "ma.a", "fout-wachtwoord")  # the fifth failure locks
    assert response.status_code == 429
    # Now even the right password is refused, with a Dutch page.
    response = aanmelden(client, "ma.a", WACHTWOORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Aanmelden tijdelijk geblokkeerd" in html
    assert "over 15 minuten opnieuw" in html
    assert not is_aangemeld(client)
    # Per user *and* address: the same user elsewhere, or another user here, still logs in.
    assert is_aangemeld_na(Client(REMOTE_ADDR="10.0.0.2"), "ma.a")


def is_aangemeld_na(client: Client, username: str) -> bool:
    aanmelden(client, username, WACHTWOORD)
    return is_aangemeld(client)


def test_lockout_ends_after_the_cool_off(ma_a):
    client = Client(REMOTE_ADDR="10.0.0.3")
    for _ in range(5):
        aanmelden(client, "ma.a", "fout-wachtwoord")
    assert aanmelden(client, "ma.a", WACHTWOORD).status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert is_aangemeld_na(client, "ma.a")


def test_a_success_resets_the_failure_count(ma_a):
    client = Client(REMOTE_ADDR="10.0.0.4")
    for _ in range(4):
        aanmelden(client, "ma.a", "fout-wachtwoord")
    assert is_aangemeld_na(client, "ma.a")
    client.logout()
    for _ in range(4):
        assert aanmelden(client, "ma.a", "fout-wachtwoord").status_code == 200
    assert is_aangemeld_na(client, "ma.a")


# --- session -----------------------------------------------------------------------------------


def test_session_expires_after_thirty_minutes_without_a_request(client, ma_a):
    login = aanmelden(client, "ma.a", WACHTWOORD)
    assert is_aangemeld(client)
    response = client.get("/")
    assert response.status_code == 200
    # Working renews the 30 minutes (at most once a minute, see the next test).
    sessie = Session.objects.get(session_key=client.session.session_key)
    resterend = sessie.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < resterend <= datetime.timedelta(minutes=30)
    cookie = login.cookies.get("sessionid")
    assert cookie is not None and cookie["httponly"] and cookie["samesite"] == "Lax"
    # 31 minutes later: logged out.
    Session.objects.filter(pk=sessie.pk).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- second factor -----------------------------------------------------------------------------


def test_beheerder_without_an_app_is_sent_to_link_one_and_then_gets_in(client, beheerder):
    assert is_aangemeld_na(client, "beheerder.a")
    response = client.get("/clienten/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/tweede-factor/instellen/?next=%2Fclienten%2F"
    # Nothing else opens before the second step, not even the admin or the API.
    assert client.get("/admin/").status_code == 302
    api = client.get("/api/v1/indicatoren/?gemeente=12025&jaar=2024")
    assert api.status_code == 403
    assert api.json()["fouten"][0]["code"] == "tweede_factor_vereist"

    pagina = client.get(response["Location"])
    assert pagina.status_code == 200
    html = pagina.content.decode()
    apparaat = TOTPDevice.objects.get(user=beheerder.user, confirmed=False)
    from activering.security.selectors import totp_geheim

    assert totp_geheim(apparaat=apparaat) in html  # typed by hand
    assert "otpauth://totp/Activering%3Abeheerder.a?secret=" in html
    assert "<svg" in html  # QR code rendered on the server

    fout = client.post(
        "/accounts/tweede-factor/instellen/", {"code": "000000", "next": "/clienten/"}
    )
    assert fout.status_code == 400
    assert "Deze code klopt niet" in fout.content.decode()
    apparaat.refresh_from_db()
    assert not apparaat.confirmed
    wacht_op_throttle(apparaat)

    ok = client.post(
        "/accounts/tweede-factor/instellen/", {"code": code_voor(apparaat), "next": "/clienten/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/clienten/"
    apparaat.refresh_from_db()
    assert apparaat.confirmed
    assert client.get("/clienten/").status_code == 200
    assert client.get("/admin/").status_code == 200
    acties = list(
        AuditEvent.objects.filter(gebruiker=beheerder.user).values_list("actie", flat=True)
    )
    assert "tweede_factor_ingesteld" in acties and "tweede_factor_mislukt" in acties


def test_beheerder_with_an_app_needs_a_fresh_code_after_the_password(client, beheerder):
    apparaat = TOTPDevice.objects.create(user=beheerder.user, name="app", confirmed=True)
    assert is_aangemeld_na(client, "beheerder.a")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/tweede-factor/?next=%2F"
    assert client.get("/accounts/tweede-factor/").status_code == 200

    fout = client.post("/accounts/tweede-factor/", {"code": "12345a"})
    assert fout.status_code == 400
    assert "Deze code klopt niet of werd al gebruikt." in fout.content.decode()
    assert client.get("/").status_code == 302

    code = code_voor(apparaat)
    ok = client.post("/accounts/tweede-factor/", {"code": code, "next": "/clienten/"})
    assert ok.status_code == 302 and ok["Location"] == "/clienten/"
    assert client.get("/").status_code == 200

    # The same code cannot be used a second time (another session, same user).
    ander = Client()
    assert is_aangemeld_na(ander, "beheerder.a")
    assert ander.post("/accounts/tweede-factor/", {"code": code}).status_code == 400
    assert ander.get("/").status_code == 302


def test_next_never_leads_off_site(client, beheerder):
    apparaat = TOTPDevice.objects.create(user=beheerder.user, name="app", confirmed=True)
    assert is_aangemeld_na(client, "beheerder.a")
    response = client.post(
        "/accounts/tweede-factor/", {"code": code_voor(apparaat), "next": "https://kwaad.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_repeated_wrong_codes_are_throttled(client, beheerder):
    apparaat = TOTPDevice.objects.create(user=beheerder.user, name="app", confirmed=True)
    assert is_aangemeld_na(client, "beheerder.a")
    client.post("/accounts/tweede-factor/", {"code": "000000"})
    # Right after a failure, even the right code waits (django-otp's exponential throttle).
    response = client.post("/accounts/tweede-factor/", {"code": code_voor(apparaat)})
    assert response.status_code == 400
    assert "Te veel foute codes na elkaar" in response.content.decode()


def test_social_worker_needs_no_second_factor_unless_he_linked_an_app(client, ma_a):
    assert is_aangemeld_na(client, "ma.a")
    assert client.get("/clienten/").status_code == 200
    # He may link an app (optional); from then on he too needs a code.
    assert client.get("/accounts/tweede-factor/instellen/").status_code == 200
    apparaat = TOTPDevice.objects.get(user=ma_a.user)
    client.post("/accounts/tweede-factor/instellen/", {"code": code_voor(apparaat)})
    client.logout()
    assert is_aangemeld_na(client, "ma.a")
    assert client.get("/clienten/")["Location"].startswith("/accounts/tweede-factor/?")


def test_logout_stays_possible_before_the_second_step(client, beheerder):
    assert is_aangemeld_na(client, "beheerder.a")
    assert client.post("/accounts/logout/").status_code == 302
    assert not is_aangemeld(client)


# --- demo --------------------------------------------------------------------------------------


def test_demo_beheerder_gets_a_fixed_device_in_debug_only(gemeente):
    from activering.constants import Rol
    from activering.security.selectors import tweede_factor_vereist
    from tests.security.conftest import maak_medewerker

    demo = maak_medewerker(gemeente, Rol.BEHEERDER, "beheerder.demo", is_staff=True)
    assert demo_totp_apparaat_maak() is None  # DEBUG is off in tests
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp")
    with override_settings(DEBUG=True):
        apparaat = demo_totp_apparaat_maak()
        uit = io.StringIO()
        call_command("demo_totp", stdout=uit)
    assert apparaat.key == DEMO_TOTP_SLEUTEL and apparaat.confirmed
    assert tweede_factor_vereist(user=demo.user)
    # The printed code is the one the device accepts (RFC 6238 test key "12345678901234567890").
    assert uit.getvalue().strip() in {demo_totp_code(), demo_totp_code(tijdstip=time.time() - 30)}
    assert demo_totp_code(tijdstip=59) == "287082"  # RFC 6238 appendix B, 6 digits
    client = Client()
    assert is_aangemeld_na(client, "beheerder.demo")
    ok = client.post("/accounts/tweede-factor/", {"code": demo_totp_code()})
    assert ok.status_code == 302 and client.get("/").status_code == 200


def test_session_is_renewed_at_most_once_a_minute_not_on_every_request(client, ma_a, settings):
    """Idle expiry without a database write per page view (SessieVerlengenMiddleware)."""
    assert is_aangemeld_na(client, "ma.a")
    sleutel = client.session.session_key
    eerste = Session.objects.get(session_key=sleutel).expire_date
    client.get("/")
    assert Session.objects.get(session_key=sleutel).expire_date == eerste  # within the minute
    settings.SESSIE_VERLENGEN_NA = 0  # "a minute later"
    client.get("/")
    assert Session.objects.get(session_key=sleutel).expire_date > eerste


def test_behind_a_proxy_the_lockout_is_per_forwarded_address(ma_a, settings):
    """With TRUSTED_PROXY_COUNT=1 every request comes from the proxy's address; the lockout
    follows the address the proxy saw, and a forged X-Forwarded-For entry does not escape it."""
    settings.TRUSTED_PROXY_COUNT = 1
    aanvaller = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for _ in range(5):
        aanmelden(aanvaller, "ma.a", "fout-wachtwoord")
    assert aanmelden(aanvaller, "ma.a", WACHTWOORD).status_code == 429
    vervalst = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="7.7.7.7, 198.51.100.1")
    assert aanmelden(vervalst, "ma.a", WACHTWOORD).status_code == 429
    # The same user at another address behind the same proxy is not locked out.
    collega = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert is_aangemeld_na(collega, "ma.a")
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
