"""Database constraints of clients and benefit periods, including the exclusion constraint
that keeps periods of one soort from overlapping for the same client."""

from datetime import date

from django.db import IntegrityError, transaction

import pytest

from activering.models import Gemeente
from clients.constants import Categorie, UitkeringSoort
from clients.models import Client, Logboekitem, Uitkeringsperiode

pytestmark = pytest.mark.django_db

LL = UitkeringSoort.LEEFLOON
ELL = UitkeringSoort.EQUIVALENT_LEEFLOON


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


def make_client(gemeente, referentie="DOS-1", **kwargs) -> Client:
    return Client.objects.create(
        referentie=referentie, gemeente=gemeente, voornaam="An", achternaam="Peeters", **kwargs
    )


@pytest.fixture
def client_a(gemeente):
    return make_client(gemeente, "DOS-A")


@pytest.fixture
def client_b(gemeente):
    return make_client(gemeente, "DOS-B")


def periode(client, start, end=None, soort=LL, **kwargs):
    return Uitkeringsperiode.objects.create(
        client=client,
        soort=soort,
        categorie=kwargs.pop("categorie", Categorie.ALLEENSTAAND),
        startdatum=start,
        einddatum=end,
        **kwargs,
    )


# --- Client --------------------------------------------------------------------------------


@pytest.mark.parametrize("rrn", ["9305182236", "9305182236A", "930518-2361", " 9305182236"])
def test_rijksregisternummer_must_be_eleven_digits(gemeente, rrn):
    # Longer values are cut off by the column length (DataError); these fit but are wrong.
    assert refused(make_client, gemeente, rijksregisternummer=rrn)
    assert not Client.objects.exists()


def test_rijksregisternummer_is_optional_but_unique(gemeente):
    make_client(gemeente, "DOS-1", rijksregisternummer="93051822361")
    assert refused(make_client, gemeente, "DOS-2", rijksregisternummer="93051822361")
    # Many clients without a number are fine (NULL is not a duplicate).
    make_client(gemeente, "DOS-3")
    make_client(gemeente, "DOS-4")
    assert Client.objects.filter(rijksregisternummer__isnull=True).count() == 2


def test_referentie_is_unique(gemeente):
    make_client(gemeente, "DOS-2023-00042")
    assert refused(make_client, gemeente, "DOS-2023-00042")


@pytest.mark.parametrize("geslacht", ["M", "f", "?", "1"])
def test_geslacht_must_be_a_known_code(gemeente, geslacht):
    assert refused(make_client, gemeente, geslacht=geslacht)


@pytest.mark.parametrize("geslacht", ["", "m", "v", "x"])
def test_geslacht_known_codes_and_empty_accepted(gemeente, geslacht):
    assert not refused(make_client, gemeente, geslacht=geslacht)


def test_logboekitem_soort_must_be_a_known_code(client_a):
    assert refused(
        Logboekitem.objects.create, client=client_a, datum=date(2024, 1, 1), soort="x", tekst="."
    )


# --- Uitkeringsperiode: simple checks -------------------------------------------------------


def test_periode_key_is_client_soort_startdatum(client_a):
    periode(client_a, date(2024, 1, 1), date(2024, 1, 31))
    assert refused(periode, client_a, date(2024, 1, 1), date(2024, 1, 31))


def test_periode_end_before_start_refused(client_a):
    assert refused(periode, client_a, date(2024, 3, 1), date(2024, 2, 29))
    # A one-day period (end == start) is valid.
    assert not refused(periode, client_a, date(2024, 3, 1), date(2024, 3, 1))


@pytest.mark.parametrize(
    "field, value",
    [("soort", "werkloosheid"), ("categorie", "gezin"), ("stopreden", "pensioen")],
)
def test_periode_codes_must_be_known(client_a, field, value):
    values = {
        "soort": LL,
        "categorie": Categorie.SAMENWONEND,
        "stopreden": "",
        field: value,
    }
    assert refused(
        Uitkeringsperiode.objects.create,
        client=client_a,
        startdatum=date(2024, 1, 1),
        einddatum=date(2024, 6, 30),
        **values,
    )
    assert not Uitkeringsperiode.objects.exists()


# --- Uitkeringsperiode: no overlap of the same soort ---------------------------------------


@pytest.mark.parametrize("soort", [LL, ELL])
def test_overlap_of_one_day_refused_for_each_soort(client_a, soort):
    periode(client_a, date(2024, 1, 1), date(2024, 5, 31), soort=soort)
    assert refused(periode, client_a, date(2024, 5, 31), date(2024, 8, 31), soort=soort)
    assert Uitkeringsperiode.objects.count() == 1


def test_period_inside_another_refused(client_a):
    periode(client_a, date(2024, 1, 1), date(2024, 12, 31))
    assert refused(periode, client_a, date(2024, 3, 1), date(2024, 3, 31))


def test_touching_periods_allowed(client_a):
    periode(client_a, date(2024, 1, 1), date(2024, 5, 31))
    assert not refused(periode, client_a, date(2024, 6, 1), date(2024, 12, 31))
    assert Uitkeringsperiode.objects.count() == 2


def test_open_ended_period_blocks_later_periods(client_a):
    periode(client_a, date(2024, 1, 1), None)
    assert refused(periode, client_a, date(2030, 1, 1), date(2030, 1, 31))
    assert refused(periode, client_a, date(2025, 1, 1), None)
    # Before the open period starts is still free.
    assert not refused(periode, client_a, date(2023, 1, 1), date(2023, 12, 31))


def test_closing_an_open_period_to_overlap_is_refused(client_a):
    periode(client_a, date(2024, 6, 1), date(2024, 12, 31))
    earlier = periode(client_a, date(2024, 1, 1), date(2024, 5, 31))
    earlier.einddatum = date(2024, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        earlier.save()


def test_different_soort_may_overlap(client_a):
    periode(client_a, date(2024, 1, 1), date(2024, 12, 31), soort=LL)
    assert not refused(periode, client_a, date(2024, 3, 1), None, soort=ELL)


def test_different_clients_may_overlap(client_a, client_b):
    periode(client_a, date(2024, 1, 1), None)
    assert not refused(periode, client_b, date(2024, 1, 1), None)
