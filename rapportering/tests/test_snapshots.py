"""Stored snapshots: same numbers as a fresh computation, idempotent upsert, advisory lock."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.db import connections

import pytest
from dateutil.relativedelta import relativedelta

from rapportering.indicatoren import MAAND_CODES
from rapportering.models import IndicatorSnapshot
from rapportering.selectors import (
    indicatoren_dimensie_opgeslagen,
    indicatoren_jaar,
    indicatoren_jaar_opgeslagen,
    indicatoren_maand,
    indicatoren_maand_opgeslagen,
    indicatoren_reeks_opgeslagen,
)
from rapportering.services import (
    LOCK_NAMESPACE,
    BerekeningBezig,
    indicatoren_bereken,
    indicatoren_bereken_reeks,
    indicatoren_jaar_bereken,
)

from .builders import ll, maak_client, maak_medewerker, werk
from .test_voorbeeld import VOORBEELD

P = date(2025, 6, 30)
MAANDEN = [date(2023, 7, 1) + relativedelta(months=i) for i in range(24)]


@pytest.fixture
def voorbeeld(db):
    call_command("importeer", str(VOORBEELD), stdout=io.StringIO(), stderr=io.StringIO())
    from activering.models import Gemeente

    return Gemeente.objects.get(nis_code="12025")


def test_stored_months_equal_a_fresh_computation(voorbeeld):
    voortgang = []
    indicatoren_bereken_reeks(
        gemeente=voorbeeld,
        maanden=MAANDEN,
        peildatum=P,
        voortgang=lambda klaar, totaal: voortgang.append((klaar, totaal)),
    )
    assert voortgang == [(12, 24), (24, 24)]
    for maand in MAANDEN:
        opgeslagen = indicatoren_maand_opgeslagen(gemeente=voorbeeld, maand=maand)
        assert opgeslagen == indicatoren_maand(gemeente=voorbeeld, maand=maand, peildatum=P)
        assert set(opgeslagen["indicatoren"]) == set(MAAND_CODES)
    reeks = indicatoren_reeks_opgeslagen(
        gemeente=voorbeeld, van=MAANDEN[0], tot=MAANDEN[-1], indicatoren=["leefloon_maand"]
    )
    assert len(reeks) == 24
    assert reeks["2024-01"] == {"leefloon_maand": 36}


def test_stored_year_equals_a_fresh_computation(voorbeeld):
    indicatoren_jaar_bereken(gemeente=voorbeeld, jaar=2024, peildatum=P)
    opgeslagen = indicatoren_jaar_opgeslagen(gemeente=voorbeeld, jaar=2024)
    assert opgeslagen == indicatoren_jaar(gemeente=voorbeeld, jaar=2024, peildatum=P)
    assert set(opgeslagen["partners"]) == {"COSEARCH", "DUO", "JOBROAD", "KRINGWINKEL"}


def test_snapshot_keeps_the_exact_rounded_string_and_its_parts(gemeente):
    ma = maak_medewerker(gemeente, vte="0.8")
    for _ in range(3):
        ll(maak_client(gemeente, ma=ma), date(2024, 1, 1))
    indicatoren_bereken(gemeente=gemeente, maand=date(2024, 6, 1), peildatum=P)
    rij = IndicatorSnapshot.objects.get(
        gemeente=gemeente, maand=date(2024, 6, 1), indicator="caseload_per_vte", dimensie=""
    )
    assert (rij.waarde_tekst, rij.teller, rij.noemer) == ("3.8", 3, Decimal("0.8"))
    assert rij.uitvoer == "3.8"
    assert rij.peildatum == P and rij.voorlopig is False and rij.definitie_versie
    leeg = IndicatorSnapshot.objects.get(
        gemeente=gemeente, maand=date(2024, 6, 1), indicator="afhankelijk_na_24_maanden_pct"
    )
    assert leeg.waarde is None and leeg.uitvoer is None


def test_recomputing_is_idempotent_and_drops_stale_rows(gemeente):
    ma = maak_medewerker(gemeente)
    ll(maak_client(gemeente, ma=ma), date(2024, 1, 1))
    indicatoren_bereken(gemeente=gemeente, maand=date(2024, 6, 1), peildatum=P)
    aantal = IndicatorSnapshot.objects.count()
    assert indicatoren_dimensie_opgeslagen(
        gemeente=gemeente, maand=date(2024, 6, 1), dimensie="medewerker"
    ) == {
        str(ma.pk): {
            "actieve_clienten": 1,
            "caseload_per_vte": "1.0",
            "vte_maatschappelijk_assistenten": "1.00",
        }
    }

    ll(maak_client(gemeente), date(2024, 3, 1))
    ma.actief = False
    ma.save()
    indicatoren_bereken(gemeente=gemeente, maand=date(2024, 6, 1), peildatum=date(2025, 7, 1))
    opgeslagen = indicatoren_maand_opgeslagen(gemeente=gemeente, maand=date(2024, 6, 1))
    assert opgeslagen["indicatoren"]["leefloon_maand"] == 2
    assert opgeslagen["peildatum"] == "2025-07-01"
    # The worker's rows are gone (3 rows), the totals were updated in place.
    assert IndicatorSnapshot.objects.count() == aantal - 3
    assert not IndicatorSnapshot.objects.filter(dimensie="medewerker").exists()


def test_provisional_month_is_marked(gemeente):
    indicatoren_bereken(gemeente=gemeente, maand=date(2025, 6, 1), peildatum=date(2025, 6, 15))
    assert IndicatorSnapshot.objects.filter(voorlopig=True).count() == len(MAAND_CODES)


def test_a_second_run_on_the_same_gemeente_is_refused_while_one_holds_the_lock(gemeente):
    ll(maak_client(gemeente), date(2024, 1, 1))
    werk(maak_client(gemeente), date(2024, 1, 1))
    ander = connections.create_connection("default")
    try:
        with ander.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, gemeente.pk])
        with pytest.raises(BerekeningBezig):
            indicatoren_bereken(
                gemeente=gemeente, maand=date(2024, 6, 1), peildatum=P, wachten=False
            )
        assert not IndicatorSnapshot.objects.exists()
        with ander.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, gemeente.pk])
    finally:
        ander.close()
    indicatoren_bereken(gemeente=gemeente, maand=date(2024, 6, 1), peildatum=P, wachten=False)
    assert IndicatorSnapshot.objects.filter(indicator="leefloon_maand").get().uitvoer == 1
