"""Database constraints of LAP agreements."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

import pytest

from activering.models import Gemeente
from rapportering.models import LapOvereenkomst

pytestmark = pytest.mark.django_db


def refused(create, *args, **kwargs) -> bool:
    """True when the insert raises IntegrityError (in its own savepoint)."""
    try:
        with transaction.atomic():
            create(*args, **kwargs)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def gemeente():
    return Gemeente.objects.create(nis_code="12025", naam="Mechelen")


def lap(gemeente, **kwargs):
    values = {
        "startdatum": date(2024, 12, 1),
        "einddatum": date(2025, 11, 30),
        "subsidie_eur": Decimal("150000"),
        **kwargs,
    }
    return LapOvereenkomst.objects.create(gemeente=gemeente, **values)


def test_lap_key_is_gemeente_startdatum(gemeente):
    lap(gemeente)
    assert refused(lap, gemeente)
    assert not refused(lap, gemeente, startdatum=date(2023, 12, 1), einddatum=date(2024, 11, 30))
    other = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    assert not refused(lap, other)


def test_lap_end_before_start_refused(gemeente):
    assert refused(lap, gemeente, einddatum=date(2024, 11, 30))
    assert not refused(lap, gemeente, einddatum=date(2024, 12, 1))


def test_lap_subsidy_not_negative(gemeente):
    assert refused(lap, gemeente, subsidie_eur=Decimal("-1"))
    assert not refused(lap, gemeente, subsidie_eur=Decimal("0"))


def test_lap_referentie_leefloners_not_negative(gemeente):
    assert refused(lap, gemeente, referentie_leefloners=-1)
