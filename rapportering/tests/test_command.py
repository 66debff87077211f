"""``manage.py bereken_indicatoren``: options, output contract and errors."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

from django.core.management import CommandError, call_command

import pytest

from partners.models import Partner
from rapportering.models import IndicatorSnapshot, LapOvereenkomst

from .builders import ll, maak_client

pytestmark = pytest.mark.django_db


def bereken(*argumenten: str) -> str:
    uit = io.StringIO()
    call_command("bereken_indicatoren", *argumenten, stdout=uit)
    return uit.getvalue()


def test_month_json_contract(gemeente):
    ll(maak_client(gemeente), date(2024, 1, 1))
    uit = json.loads(
        bereken("--gemeente", "12025", "--maand", "2024-06", "--peildatum", "2025-06-30", "--json")
    )
    assert set(uit) == {"gemeente", "maand", "peildatum", "indicatoren"}
    assert uit["indicatoren"]["leefloon_maand"] == 1
    assert uit["indicatoren"]["duur_tot_1_jaar_pct"] == "100.0"
    assert uit["indicatoren"]["afhankelijk_na_24_maanden_pct"] is None
    assert not IndicatorSnapshot.objects.exists()  # reading does not store


def test_year_lists_every_partner_of_the_installation(gemeente):
    for code in ("ZULU", "ALFA"):
        Partner.objects.create(code=code, naam=code.title(), soort="trajectpartner")
    uit = json.loads(
        bereken("--gemeente", "12025", "--jaar", "2024", "--peildatum", "2025-06-30", "--json")
    )
    assert list(uit["partners"]) == ["ALFA", "ZULU"]
    assert uit["partners"]["ALFA"]["deelnemers"] == 0


def test_lap_ordered_by_startdatum(gemeente):
    for start in (date(2024, 12, 1), date(2023, 12, 1)):
        LapOvereenkomst.objects.create(
            gemeente=gemeente,
            startdatum=start,
            einddatum=start.replace(year=start.year + 1, day=30, month=11),
            subsidie_eur=Decimal("1000"),
            referentie_leefloners=10,
        )
    uit = json.loads(bereken("--gemeente", "12025", "--lap", "--peildatum", "2025-06-30", "--json"))
    assert [o["startdatum"] for o in uit["lap"]] == ["2023-12-01", "2024-12-01"]
    assert uit["lap"][0]["lap_referentie_leefloners"] == 10
    assert uit["lap"][0]["lap_basis"] == 2


def test_range_is_stored_as_snapshots(gemeente):
    ll(maak_client(gemeente), date(2024, 1, 1))
    uit = json.loads(
        bereken(
            "--gemeente",
            "12025",
            "--van",
            "2024-01",
            "--tot",
            "2024-12",
            "--peildatum",
            "2025-06-30",
            "--json",
        )
    )
    assert uit["opgeslagen"] == 12
    maanden = IndicatorSnapshot.objects.filter(indicator="leefloon_maand").values_list(
        "maand", flat=True
    )
    assert sorted(maanden) == [date(2024, m, 1) for m in range(1, 13)]


def test_month_with_opslaan_stores_it(gemeente):
    bereken("--gemeente", "12025", "--maand", "2024-06", "--peildatum", "2025-06-30", "--opslaan")
    assert IndicatorSnapshot.objects.filter(maand=date(2024, 6, 1), dimensie="").exists()


def test_text_output_is_readable(gemeente):
    tekst = bereken("--gemeente", "12025", "--maand", "2024-06", "--peildatum", "2025-06-30")
    assert "leefloon_maand: 0" in tekst
    assert "uitstroom_binnen_6_maanden_pct: —" in tekst


@pytest.mark.parametrize(
    ("argumenten", "bericht"),
    [
        (["--gemeente", "99999", "--maand", "2024-06"], "Onbekende gemeente"),
        (["--gemeente", "12025", "--maand", "2024-6"], "JJJJ-MM"),
        (["--gemeente", "12025", "--jaar", "24"], "JJJJ"),
        (["--gemeente", "12025", "--maand", "2024-06", "--peildatum", "2024-02-30"], "JJJJ-MM-DD"),
        (
            ["--gemeente", "12025", "--maand", "2025-07", "--peildatum", "2025-06-30"],
            "na de peildatum",
        ),
        (["--gemeente", "12025", "--lap", "--tot", "2024-01"], "--tot"),
        (["--gemeente", "12025", "--van", "2024-05", "--tot", "2024-01"], "--tot ligt voor --van"),
        (["--gemeente", "12025", "--lap", "--opslaan"], "--opslaan"),
    ],
)
def test_bad_input_gives_a_dutch_error_and_stores_nothing(gemeente, argumenten, bericht):
    with pytest.raises(CommandError, match=bericht):
        bereken(*argumenten)
    assert not IndicatorSnapshot.objects.exists()
