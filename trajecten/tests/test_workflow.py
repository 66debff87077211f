"""The traject status machine: which transitions are allowed, and why others are refused."""

import pytest

from activering.exceptions import DomeinConflict
from trajecten.constants import TrajectStatus
from trajecten.workflow import (
    OngeldigeOvergang,
    overgang_controleren,
    overgang_toegelaten,
)

A, L, AF, S = (
    TrajectStatus.AANGEMELD,
    TrajectStatus.LOPEND,
    TrajectStatus.AFGEROND,
    TrajectStatus.STOPGEZET,
)

ALLOWED = {(A, L), (A, S), (L, AF), (L, S)}
ALL_PAIRS = [(van, naar) for van in TrajectStatus.values for naar in TrajectStatus.values]


@pytest.mark.parametrize(("van", "naar"), ALL_PAIRS)
def test_exactly_the_four_documented_transitions_are_allowed(van, naar):
    assert overgang_toegelaten(van=van, naar=naar) is ((van, naar) in ALLOWED)


@pytest.mark.parametrize(("van", "naar"), sorted(ALLOWED))
def test_allowed_transition_passes_the_check(van, naar):
    overgang_controleren(van=van, naar=naar)


@pytest.mark.parametrize(
    ("van", "naar", "fragment"),
    [
        (A, AF, "eerst te starten"),
        (AF, S, "al afgesloten"),
        (S, L, "al afgesloten"),
        (L, L, "al de status"),
        (L, A, "niet terug"),
    ],
)
def test_refused_transition_explains_in_dutch(van, naar, fragment):
    with pytest.raises(OngeldigeOvergang) as excinfo:
        overgang_controleren(van=van, naar=naar)
    assert fragment in excinfo.value.bericht
    # A refused transition is a conflict with the current state (HTTP 409 in the API).
    assert isinstance(excinfo.value, DomeinConflict)
    assert excinfo.value.code == "ongeldige_statusovergang"
