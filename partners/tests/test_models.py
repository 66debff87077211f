"""Database constraints of partners and their yearly agreements."""

from decimal import Decimal

from django.db import IntegrityError, transaction

import pytest

from activering.models import Gemeente
from partners.constants import PartnerSoort
from partners.models import Overeenkomst, Partner

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


@pytest.fixture
def partner():
    return Partner.objects.create(code="JOBROAD", naam="JobRoad", soort=PartnerSoort.TRAJECTPARTNER)


def test_partner_code_unique(partner):
    assert refused(Partner.objects.create, code="JOBROAD", naam="Ander", soort="andere")


def test_partner_soort_must_be_known():
    assert refused(Partner.objects.create, code="X", naam="X", soort="bank")


def test_overeenkomst_key_is_partner_gemeente_jaar(partner, gemeente):
    Overeenkomst.objects.create(
        partner=partner, gemeente=gemeente, jaar=2024, subsidie_eur=Decimal("25000")
    )
    assert refused(
        Overeenkomst.objects.create,
        partner=partner,
        gemeente=gemeente,
        jaar=2024,
        subsidie_eur=Decimal("1"),
    )
    assert not refused(
        Overeenkomst.objects.create,
        partner=partner,
        gemeente=gemeente,
        jaar=2025,
        subsidie_eur=Decimal("1"),
    )


def test_overeenkomst_subsidy_not_negative(partner, gemeente):
    assert refused(
        Overeenkomst.objects.create,
        partner=partner,
        gemeente=gemeente,
        jaar=2024,
        subsidie_eur=Decimal("-0.01"),
    )
    assert not refused(
        Overeenkomst.objects.create,
        partner=partner,
        gemeente=gemeente,
        jaar=2024,
        subsidie_eur=Decimal("0"),
    )
