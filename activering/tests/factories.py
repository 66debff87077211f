"""factory_boy factories for the organisation: gemeenten, inhabitants, teams and staff."""

from decimal import Decimal

from django.conf import settings

import factory
from factory.django import DjangoModelFactory

from activering.constants import Rol
from activering.models import Gemeente, Inwoners, Medewerker, Team

WACHTWOORD = "een-lang-test-wachtwoord"
LOCALE = "nl_BE"


def nl_faker(provider: str, **kwargs) -> factory.Faker:
    """A Faker declaration with Belgian Dutch data."""
    return factory.Faker(provider, locale=LOCALE, **kwargs)


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("nis_code",)

    nis_code = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")
    naam = nl_faker("city")


class InwonersFactory(DjangoModelFactory):
    class Meta:
        model = Inwoners

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2024
    inwoners = 89262


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    """A Django user; log in with ``WACHTWOORD``."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = nl_faker("first_name")
    last_name = nl_faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@voorbeeld.example")
    password = factory.django.Password(WACHTWOORD)


class MedewerkerFactory(DjangoModelFactory):
    """A staff member (maatschappelijk assistent by default) with its own user."""

    class Meta:
        model = Medewerker

    user = factory.SubFactory(UserFactory)
    rol = Rol.MAATSCHAPPELIJK_ASSISTENT
    gemeente = factory.SubFactory(GemeenteFactory)
    team = factory.SubFactory(TeamFactory, gemeente=factory.SelfAttribute("..gemeente"))
    vte = Decimal("1.00")
    actief = True

    class Params:
        teamleider = factory.Trait(rol=Rol.TEAMLEIDER)
        beheerder = factory.Trait(
            rol=Rol.BEHEERDER,
            team=None,
            user=factory.SubFactory(UserFactory, is_staff=True, is_superuser=True),
        )
        analist = factory.Trait(rol=Rol.ANALIST, team=None)
