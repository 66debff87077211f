"""Rounding and the pure LAP formulas (seed checks of indicatoren.md section 4.1)."""

from datetime import date
from decimal import Decimal

import pytest

from rapportering.indicatoren.afronding import (
    lap_basis,
    lap_bijkomend_behaald_pct,
    lap_bijkomend_engagement,
    lap_prognose,
    lap_subsidie_behaald_pct,
    per_1000,
    percentage,
    quotient,
    round_half_up,
)

TIERS = [(Decimal("100"), 100), (None, 50)]


@pytest.mark.parametrize(
    ("teller", "noemer", "verwacht"),
    [
        (2, 3, "66.7"),
        (1, 8, "12.5"),
        (1, 16, "6.3"),  # 6.25 → 6.3 (ROUND_HALF_EVEN would give 6.2)
        (3, 16, "18.8"),  # 18.75 → 18.8
        (1, 3, "33.3"),
        (0, 5, "0.0"),
        (5, 5, "100.0"),
        (-5, 8, "-62.5"),
    ],
)
def test_percentage_rounds_half_up(teller, noemer, verwacht):
    assert percentage(teller, noemer) == verwacht


def test_percentage_never_negative_zero():
    assert percentage(-1, 3000) == "0.0"  # -0.0333 → "0.0", not "-0.0"
    assert percentage(-1, 2000) == "-0.1"  # -0.05 half away from zero


def test_empty_denominator_gives_none():
    assert percentage(3, 0) is None
    assert quotient(3, 0, 1) is None
    assert quotient(3, Decimal("0"), 1) is None
    assert per_1000(5, None) is None
    assert per_1000(5, 0) is None


def test_rate_per_1000_two_decimals():
    # Seed check: Mechelen January 2025, 1,494 LL and 379 ELL for 89,306 inhabitants.
    assert per_1000(1494, 89306) == "16.73"
    assert per_1000(379, 89306) == "4.24"
    assert per_1000(36, 89336) == "0.40"  # trailing zero kept


def test_round_half_up_on_float_trap():
    # 2.675 is 2.67499999… as a float; as a decimal it must round up.
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")
    assert str(round_half_up(Decimal("0.125"), 2)) == "0.13"


@pytest.mark.parametrize(
    ("referentie", "subsidie", "basis", "extra", "doel", "resultaat", "pct", "uitbetaling"),
    [
        (1945, Decimal("320156.81"), 389, 320, 709, 433, "13.8", 50),  # Mechelen
        (72, Decimal("13057.62"), 14, 13, 27, 30, "123.1", 100),  # Putte
        (123, Decimal("22868.34"), 25, 22, 47, 33, "36.4", 50),  # Sint-Katelijne-Waver
    ],
)
def test_lap_seed_checks(referentie, subsidie, basis, extra, doel, resultaat, pct, uitbetaling):
    assert lap_basis(referentie, Decimal("0.20")) == basis
    assert lap_bijkomend_engagement(subsidie, Decimal("1000")) == extra
    assert lap_basis(referentie, Decimal("0.20")) + extra == doel
    behaald = lap_bijkomend_behaald_pct(resultaat, basis, extra)
    assert behaald == pct
    assert lap_subsidie_behaald_pct(behaald, TIERS) == uitbetaling


def test_lap_basis_rounds_half_up():
    assert lap_basis(12, Decimal("0.20")) == 2  # 2.4
    assert lap_basis(13, Decimal("0.20")) == 3  # 2.6
    assert lap_basis(25, Decimal("0.10")) == 3  # 2.5 → 3 (banker's rounding would give 2)


def test_lap_extra_commitment_zero():
    assert lap_bijkomend_engagement(Decimal("999.99"), Decimal("1000")) == 0
    assert lap_bijkomend_behaald_pct(5, 3, 0) is None
    assert lap_subsidie_behaald_pct(None, TIERS) == 50
    assert lap_subsidie_behaald_pct("100.0", TIERS) == 100
    assert lap_subsidie_behaald_pct("99.9", TIERS) == 50
    assert lap_bijkomend_behaald_pct(0, 14, 13) == "-107.7"  # may be negative


def test_lap_prognose_linear_extrapolation():
    start, einde = date(2024, 12, 1), date(2025, 11, 30)  # 365 days
    # 212 days elapsed (both ends included): 5 * 365 / 212 = 8.61 → 9
    assert lap_prognose(5, start, einde, date(2025, 6, 30)) == 9
    assert lap_prognose(7, start, einde, date(2026, 3, 1)) == 7  # period over: the result
    assert lap_prognose(3, start, einde, date(2024, 11, 30)) is None  # not started yet
    # half way exactly → .5 rounds up: 1 result after 2 of 5 days → 2.5 → 3
    assert lap_prognose(1, date(2025, 1, 1), date(2025, 1, 5), date(2025, 1, 2)) == 3
