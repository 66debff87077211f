"""Database constraints of trajecten and work spells: status/date consistency, codes, and
no overlapping art. 60 placements for one client."""

from datetime import date
from decimal import Decimal
from itertools import count

from django.db import IntegrityError, transaction

import pytest

from activering.models import Gemeente
from clients.models import Client
from trajecten.constants import Contracttype, TrajectSoort, TrajectStatus, Uitkomst
from trajecten.models import Traject, Werkperiode

pytestmark = pytest.mark.django_db

_refs = count(1)


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
def client_a(gemeente):
    return Client.objects.create(
        referentie="DOS-A", gemeente=gemeente, voornaam="An", achternaam="Peeters"
    )


@pytest.fixture
def client_b(gemeente):
    return Client.objects.create(
        referentie="DOS-B", gemeente=gemeente, voornaam="Bram", achternaam="Janssens"
    )


def traject(client, *, soort=TrajectSoort.ART60, status=TrajectStatus.LOPEND, **kwargs):
    defaults = {"startdatum": date(2024, 1, 1)}
    if status in (TrajectStatus.AFGEROND, TrajectStatus.STOPGEZET):
        defaults["einddatum"] = date(2024, 12, 31)
    defaults.update(kwargs)
    return Traject.objects.create(
        referentie=f"TRJ-{next(_refs)}", client=client, soort=soort, status=status, **defaults
    )


# --- Traject: codes, dates and status ------------------------------------------------------


@pytest.mark.parametrize(
    "field, value", [("soort", "art62"), ("status", "gepland"), ("uitkomst", "werk")]
)
def test_traject_codes_must_be_known(client_a, field, value):
    kwargs = {field: value}
    if field == "uitkomst":
        kwargs["status"] = TrajectStatus.AFGEROND
    assert refused(traject, client_a, **kwargs)
    assert not Traject.objects.exists()


def test_referentie_is_unique(client_a):
    Traject.objects.create(referentie="TRJ-X", client=client_a, soort=TrajectSoort.IBO)
    assert refused(Traject.objects.create, referentie="TRJ-X", client=client_a, soort="ibo")


@pytest.mark.parametrize("status", [TrajectStatus.AFGEROND, TrajectStatus.STOPGEZET])
def test_closed_traject_needs_einddatum(client_a, status):
    assert refused(traject, client_a, status=status, einddatum=None)
    assert not refused(traject, client_a, status=status, einddatum=date(2024, 6, 30))


@pytest.mark.parametrize("status", [TrajectStatus.AANGEMELD, TrajectStatus.LOPEND])
def test_open_traject_has_no_einddatum(client_a, status):
    assert refused(traject, client_a, status=status, einddatum=date(2024, 6, 30))
    assert not refused(traject, client_a, status=status, einddatum=None)


@pytest.mark.parametrize("status", [TrajectStatus.AANGEMELD, TrajectStatus.LOPEND])
def test_uitkomst_only_on_closed_traject(client_a, status):
    assert refused(traject, client_a, status=status, uitkomst=Uitkomst.WERK_3M_PLUS)


@pytest.mark.parametrize("status", [TrajectStatus.AFGEROND, TrajectStatus.STOPGEZET])
def test_uitkomst_allowed_on_closed_traject(client_a, status):
    obj = traject(client_a, soort=TrajectSoort.IBO, status=status, uitkomst=Uitkomst.OPLEIDING)
    assert obj.uitkomst == Uitkomst.OPLEIDING


def test_startdatum_required_unless_aangemeld_or_stopped_before_start(client_a):
    assert not refused(traject, client_a, status=TrajectStatus.AANGEMELD, startdatum=None)
    assert refused(traject, client_a, status=TrajectStatus.LOPEND, startdatum=None)
    assert refused(traject, client_a, status=TrajectStatus.AFGEROND, startdatum=None)
    # A referral that never started can be stopped: it keeps no (invented) startdatum.
    assert not refused(traject, client_a, status=TrajectStatus.STOPGEZET, startdatum=None)


def test_einddatum_not_before_startdatum(client_a):
    assert refused(
        traject,
        client_a,
        status=TrajectStatus.AFGEROND,
        startdatum=date(2024, 3, 1),
        einddatum=date(2024, 2, 29),
    )
    assert not refused(
        traject,
        client_a,
        status=TrajectStatus.AFGEROND,
        startdatum=date(2024, 3, 1),
        einddatum=date(2024, 3, 1),
    )


def test_geplande_einddatum_not_before_startdatum(client_a):
    assert refused(
        traject, client_a, startdatum=date(2024, 3, 1), einddatum_gepland=date(2024, 1, 1)
    )


# --- Traject: art. 60 overlap ---------------------------------------------------------------


def test_art60_overlap_refused_for_same_client(client_a):
    traject(client_a, status=TrajectStatus.AFGEROND, einddatum=date(2024, 6, 30))
    # One day of overlap (the end day) is refused.
    assert refused(traject, client_a, startdatum=date(2024, 6, 30))
    # Starting the next day is fine.
    assert not refused(traject, client_a, startdatum=date(2024, 7, 1))


def test_running_art60_blocks_later_art60(client_a):
    traject(client_a, startdatum=date(2024, 1, 1))  # lopend, no einddatum
    assert refused(traject, client_a, startdatum=date(2026, 1, 1))


def test_art60_may_overlap_other_soorten(client_a):
    traject(client_a, startdatum=date(2024, 1, 1))
    for soort in (TrajectSoort.ART61, TrajectSoort.OPLEIDING, TrajectSoort.MENTORING):
        assert not refused(traject, client_a, soort=soort, startdatum=date(2024, 2, 1))


def test_art60_may_overlap_for_other_clients(client_a, client_b):
    traject(client_a, startdatum=date(2024, 1, 1))
    assert not refused(traject, client_b, startdatum=date(2024, 1, 1))


def test_aangemeld_art60_without_startdatum_does_not_block(client_a):
    traject(client_a, startdatum=date(2024, 1, 1))
    assert not refused(traject, client_a, status=TrajectStatus.AANGEMELD, startdatum=None)


# --- Werkperiode ----------------------------------------------------------------------------


def werkperiode(client, **kwargs):
    values = {
        "startdatum": date(2024, 1, 1),
        "werkgever": "Kringloopwinkel",
        "contracttype": Contracttype.TIJDELIJK,
        **kwargs,
    }
    return Werkperiode.objects.create(client=client, **values)


def test_werkperiode_key_is_client_startdatum_werkgever(client_a, client_b):
    werkperiode(client_a)
    assert refused(werkperiode, client_a)
    assert not refused(werkperiode, client_a, werkgever="Bakkerij")
    assert not refused(werkperiode, client_b)


def test_werkperiodes_may_overlap(client_a):
    werkperiode(client_a, einddatum=date(2024, 12, 31))
    assert not refused(werkperiode, client_a, startdatum=date(2024, 6, 1), werkgever="Bakkerij")


def test_werkperiode_end_before_start_refused(client_a):
    assert refused(werkperiode, client_a, einddatum=date(2023, 12, 31))


def test_werkperiode_contracttype_must_be_known(client_a):
    assert refused(werkperiode, client_a, contracttype="zwartwerk")


@pytest.mark.parametrize("uren", ["0", "-1", "60.5"])
def test_werkperiode_hours_out_of_range_refused(client_a, uren):
    assert refused(werkperiode, client_a, uren_per_week=Decimal(uren))


@pytest.mark.parametrize("uren", ["0.5", "19", "60"])
def test_werkperiode_hours_in_range_accepted(client_a, uren):
    assert not refused(werkperiode, client_a, uren_per_week=Decimal(uren))
