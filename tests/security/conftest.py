"""Staff of one gemeente with two teams, built directly (fast, no factories needed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

import pytest

from activering.constants import Rol
from activering.models import Gemeente, Medewerker, Team

WACHTWOORD = "een-lang-test-wachtwoord"


def maak_medewerker(gemeente, rol, username, *, team=None, **user_kwargs) -> Medewerker:
    user = get_user_model().objects.create_user(
        username,
        password=WACHTWOORD,
        email=f"{username}@ocmw.example",
        first_name=username.split(".")[0].title(),
        last_name="Test",
        **user_kwargs,
    )
    return Medewerker.objects.create(user=user, rol=rol, gemeente=gemeente, team=team)


@pytest.fixture
def gemeente(db):
    return Gemeente.objects.get_or_create(nis_code="12025", defaults={"naam": "Mechelen"})[0]


@pytest.fixture
def team_a(gemeente):
    return Team.objects.create(gemeente=gemeente, naam="Team A")


@pytest.fixture
def team_b(gemeente):
    return Team.objects.create(gemeente=gemeente, naam="Team B")


@pytest.fixture
def ma_a(gemeente, team_a):
    return maak_medewerker(gemeente, Rol.MAATSCHAPPELIJK_ASSISTENT, "ma.a", team=team_a)


@pytest.fixture
def beheerder(gemeente):
    return maak_medewerker(gemeente, Rol.BEHEERDER, "beheerder.a", is_staff=True)
