"""Security headers on every response, a Content-Security-Policy without inline code, cookies
and CSRF."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.test import Client

import pytest

from tests.test_settings import run_production

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        deel.split()[0]: deel.split()[1:] for deel in (d.strip() for d in policy.split(";")) if deel
    }


@pytest.mark.parametrize("pad", ["/accounts/login/", "/clienten/", "/health/", "/api/v1/docs/"])
def test_every_response_carries_the_security_headers(client, ma_a, pad):
    client.force_login(ma_a.user)
    response = client.get(pad)
    assert response.status_code in {200, 503}  # /health/ without a worker heartbeat: 503
    directives = csp_directives(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert directives[directive] == ["'self'"], directive
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_swagger_ui_is_served_from_our_own_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    for attributen, inhoud in scripts:
        assert 'src="/' in attributen and not inhoud.strip(), attributen  # no CDN, no inline
    start = re.search(r'<script src="(/api/v1/docs/\?script=)"', html)
    assert start and client.get(start.group(1)).status_code == 200


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_templates_have_no_inline_scripts_styles_or_event_handlers():
    """The CSP blocks them; this finds them before a browser does."""
    problemen = []
    for pad in sorted((ROOT / "templates").rglob("*.html")):
        tekst = pad.read_text()
        for naam, patroon in [
            ("inline <script>", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("on…= handler", EVENT_HANDLER),
        ]:
            for m in patroon.finditer(tekst):
                if naam == "inline <script>" and 'type="application/json"' in m.group(0):
                    continue  # data, not code (json_script)
                regel = tekst.count("\n", 0, m.start()) + 1
                problemen.append(f"{pad.relative_to(ROOT)}:{regel}: {naam}")
    assert problemen == []


def test_htmx_does_not_inject_its_indicator_style(client):
    html = client.get("/accounts/login/").content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert meta and json.loads(meta.group(1))["includeIndicatorStyles"] is False


def test_csrf_is_checked_on_posts():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    pagina = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.content.decode())
    response = client.post(
        "/accounts/login/",
        {"username": "x", "password": "y", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 200  # the form, with its error


COOKIES = (
    "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) "
    "for k in ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', "
    "'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', "
    "'SESSION_COOKIE_AGE', 'MIDDLEWARE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_SSL_REDIRECT', 'PASSWORD_HASHERS']}))"
)


def test_production_cookies_are_secure_httponly_and_samesite():
    result = run_production(["-c", "import django; django.setup(); " + COOKIES])
    assert result.returncode == 0, result.stderr
    waarden = json.loads(result.stdout)
    assert waarden["SESSION_COOKIE_SECURE"] and waarden["CSRF_COOKIE_SECURE"]
    assert waarden["SESSION_COOKIE_HTTPONLY"] and waarden["CSRF_COOKIE_HTTPONLY"]
    assert waarden["SESSION_COOKIE_SAMESITE"] == waarden["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert waarden["SESSION_COOKIE_AGE"] == 1800
    assert "activering.security.middleware.SessieVerlengenMiddleware" in waarden["MIDDLEWARE"]
    assert waarden["SECURE_HSTS_SECONDS"] >= 31536000 and waarden["SECURE_SSL_REDIRECT"]
    assert waarden["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
