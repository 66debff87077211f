"""factory_boy factories for trajecten and work spells. Status, dates and outcome always
agree with the model constraints: use the traits ``lopend``, ``afgerond``, ``stopgezet``."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from activering.tests.factories import nl_faker
from clients.tests.factories import ClientFactory
from partners.tests.factories import PartnerFactory
from trajecten.models import Traject, Werkperiode


class TrajectFactory(DjangoModelFactory):
    """An ``aangemeld`` jobhunting traject of a partner (no start yet)."""

    class Meta:
        model = Traject

    referentie = factory.Sequence(lambda n: f"TRJ-{n:07d}")
    client = factory.SubFactory(ClientFactory)
    soort = "jobhunting"
    partner = factory.SubFactory(PartnerFactory)
    status = "aangemeld"
    aanmelddatum = datetime.date(2024, 1, 10)
    startdatum = None
    einddatum_gepland = None
    einddatum = None
    uitkomst = ""
    verwijzer = factory.SelfAttribute("client.maatschappelijk_assistent")

    class Params:
        lopend = factory.Trait(
            status="lopend",
            startdatum=datetime.date(2024, 2, 1),
            einddatum_gepland=datetime.date(2024, 5, 1),
        )
        afgerond = factory.Trait(
            status="afgerond",
            startdatum=datetime.date(2024, 2, 1),
            einddatum_gepland=datetime.date(2024, 5, 1),
            einddatum=datetime.date(2024, 5, 1),
            uitkomst="werk_3m_plus",
        )
        stopgezet = factory.Trait(
            status="stopgezet",
            startdatum=datetime.date(2024, 2, 1),
            einddatum_gepland=datetime.date(2024, 5, 1),
            einddatum=datetime.date(2024, 3, 15),
            uitkomst="afgehaakt",
        )
        # An art. 60 placement of the OCMW itself (combine with lopend/afgerond).
        art60 = factory.Trait(
            soort="art60",
            partner=None,
            werkplek="eigen_dienst",
            werkplek_naam="Woonzorgcentrum",
            uren_per_week=Decimal("38.0"),
            twe=True,
        )


class WerkperiodeFactory(DjangoModelFactory):
    class Meta:
        model = Werkperiode

    client = factory.SubFactory(ClientFactory)
    startdatum = datetime.date(2024, 6, 1)
    einddatum = None
    werkgever = nl_faker("company")
    contracttype = "tijdelijk"
    uren_per_week = Decimal("38.0")
