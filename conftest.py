"""Shared fixtures. Tests run against real PostgreSQL and Redis; Celery tests against a real
worker process that uses the test database (see `celery_worker`)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# The worked example of the spec; CI clones the repository with shared/ beside it.
VOORBEELD = ROOT.parent / "shared" / "spec" / "voorbeeld"


@pytest.fixture(scope="session", autouse=True)
def _force_login_met_tweede_factor():
    """``client.force_login(user)`` stands for a completed login: password *and*, for users who
    need one (beheerders, admin users, anyone with a linked app), the TOTP step. Without this,
    every test that force-logs-in a beheerder would first be sent to the TOTP page.

    The real two-step login (password, then code) is tested through the login views in
    tests/security/test_aanmelden.py. Note: with django-axes, ``client.login()`` does not work
    (axes needs the request); use ``force_login`` or post to ``/accounts/login/``."""
    from django.test.client import ClientMixin

    origineel = ClientMixin.force_login

    def force_login(self, user, backend=None):
        origineel(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from activering.security.selectors import tweede_factor_vereist

        if not tweede_factor_vereist(user=user):
            return
        apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if apparaat is None:
            apparaat = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        session.save()

    ClientMixin.force_login = force_login
    yield
    ClientMixin.force_login = origineel


@pytest.fixture(autouse=True)
def _taal_nl_be():
    """Every test starts in nl-BE and leaves no language behind: a request through
    LocaleMiddleware (e.g. with the English language cookie) keeps its language active in the
    thread afterwards, and the next test in that process would read English."""
    from django.utils import translation

    translation.activate("nl-be")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _partner_lijst_cache_leeg():
    """Every test starts without cached partner-API list pages (Redis outlives the test
    database; partners/api/cache.py)."""
    from partners.api.cache import lijst_cache_vergeten

    lijst_cache_vergeten()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real `celery worker` process on this test run's own queue and test database.

    Tests that use it must also use `transactional_db` so their data is committed and
    visible to the worker. The queue name is unique per pytest(-xdist) process so that
    parallel runs never take each other's tasks."""
    from django.conf import settings
    from django.db import connection

    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "activering.settings.test",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    from activering.celery import app

    app.conf.task_default_queue = queue
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "activering",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=0.5)
        if replies:
            break
        if proc.poll() is not None:
            raise RuntimeError("Celery worker exited during start-up")
    else:
        proc.kill()
        raise RuntimeError("Celery worker did not answer a ping within 60 s")
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
