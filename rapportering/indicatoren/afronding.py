"""Rounding and the small pure formulas of the indicator definitions.

Everything that is rounded goes through ``decimal`` with ROUND_HALF_UP (never binary floats);
rounded values leave the engine as strings that hold the decimal exactly as rounded."""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

Getal = int | Decimal


def round_half_up(waarde: Getal, decimalen: int = 0) -> Decimal:
    """Round half away from zero (``decimal.ROUND_HALF_UP``); never returns ``-0``."""
    exponent = Decimal(1).scaleb(-decimalen)
    afgerond = Decimal(waarde).quantize(exponent, rounding=ROUND_HALF_UP)
    if afgerond == 0:
        afgerond = abs(afgerond)
    return afgerond


def als_tekst(waarde: Decimal | None) -> str | None:
    """A rounded decimal as a plain string (``"16.73"``), ``None`` stays ``None``."""
    return None if waarde is None else format(waarde, "f")


def percentage(teller: Getal, noemer: Getal, decimalen: int = 1) -> str | None:
    """``round_half_up(100 * teller / noemer, 1)`` as a string; ``None`` when noemer is 0."""
    if not noemer:
        return None
    return als_tekst(round_half_up(Decimal(100) * Decimal(teller) / Decimal(noemer), decimalen))


def per_1000(aantal: int, inwoners: int | None) -> str | None:
    """Rate per 1,000 inhabitants with 2 decimals; ``None`` when inhabitants are unknown."""
    if not inwoners:
        return None
    return als_tekst(round_half_up(Decimal(1000) * aantal / Decimal(inwoners), 2))


def quotient(teller: Getal, noemer: Getal, decimalen: int) -> str | None:
    """``round_half_up(teller / noemer, decimalen)`` as a string; ``None`` when noemer is 0."""
    if not noemer:
        return None
    return als_tekst(round_half_up(Decimal(teller) / Decimal(noemer), decimalen))


# --- LAP (section 4.1) -------------------------------------------------------------------------


def lap_basis(referentie_leefloners: int, basis_percentage: Decimal) -> int:
    """``round_half_up(LAP_BASE_RATE * referentie)``: 1,945 → 389, 72 → 14."""
    return int(round_half_up(Decimal(basis_percentage) * referentie_leefloners))


def lap_bijkomend_engagement(subsidie_eur: Decimal, eur_per_extra: Decimal) -> int:
    """``floor(subsidie / LAP_EUR_PER_EXTRA)``: 320,156.81 → 320."""
    return math.floor(Decimal(subsidie_eur) / Decimal(eur_per_extra))


def lap_bijkomend_behaald_pct(resultaat: int, basis: int, bijkomend: int) -> str | None:
    """Share of the extra commitment reached; may be negative, ``None`` when it is 0."""
    return percentage(resultaat - basis, bijkomend)


def lap_subsidie_behaald_pct(
    behaald_pct: str | None, tiers: list[tuple[Decimal | None, int]]
) -> int:
    """The first tier whose threshold is reached (``None`` = always), e.g. 100 or 50.

    An undefined percentage (no extra commitment) reaches no numeric threshold."""
    for drempel, uitbetaling in tiers:
        if drempel is None:
            return int(uitbetaling)
        if behaald_pct is not None and Decimal(behaald_pct) >= Decimal(drempel):
            return int(uitbetaling)
    return 0


def lap_prognose(resultaat: int, startdatum: date, einddatum: date, peildatum: date) -> int | None:
    """Result extrapolated linearly to the end of the period (days elapsed, both ends
    included, over days in total), rounded half up; ``None`` before the period started."""
    totaal = (einddatum - startdatum).days + 1
    verstreken = (min(einddatum, peildatum) - startdatum).days + 1
    if verstreken <= 0:
        return None
    return int(round_half_up(Decimal(resultaat) * totaal / Decimal(verstreken)))
