"""factory_boy factories for partners and their yearly agreements."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from activering.tests.factories import GemeenteFactory, nl_faker
from partners.models import Overeenkomst, Partner


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PARTNER{n}")
    naam = nl_faker("company")
    soort = "trajectpartner"
    contact_naam = nl_faker("name")
    contact_email = factory.LazyAttribute(lambda p: f"contact@{p.code.lower()}.example")


class OvereenkomstFactory(DjangoModelFactory):
    """DUO for a JOB's agreement by default: 70,000 EUR for 50 young people."""

    class Meta:
        model = Overeenkomst

    partner = factory.SubFactory(PartnerFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2024
    subsidie_eur = Decimal("70000.00")
    capaciteit = 50
    omschrijving = "Jaarlijkse samenwerkingsovereenkomst."
