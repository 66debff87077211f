"""Database constraints of the organisation models: each violating row is refused by
PostgreSQL itself, whatever code path writes it."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

import pytest

from activering.constants import Rol
from activering.models import Gemeente, Inwoners, Medewerker, Team

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
def user():
    return get_user_model().objects.create_user("ma.test")


@pytest.mark.parametrize("nis_code", ["1234", "12a45", "ABCDE", "", " 1234"])
def test_gemeente_nis_code_must_be_five_digits(nis_code):
    assert refused(Gemeente.objects.create, nis_code=nis_code, naam="Fout")
    assert not Gemeente.objects.exists()


def test_gemeente_nis_code_is_unique(gemeente):
    assert refused(Gemeente.objects.create, nis_code="12025", naam="Dubbel")
    assert not refused(Gemeente.objects.create, nis_code="11002", naam="Antwerpen")


@pytest.mark.parametrize("aantal", [0, -5])
def test_inwoners_must_be_positive(gemeente, aantal):
    assert refused(Inwoners.objects.create, gemeente=gemeente, jaar=2024, inwoners=aantal)
    assert not Inwoners.objects.exists()


def test_inwoners_unique_per_gemeente_and_year(gemeente):
    Inwoners.objects.create(gemeente=gemeente, jaar=2024, inwoners=87_000)
    assert refused(Inwoners.objects.create, gemeente=gemeente, jaar=2024, inwoners=88_000)
    # Another year, or the same year in another gemeente, is fine.
    assert not refused(Inwoners.objects.create, gemeente=gemeente, jaar=2025, inwoners=88_000)
    other = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    assert not refused(Inwoners.objects.create, gemeente=other, jaar=2024, inwoners=530_000)


def test_team_name_unique_within_gemeente(gemeente):
    Team.objects.create(gemeente=gemeente, naam="Activering")
    assert refused(Team.objects.create, gemeente=gemeente, naam="Activering")
    other = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    assert not refused(Team.objects.create, gemeente=other, naam="Activering")


@pytest.mark.parametrize("vte", ["0.00", "0.09", "1.01", "-0.50"])
def test_medewerker_vte_outside_bounds_refused(gemeente, user, vte):
    assert refused(
        Medewerker.objects.create,
        user=user,
        rol=Rol.MAATSCHAPPELIJK_ASSISTENT,
        gemeente=gemeente,
        vte=Decimal(vte),
    )


@pytest.mark.parametrize("vte", ["0.10", "0.50", "1.00"])
def test_medewerker_vte_bounds_are_inclusive(gemeente, user, vte):
    medewerker = Medewerker.objects.create(
        user=user, rol=Rol.TEAMLEIDER, gemeente=gemeente, vte=Decimal(vte)
    )
    medewerker.refresh_from_db()
    assert medewerker.vte == Decimal(vte)


@pytest.mark.parametrize("rol", ["", "directeur", "Beheerder"])
def test_medewerker_rol_must_be_a_known_code(gemeente, user, rol):
    assert refused(Medewerker.objects.create, user=user, rol=rol, gemeente=gemeente)


def test_one_medewerker_profile_per_user(gemeente, user):
    Medewerker.objects.create(user=user, rol=Rol.ANALIST, gemeente=gemeente)
    assert refused(Medewerker.objects.create, user=user, rol=Rol.BEHEERDER, gemeente=gemeente)
