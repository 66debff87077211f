"""Fake but valid rijksregisternummers (national numbers) for demo and test data."""

from __future__ import annotations

import datetime
import random


def rijksregisternummer_maak(*, geboortedatum: datetime.date, volgnummer: int) -> str:
    """The national number for a birth date and a day counter (1-998; odd = man, even =
    vrouw). Check digits: ``97 - (first 9 digits mod 97)``, computed on ``2`` + the 9 digits
    for people born from 2000 on."""
    if not 1 <= volgnummer <= 998:
        raise ValueError("volgnummer moet tussen 1 en 998 liggen")
    basis = f"{geboortedatum:%y%m%d}{volgnummer:03d}"
    getal = int(("2" if geboortedatum.year >= 2000 else "") + basis)
    return f"{basis}{97 - getal % 97:02d}"


def rijksregisternummer_willekeurig(
    *,
    geboortedatum: datetime.date,
    geslacht: str,
    rng: random.Random,
    bezet: set[str] | None = None,
) -> str:
    """A random valid number matching birth date and gender (``"m"`` odd counter, anything
    else even). ``bezet`` (numbers already used) is updated so that numbers stay unique."""
    rest = 1 if geslacht == "m" else 0
    for _poging in range(1000):
        volgnummer = rng.randrange(1, 998)
        if volgnummer % 2 != rest:
            volgnummer += 1
        nummer = rijksregisternummer_maak(geboortedatum=geboortedatum, volgnummer=volgnummer)
        if bezet is None:
            return nummer
        if nummer not in bezet:
            bezet.add(nummer)
            return nummer
    raise ValueError("geen vrij volgnummer meer voor deze geboortedatum")
