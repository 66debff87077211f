"""factory_boy factories for clients, benefit periods and logbook items."""

import datetime
import random

import factory
from factory.django import DjangoModelFactory

from activering.demo.rijksregister import rijksregisternummer_willekeurig
from activering.tests.factories import GemeenteFactory, MedewerkerFactory, nl_faker
from clients.models import Client, Logboekitem, Uitkeringsperiode


def _rijksregisternummer(client) -> str | None:
    """A valid number that agrees with the birth date and gender (unique per run)."""
    if client.geboortedatum is None:
        return None
    rng = random.Random(f"{client.referentie}-{client.geboortedatum}-{client.geslacht}")
    return rijksregisternummer_willekeurig(
        geboortedatum=client.geboortedatum, geslacht=client.geslacht, rng=rng
    )


class ClientFactory(DjangoModelFactory):
    """A client with a valid fake rijksregisternummer (``rijksregisternummer=None`` for one
    without)."""

    class Meta:
        model = Client

    referentie = factory.Sequence(lambda n: f"DOS-2024-{n:05d}")
    gemeente = factory.SubFactory(GemeenteFactory)
    geslacht = factory.Iterator(["v", "m"])
    voornaam = factory.LazyAttribute(
        lambda c: nl_faker(
            "first_name_male" if c.geslacht == "m" else "first_name_female"
        ).evaluate(None, None, {"locale": "nl_BE"})
    )
    achternaam = nl_faker("last_name")
    geboortedatum = nl_faker("date_of_birth", minimum_age=18, maximum_age=64)
    rijksregisternummer = factory.LazyAttribute(_rijksregisternummer)
    straat = nl_faker("street_address")
    postcode = "2800"
    woonplaats = factory.SelfAttribute("gemeente.naam")
    huishouden = "alleenstaand"
    maatschappelijk_assistent = factory.SubFactory(
        MedewerkerFactory, gemeente=factory.SelfAttribute("..gemeente")
    )


class UitkeringsperiodeFactory(DjangoModelFactory):
    """A leefloon period; ongoing unless ``einddatum`` is given."""

    class Meta:
        model = Uitkeringsperiode

    client = factory.SubFactory(ClientFactory)
    soort = "leefloon"
    categorie = "alleenstaand"
    startdatum = datetime.date(2024, 1, 1)
    einddatum = None
    stopreden = ""

    class Params:
        afgesloten = factory.Trait(
            einddatum=factory.LazyAttribute(lambda p: p.startdatum + datetime.timedelta(days=180)),
            stopreden="werk",
        )


class LogboekitemFactory(DjangoModelFactory):
    class Meta:
        model = Logboekitem

    client = factory.SubFactory(ClientFactory)
    datum = datetime.date(2025, 1, 15)
    soort = "gesprek"
    tekst = "Opvolgingsgesprek: GPMI-afspraken overlopen."
    auteur = factory.SelfAttribute("client.maatschappelijk_assistent")
