"""Django's own constraint validation (forms, admin, full_clean) must judge overlaps per
client, like the database does: another client's period is no overlap."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from clients.models import Uitkeringsperiode
from clients.tests.factories import ClientFactory, UitkeringsperiodeFactory
from trajecten.models import Traject
from trajecten.tests.factories import TrajectFactory

pytestmark = pytest.mark.django_db


def test_period_overlapping_another_clients_period_is_valid():
    UitkeringsperiodeFactory(startdatum=datetime.date(2024, 1, 1))
    andere = ClientFactory()
    periode = Uitkeringsperiode(
        client=andere,
        soort="leefloon",
        categorie="alleenstaand",
        startdatum=datetime.date(2024, 3, 1),
    )
    periode.full_clean()  # does not raise


def test_period_overlapping_own_period_is_refused_in_dutch():
    bestaande = UitkeringsperiodeFactory(startdatum=datetime.date(2024, 1, 1))
    periode = Uitkeringsperiode(
        client=bestaande.client,
        soort="leefloon",
        categorie="alleenstaand",
        startdatum=datetime.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError, match="overlapt met een andere uitkeringsperiode"):
        periode.full_clean()


def test_art60_of_another_client_is_no_overlap_but_own_is():
    eerste = TrajectFactory(
        soort="art60", status="lopend", startdatum=datetime.date(2024, 1, 1), partner=None
    )
    voor_ander = Traject(
        referentie="ART60-X",
        client=ClientFactory(),
        soort="art60",
        status="lopend",
        startdatum=datetime.date(2024, 2, 1),
    )
    voor_ander.full_clean()
    tweede = Traject(
        referentie="ART60-Y",
        client=eerste.client,
        soort="art60",
        status="lopend",
        startdatum=datetime.date(2024, 2, 1),
    )
    with pytest.raises(ValidationError, match=r"al een art\. 60-traject"):
        tweede.full_clean()
