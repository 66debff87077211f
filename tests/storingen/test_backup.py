"""Backup and restore (docs/backup.md): an ``exporteer`` of a database imported into an EMPTY
database, and a ``pg_dump -Fc`` restored with ``pg_restore`` into another, both reproduce
every indicator of the worked example (its months, year 2024 and the LAP) exactly.

The second and third databases are created on the same server by the test and dropped
afterwards; the commands run in subprocesses pointed at them with ``DATABASE_NAME``."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.management import call_command
from django.db import connection

import pytest

from conftest import VOORBEELD

from .conftest import ROOT, database_verbinding

pytestmark = pytest.mark.xdist_group("storingen")

PEILDATUM = "2025-06-30"
VERWACHT = json.loads((VOORBEELD / "verwacht.json").read_text(encoding="utf-8"))

#: Run inside ``manage.py shell``: every indicator of the example as one JSON object.
BEREKEN = """
import io, json
from django.core.management import call_command
verwacht = json.loads(open({verwacht!r}, encoding="utf-8").read())
uit = {{}}
for nis, waarden in sorted(verwacht.items()):
    opdrachten = [["--maand", m] for m in waarden["maanden"]]
    opdrachten += [["--jaar", j] for j in waarden["jaren"]] + [["--lap"]]
    for opdracht in opdrachten:
        buffer = io.StringIO()
        call_command("bereken_indicatoren", "--gemeente", nis, *opdracht,
                     "--peildatum", {peildatum!r}, "--json", stdout=buffer)
        uit[nis + " " + " ".join(opdracht)] = json.loads(buffer.getvalue())
print("JSON" + json.dumps(uit, sort_keys=True))
"""


def _bereken_hier() -> dict:
    uit = {}
    for nis, waarden in sorted(VERWACHT.items()):
        opdrachten = [["--maand", m] for m in waarden["maanden"]]
        opdrachten += [["--jaar", j] for j in waarden["jaren"]] + [["--lap"]]
        for opdracht in opdrachten:
            buffer = io.StringIO()
            call_command(
                "bereken_indicatoren",
                "--gemeente",
                nis,
                *opdracht,
                "--peildatum",
                PEILDATUM,
                "--json",
                stdout=buffer,
            )
            uit[nis + " " + " ".join(opdracht)] = json.loads(buffer.getvalue())
    return uit


def _manage(database: str, *args: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "activering.settings.test"}
    env["DATABASE_NAME"] = database
    resultaat = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resultaat.returncode == 0, resultaat.stderr[-3000:]
    return resultaat.stdout


def _bereken_in(database: str) -> dict:
    code = BEREKEN.format(verwacht=str(VOORBEELD / "verwacht.json"), peildatum=PEILDATUM)
    uit = _manage(database, "shell", "-c", code)
    return json.loads(uit[uit.index("JSON") + 4 :])


@pytest.fixture
def lege_databases():
    """Create empty databases on the test server (``nieuw()``); dropped afterwards."""
    beheer = database_verbinding()
    namen: list[str] = []

    def nieuw() -> str:
        naam = f"{connection.settings_dict['NAME']}_herstel_{uuid.uuid4().hex[:8]}"
        beheer.execute(f'CREATE DATABASE "{naam}" TEMPLATE template0')
        namen.append(naam)
        return naam

    yield nieuw
    for naam in namen:
        beheer.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
    beheer.close()


def _pg_programma(naam: str) -> str:
    """``pg_dump``/``pg_restore`` of at least the server's major version: the system's, or
    the one shipped in the pgserver wheel."""
    server = connection.cursor().connection.info.server_version // 10000
    kandidaten = [shutil.which(naam)]
    import pgserver._commands as pg

    kandidaten.append(str(pg.POSTGRES_BIN_PATH / naam))
    for kandidaat in filter(None, kandidaten):
        versie = subprocess.run([kandidaat, "--version"], capture_output=True, text=True).stdout
        gevonden = re.search(r"(\d+)\.\d+", versie)
        if gevonden and int(gevonden.group(1)) >= server:
            return kandidaat
    raise AssertionError(f"geen {naam} voor PostgreSQL {server} gevonden")


def _pg_args() -> tuple[list[str], dict]:
    s = connection.settings_dict
    args = ["--host", s["HOST"] or "localhost", "--username", s["USER"]]
    if s["PORT"]:
        args += ["--port", str(s["PORT"])]
    return args, {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}


def test_export_imported_into_an_empty_database_reproduces_every_indicator(
    transactional_db, tmp_path, lege_databases
):
    call_command("importeer", str(VOORBEELD), stdout=io.StringIO(), stderr=io.StringIO())
    origineel = _bereken_hier()
    # The example's published figures, as a check on the check.
    for nis, waarden in VERWACHT.items():
        for maand, indicatoren in waarden["maanden"].items():
            assert origineel[f"{nis} --maand {maand}"]["indicatoren"] == indicatoren
    export = tmp_path / "export"
    call_command("exporteer", str(export), stdout=io.StringIO(), stderr=io.StringIO())

    leeg = lege_databases()
    _manage(leeg, "migrate", "--no-input", "-v", "0")
    _manage(leeg, "importeer", str(export), "-v", "0")
    assert _bereken_in(leeg) == origineel


def test_pg_dump_and_pg_restore_round_trip_reproduces_every_indicator(
    transactional_db, tmp_path, lege_databases
):
    call_command("importeer", str(VOORBEELD), stdout=io.StringIO(), stderr=io.StringIO())
    origineel = _bereken_hier()
    dump = tmp_path / "activering.dump"
    args, env = _pg_args()
    subprocess.run(
        [
            _pg_programma("pg_dump"),
            *args,
            "--format=custom",
            "--file",
            str(dump),
            connection.settings_dict["NAME"],
        ],
        check=True,
        env=env,
        timeout=300,
    )
    assert dump.stat().st_size > 0
    hersteld = lege_databases()
    subprocess.run(
        [
            _pg_programma("pg_restore"),
            *args,
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            hersteld,
            str(dump),
        ],
        check=True,
        env=env,
        timeout=300,
    )
    assert _bereken_in(hersteld) == origineel
    # The restored database is complete: nothing left to migrate.
    assert "[ ]" not in _manage(hersteld, "showmigrations")


def test_backup_document_describes_both_procedures():
    tekst = (Path(ROOT) / "docs" / "backup.md").read_text(encoding="utf-8")
    for nodig in ("pg_dump -Fc", "pg_restore", "manage.py exporteer", "manage.py importeer"):
        assert nodig in tekst
