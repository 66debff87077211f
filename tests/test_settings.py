"""Production settings refuse unsafe configurations, pass Django's deployment checks, and
every environment variable the settings read is documented in .env.example."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_production(code_or_args: list[str], **overrides: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "activering.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "False",
        "ALLOWED_HOSTS": "activering.example",
        **overrides,
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_only_the_test_settings_allow_truncating_the_audit_table():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}))"
    )
    result = run_production(["-c", code])
    assert result.returncode == 0, result.stderr
    assert "audit_truncate" not in result.stdout


def test_production_settings_load_with_a_secret_key_and_debug_off():
    result = run_production(["-c", SETUP])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("secret_key", ["", "too-short-0123456789"])
def test_production_refuses_without_a_proper_secret_key(secret_key):
    # An explicitly empty variable also wins over a developer's .env file.
    result = run_production(["-c", SETUP], SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("debug", ["on", "True", "1"])
def test_production_refuses_debug(debug):
    result = run_production(["-c", SETUP], DEBUG=debug)
    assert result.returncode != 0
    assert "DEBUG must be off in production." in result.stderr


def test_manage_check_deploy_passes_with_production_settings():
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _variables_read_by_settings() -> set[str]:
    pattern = re.compile(
        r"""env\.\w+\(\s*["']([A-Z][A-Z0-9_]*)["']|environ\.get\(\s*["']([A-Z][A-Z0-9_]*)"""
    )
    sources = [
        *(ROOT / "activering" / "settings").glob("*.py"),
        ROOT / "activering" / "embedded.py",
    ]
    found = set()
    for source in sources:
        for match in pattern.finditer(source.read_text()):
            found.add(match.group(1) or match.group(2))
    return found - {"PYTEST_XDIST_WORKER"}  # set by pytest-xdist, not configuration


def test_every_setting_read_from_the_environment_is_documented():
    documented = {
        match.group(1)
        for match in re.finditer(
            r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M
        )
    }
    read = _variables_read_by_settings()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - documented == set()
    configuratie = (ROOT / "docs" / "configuratie.md").read_text()
    assert [name for name in sorted(read) if f"`{name}`" not in configuratie] == []
