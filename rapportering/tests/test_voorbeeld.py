"""The worked example of the spec: importing ../shared/spec/voorbeeld and running
``bereken_indicatoren`` gives exactly verwacht.json (every key, every type)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest

VOORBEELD = Path(settings.BASE_DIR).parent / "shared" / "spec" / "voorbeeld"
VERWACHT = json.loads((VOORBEELD / "verwacht.json").read_text(encoding="utf-8"))
PEILDATUM = "2025-06-30"


def _zelfde(gekregen, verwacht, pad="") -> list[str]:
    """Differences between two JSON values, types included (7 ≠ "7" ≠ 7.0, None ≠ 0)."""
    if isinstance(verwacht, dict):
        if not isinstance(gekregen, dict):
            return [f"{pad}: {gekregen!r} is geen object"]
        verschillen = [f"{pad}.{k}: ontbreekt" for k in verwacht if k not in gekregen]
        verschillen += [f"{pad}.{k}: niet verwacht" for k in gekregen if k not in verwacht]
        for sleutel in verwacht.keys() & gekregen.keys():
            verschillen += _zelfde(gekregen[sleutel], verwacht[sleutel], f"{pad}.{sleutel}")
        return verschillen
    if isinstance(verwacht, list):
        if not isinstance(gekregen, list) or len(gekregen) != len(verwacht):
            return [f"{pad}: {gekregen!r} ≠ {verwacht!r}"]
        return [
            v
            for i, (g, e) in enumerate(zip(gekregen, verwacht, strict=True))
            for v in _zelfde(g, e, f"{pad}[{i}]")
        ]
    if type(gekregen) is not type(verwacht) or gekregen != verwacht:
        return [f"{pad}: {gekregen!r} ≠ verwacht {verwacht!r}"]
    return []


def _bereken(*argumenten: str) -> dict:
    uit = io.StringIO()
    call_command("bereken_indicatoren", *argumenten, "--peildatum", PEILDATUM, "--json", stdout=uit)
    return json.loads(uit.getvalue())


@pytest.fixture
def voorbeeld(db):
    call_command("importeer", str(VOORBEELD), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize("nis", sorted(VERWACHT))
def test_worked_example_matches_verwacht_json(voorbeeld, nis):
    verwacht = VERWACHT[nis]
    assert verwacht["peildatum"] == PEILDATUM
    verschillen: list[str] = []

    for maand, indicatoren in verwacht["maanden"].items():
        uit = _bereken("--gemeente", nis, "--maand", maand)
        assert (uit["gemeente"], uit["maand"], uit["peildatum"]) == (nis, maand, PEILDATUM)
        verschillen += _zelfde(uit["indicatoren"], indicatoren, f"{nis}.maanden.{maand}")

    for jaar, indicatoren in verwacht["jaren"].items():
        uit = _bereken("--gemeente", nis, "--jaar", jaar)
        assert (uit["gemeente"], uit["jaar"], uit["peildatum"]) == (nis, jaar, PEILDATUM)
        gekregen = {**uit["indicatoren"], "partners": uit["partners"]}
        verschillen += _zelfde(gekregen, indicatoren, f"{nis}.jaren.{jaar}")

    uit = _bereken("--gemeente", nis, "--lap")
    assert (uit["gemeente"], uit["peildatum"]) == (nis, PEILDATUM)
    verschillen += _zelfde(uit["lap"], verwacht["lap"], f"{nis}.lap")

    assert verschillen == []


def test_worked_example_covers_every_indicator_code():
    """verwacht.json names every output key of the engine (and no other)."""
    from rapportering.indicatoren import JAAR_CODES, MAAND_CODES, PARTNER_CODES

    for verwacht in VERWACHT.values():
        for indicatoren in verwacht["maanden"].values():
            assert set(indicatoren) == set(MAAND_CODES)
        for indicatoren in verwacht["jaren"].values():
            assert set(indicatoren) == {*JAAR_CODES, "partners"}
            for partner in indicatoren["partners"].values():
                assert set(partner) == set(PARTNER_CODES)
