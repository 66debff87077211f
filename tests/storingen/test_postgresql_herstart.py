"""A PostgreSQL restart during use loses no committed note, and the application reconnects
by itself (CONN_HEALTH_CHECKS). Runs against a DEDICATED embedded PostgreSQL (pgserver in a
temporary directory) with the web application in a gunicorn process; the machine's shared
PostgreSQL is never touched."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import requests

from .conftest import ROOT, vrije_poort, wacht_tot

pytestmark = pytest.mark.xdist_group("storingen")

WACHTWOORD = "een-lang-test-wachtwoord"
OPZET = """
from activering.constants import Rol
from clients.tests.builders import client_maak, gemeente_maak, medewerker_maak, team_maak
g = gemeente_maak()
ma = medewerker_maak(gemeente=g, team=team_maak(gemeente=g), gebruikersnaam="els")
print(client_maak(gemeente=g, ma=ma).pk)
"""


@pytest.fixture
def eigen_postgres():
    import logging

    import pgserver

    logging.getLogger("pgserver").setLevel(logging.WARNING)  # it logs from an atexit hook
    with tempfile.TemporaryDirectory(prefix="h10pg-") as map_:
        server = pgserver.get_server(Path(map_), cleanup_mode="stop")
        server.psql("CREATE DATABASE activering;")
        yield server
        server.cleanup()


def _herstart(server, modus: str) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", modus, "restart"], pgdata=server.pgdata, user=server.system_user)


def _notities(server, client_pk: int) -> list[str]:
    uit = server.psql(
        f"\\c activering\nSELECT tekst FROM clients_logboekitem WHERE client_id = {client_pk} "
        "ORDER BY id;"
    )
    return re.findall(r"notitie \d+", uit)


def test_postgresql_restart_loses_no_committed_note_and_the_app_reconnects(
    eigen_postgres, tmp_path
):
    socket_map = str(eigen_postgres.get_postmaster_info().socket_dir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "activering.settings.test",
        "DATABASE_URL": f"postgres://postgres@/activering?host={socket_map}",
        "CONN_MAX_AGE": "600",
    }
    env.pop("DATABASE_NAME", None)

    def manage(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout

    manage("migrate", "--no-input", "-v", "0")
    client_pk = int(manage("shell", "-c", OPZET).strip().splitlines()[-1])

    poort = vrije_poort()
    log = (tmp_path / "gunicorn.log").open("wb")
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "activering.wsgi:application",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    basis = f"http://127.0.0.1:{poort}"
    try:
        wacht_tot(lambda: _antwoordt(f"{basis}/health/"), timeout=60, stap=0.2, wat="gunicorn")
        sessie = requests.Session()
        login = sessie.get(f"{basis}/accounts/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        antwoord = sessie.post(
            f"{basis}/accounts/login/",
            data={"username": "els", "password": WACHTWOORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{basis}/accounts/login/"},
            timeout=10,
            allow_redirects=False,
        )
        assert antwoord.status_code == 302, antwoord.text[:500]

        def notitie(n: int) -> int:
            return sessie.post(
                f"{basis}/clienten/{client_pk}/logboek/nieuw/",
                data={
                    "logboek-datum": "2025-01-02",
                    "logboek-soort": "gesprek",
                    "logboek-tekst": f"notitie {n}",
                    "csrfmiddlewaretoken": sessie.cookies["csrftoken"],
                },
                headers={"Referer": basis + "/"},
                timeout=30,
                allow_redirects=False,
            ).status_code

        assert [notitie(n) for n in range(5)] == [302] * 5
        # A crash-like restart (no shutdown checkpoint; recovery replays the WAL)…
        _herstart(eigen_postgres, "immediate")
        assert _notities(eigen_postgres, client_pk) == [f"notitie {n}" for n in range(5)]
        # …and a clean one: the app's pooled connection is dead both times; the next request
        # gets a fresh one (health check at request start).
        assert [notitie(n) for n in range(5, 8)] == [302] * 3
        _herstart(eigen_postgres, "fast")
        assert [notitie(n) for n in range(8, 10)] == [302] * 2
        assert _notities(eigen_postgres, client_pk) == [f"notitie {n}" for n in range(10)]
        dossier = sessie.get(f"{basis}/clienten/{client_pk}/", timeout=10)
        assert dossier.status_code == 200
        assert "notitie 9" in dossier.text
    finally:
        web.terminate()
        web.wait(timeout=20)
        log.close()


def _antwoordt(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
    except requests.RequestException:
        return False
    return True
