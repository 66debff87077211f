"""Bad input in the CSV import: a small valid set (one gemeente of the worked example) with
one cell replaced by generated garbage, and the file written in some encoding. The import
never raises, reports every problem as ``file:line: column: message`` and then lands nothing."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from django.apps import apps

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from activering.uitwisseling.services import uitwisseling_import
from conftest import VOORBEELD

from .strategieen import GRENZEN, datums, getallen, tekst

pytestmark = pytest.mark.django_db

NIS = "12029"
MODELLEN = [
    "activering.Gemeente",
    "activering.Inwoners",
    "activering.Medewerker",
    "activering.Team",
    "partners.Partner",
    "partners.Overeenkomst",
    "rapportering.LapOvereenkomst",
    "clients.Client",
    "clients.Uitkeringsperiode",
    "trajecten.Traject",
    "trajecten.Werkperiode",
]


def _lees(naam: str) -> tuple[list[str], list[list[str]]]:
    with (VOORBEELD / naam).open(encoding="utf-8", newline="") as f:
        rijen = list(csv.reader(f))
    return rijen[0], rijen[1:]


def _kleine_set() -> dict[str, tuple[list[str], list[list[str]]]]:
    """The worked example restricted to one gemeente (15 clients)."""
    bestanden = {}
    kop, rijen = _lees("clienten.csv")
    clienten = [r for r in rijen if r[kop.index("gemeente")] == NIS]
    referenties = {r[kop.index("referentie")] for r in clienten}
    bestanden["clienten.csv"] = (kop, clienten)
    for naam, kolom, waarden in [
        ("gemeenten.csv", "nis_code", {NIS}),
        ("inwoners.csv", "nis_code", {NIS}),
        ("lap.csv", "gemeente", {NIS}),
        ("medewerkers.csv", "gemeente", {NIS}),
        ("overeenkomsten.csv", "gemeente", {NIS}),
        ("partners.csv", None, None),
        ("uitkeringsperiodes.csv", "client", referenties),
        ("trajecten.csv", "client", referenties),
        ("werkperiodes.csv", "client", referenties),
    ]:
        kop, rijen = _lees(naam)
        if kolom is not None:
            rijen = [r for r in rijen if r[kop.index(kolom)] in waarden]
        bestanden[naam] = (kop, rijen)
    return bestanden


KLEINE_SET = _kleine_set()
CELLEN = [(naam, len(rijen), kop) for naam, (kop, rijen) in KLEINE_SET.items() if rijen]

rommel = st.one_of(tekst, datums, getallen, st.sampled_from(["ja", "nee", "12025", "X" * 300]))


@st.composite
def bedorven_set(draw):
    naam, aantal, kop = draw(st.sampled_from(CELLEN))
    rij = draw(st.integers(min_value=0, max_value=aantal - 1))
    kolom = draw(st.sampled_from(kop))
    return {
        "bestand": naam,
        "rij": rij,
        "kolom": kolom,
        "waarde": draw(rommel),
        "codering": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])),
        "scheiding": draw(st.sampled_from([",", ";"])),
    }


def _schrijf(map_: Path, bederf: dict) -> None:
    for naam, (kop, rijen) in KLEINE_SET.items():
        rijen = [list(r) for r in rijen]
        if naam == bederf["bestand"]:
            rijen[bederf["rij"]][kop.index(bederf["kolom"])] = bederf["waarde"]
            codering = bederf["codering"]
        else:
            codering = "utf-8"
        buffer = io.StringIO()
        schrijver = csv.writer(buffer, delimiter=bederf["scheiding"], lineterminator="\n")
        schrijver.writerows([kop, *rijen])
        (map_ / naam).write_bytes(buffer.getvalue().encode(codering, errors="replace"))


def _tellingen() -> tuple[int, ...]:
    return tuple(apps.get_model(m).objects.count() for m in MODELLEN)


@GRENZEN
@given(bederf=bedorven_set())
def test_import_with_a_bad_cell_reports_it_and_lands_nothing(bederf):
    voor = _tellingen()
    map_ = Path(tempfile.mkdtemp(prefix="h10-import-"))
    try:
        _schrijf(map_, bederf)
        resultaat = uitwisseling_import(map_pad=map_)  # must never raise
    finally:
        shutil.rmtree(map_)
    event("geweigerd" if resultaat.problemen else "aanvaard")
    if resultaat.problemen:
        assert _tellingen() == voor, "a refused import landed rows"
        for probleem in resultaat.problemen:
            assert probleem.bestand and probleem.kolom and probleem.bericht.strip()
            assert isinstance(probleem.regel, int) and probleem.regel >= 0
            assert str(probleem).count(":") >= 3
            assert "Traceback" not in probleem.bericht


def test_the_small_set_itself_imports_cleanly():
    map_ = Path(tempfile.mkdtemp(prefix="h10-import-"))
    try:
        _schrijf(map_, {"bestand": "", "scheiding": ",", "codering": "utf-8"})
        resultaat = uitwisseling_import(map_pad=map_)
    finally:
        shutil.rmtree(map_)
    assert resultaat.problemen == []
    assert apps.get_model("clients.Client").objects.count() == 15
