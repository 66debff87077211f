"""A Celery worker killed with SIGKILL in the middle of an indicator recomputation, and a Redis
restart during one: the task is given again (acks_late + reject_on_worker_lost; kombu puts a
message back after its visibility timeout) and the rerun stores exactly the snapshots of a
clean computation, without duplicates.

To be sure the kill lands "in the middle", the test lets the first steps commit and then holds
a lock on the snapshot table, so the worker waits inside a step (a running transaction)."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command

import pytest
from dateutil.relativedelta import relativedelta

from activering.models import Gemeente
from conftest import VOORBEELD
from rapportering.models import IndicatorSnapshot
from rapportering.services import indicatoren_bereken_reeks

from .conftest import ZICHTBAARHEID_S, database_verbinding, wacht_tot

pytestmark = [pytest.mark.xdist_group("storingen"), pytest.mark.celery]

NIS = "12025"
VAN, TOT, PEILDATUM = "2000-01", "2025-06", "2025-06-30"
TAAK = "rapportering.tasks.bereken_indicatoren_reeks"
TABEL = IndicatorSnapshot._meta.db_table
VELDEN = (
    "gemeente_id",
    "periode",
    "maand",
    "indicator",
    "dimensie",
    "dimensie_sleutel",
    "waarde",
    "waarde_tekst",
    "teller",
    "noemer",
    "peildatum",
    "voorlopig",
    "definitie_versie",
)


def _maanden() -> list[date]:
    eerste, laatste = date(2000, 1, 1), date(2025, 6, 1)
    return [
        eerste + relativedelta(months=i)
        for i in range((laatste.year - eerste.year) * 12 + laatste.month - eerste.month + 1)
    ]


def _snapshots() -> list[tuple]:
    return sorted(IndicatorSnapshot.objects.values_list(*VELDEN))


def _schoon() -> list[tuple]:
    """The snapshots of a clean computation in this process (stored, read, removed again)."""
    IndicatorSnapshot.objects.all().delete()
    indicatoren_bereken_reeks(
        gemeente=Gemeente.objects.get(nis_code=NIS),
        maanden=_maanden(),
        peildatum=date.fromisoformat(PEILDATUM),
    )
    return _snapshots()


def _maanden_opgeslagen(cursor) -> int:
    cursor.execute(f"SELECT count(DISTINCT maand) FROM {TABEL}")  # noqa: S608
    return cursor.fetchone()[0]


def _wachtend_op_slot(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    return cursor.fetchone()[0] > 0


def _geen_adviserend_slot(cursor) -> bool:
    cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
    return cursor.fetchone()[0] == 0


def _midden_in_de_berekening(workers):
    """Queue the recomputation, let it store some months, then hold the snapshot table so the
    worker waits inside a step. Returns (result, lock connection, months stored)."""
    call_command("importeer", str(VOORBEELD), stdout=io.StringIO(), stderr=io.StringIO())
    resultaat = workers.app.send_task(TAAK, args=[NIS, VAN, TOT, PEILDATUM], queue=workers.queue)
    slot = database_verbinding()
    cursor = slot.cursor()
    wacht_tot(lambda: _maanden_opgeslagen(cursor) > 0, timeout=60, wat="eerste stap")
    cursor.execute("BEGIN")
    cursor.execute(f"LOCK TABLE {TABEL} IN SHARE ROW EXCLUSIVE MODE")
    opgeslagen = _maanden_opgeslagen(cursor)
    wacht_tot(lambda: _wachtend_op_slot(slot.cursor()), timeout=30, wat="worker wacht op slot")
    assert 0 < opgeslagen < len(_maanden()), "the kill must land in the middle of the run"
    return resultaat, slot, opgeslagen


def _rustig(redis_klant, queue: str) -> bool:
    return redis_klant.llen(queue) == 0 and redis_klant.hlen("unacked") == 0


def test_worker_killed_mid_recomputation_the_task_is_redone_exactly(
    transactional_db, workers, eigen_redis
):
    eerste = workers.nieuw()
    resultaat, slot, opgeslagen = _midden_in_de_berekening(workers)

    eerste.kill9()
    slot.cursor().execute("ROLLBACK")
    # The killed worker's database session ends; its transaction (and lock) is rolled back.
    controle = database_verbinding().cursor()
    wacht_tot(lambda: _geen_adviserend_slot(controle), timeout=30, wat="slot vrij")
    assert _maanden_opgeslagen(controle) == opgeslagen  # the interrupted step left nothing
    assert eigen_redis.klant().hlen("unacked") == 1  # not acknowledged: it will come back

    workers.nieuw()
    uitkomst = resultaat.get(timeout=120 + ZICHTBAARHEID_S)
    assert uitkomst["maanden"] == len(_maanden())
    wacht_tot(lambda: _rustig(eigen_redis.klant(), workers.queue), timeout=30, wat="wachtrij leeg")

    na_herstel = _snapshots()
    assert len(na_herstel) == len(set(na_herstel))
    assert {r[2] for r in na_herstel} == set(_maanden())
    assert na_herstel == _schoon()


def test_redis_restart_mid_recomputation_the_task_still_completes_exactly(
    transactional_db, workers, eigen_redis
):
    workers.nieuw()
    resultaat, slot, _opgeslagen = _midden_in_de_berekening(workers)

    eigen_redis.herstart()  # the worker's broker and result connections break
    slot.cursor().execute("ROLLBACK")

    uitkomst = resultaat.get(timeout=120 + ZICHTBAARHEID_S)
    assert uitkomst["maanden"] == len(_maanden())
    wacht_tot(lambda: _rustig(eigen_redis.klant(), workers.queue), timeout=60, wat="wachtrij leeg")
    controle = database_verbinding().cursor()
    wacht_tot(lambda: _geen_adviserend_slot(controle), timeout=30, wat="slot vrij")

    na_herstel = _snapshots()
    assert len(na_herstel) == len(set(na_herstel))
    assert na_herstel == _schoon()
