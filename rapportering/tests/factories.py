"""factory_boy factories for LAP agreements (LAP 1 of Mechelen by default)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from activering.tests.factories import GemeenteFactory
from rapportering.models import LapOvereenkomst


class LapOvereenkomstFactory(DjangoModelFactory):
    class Meta:
        model = LapOvereenkomst

    gemeente = factory.SubFactory(GemeenteFactory)
    startdatum = datetime.date(2023, 12, 1)
    einddatum = datetime.date(2024, 11, 30)
    subsidie_eur = Decimal("320156.81")
    referentie_leefloners = 1945
