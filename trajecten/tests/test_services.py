"""Services that refer, start and close trajecten and register work spells."""

import threading
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

import pytest

from activering.models import Gemeente
from clients.models import Client
from partners.models import Partner
from trajecten.constants import Contracttype, TrajectSoort, TrajectStatus, Uitkomst
from trajecten.models import Traject, Werkperiode
from trajecten.services import (
    traject_aanmelden,
    traject_afsluiten,
    traject_start,
    werkperiode_create,
)
from trajecten.workflow import OngeldigeOvergang


@pytest.fixture
def client_a(db):
    gemeente = Gemeente.objects.create(nis_code="12025", naam="Mechelen")
    return Client.objects.create(
        referentie="DOS-1", gemeente=gemeente, voornaam="An", achternaam="Peeters"
    )


@pytest.fixture
def partner(db):
    return Partner.objects.create(code="JOBROAD", naam="Jobroad", soort="trajectpartner")


@pytest.fixture
def aangemeld(client_a, partner):
    return traject_aanmelden(
        client=client_a,
        soort=TrajectSoort.JOBHUNTING,
        partner=partner,
        aanmelddatum=date(2025, 1, 10),
        einddatum_gepland=date(2025, 6, 30),
    )


def test_aanmelden_creates_a_referral_without_start(aangemeld, partner):
    traject = Traject.objects.get(pk=aangemeld.pk)
    assert traject.status == TrajectStatus.AANGEMELD
    assert traject.aanmelddatum == date(2025, 1, 10)
    assert traject.startdatum is None and traject.einddatum is None
    assert traject.partner == partner
    assert traject.referentie.startswith("TRJ-")


def test_aanmelden_defaults_to_today_and_allows_internal_trajecten(client_a):
    traject = traject_aanmelden(client=client_a, soort=TrajectSoort.ART60)
    assert traject.aanmelddatum == timezone.localdate()
    assert traject.partner is None


def test_aanmelden_refuses_unknown_soort_and_inactive_partner(client_a, partner):
    with pytest.raises(ValidationError) as excinfo:
        traject_aanmelden(client=client_a, soort="zwemles")
    assert "soort" in excinfo.value.message_dict
    partner.actief = False
    partner.save()
    with pytest.raises(ValidationError) as excinfo:
        traject_aanmelden(client=client_a, soort=TrajectSoort.JOBHUNTING, partner=partner)
    assert "partner" in excinfo.value.message_dict
    assert not Traject.objects.exists()


def test_start_moves_aangemeld_to_lopend(aangemeld):
    traject_start(traject=aangemeld, startdatum=date(2025, 2, 3))
    traject = Traject.objects.get(pk=aangemeld.pk)
    assert traject.status == TrajectStatus.LOPEND
    assert traject.startdatum == date(2025, 2, 3)


def test_start_before_referral_is_refused_and_changes_nothing(aangemeld):
    with pytest.raises(ValidationError) as excinfo:
        traject_start(traject=aangemeld, startdatum=date(2025, 1, 9))
    assert excinfo.value.error_dict["startdatum"][0].code == "before_start"
    assert Traject.objects.get(pk=aangemeld.pk).status == TrajectStatus.AANGEMELD


def test_start_twice_is_a_refused_transition(aangemeld):
    traject_start(traject=aangemeld, startdatum=date(2025, 2, 3))
    with pytest.raises(OngeldigeOvergang):
        traject_start(traject=aangemeld, startdatum=date(2025, 2, 4))
    assert Traject.objects.get(pk=aangemeld.pk).startdatum == date(2025, 2, 3)


def test_afsluiten_with_work_outcome_gives_afgerond(aangemeld):
    traject_start(traject=aangemeld, startdatum=date(2025, 2, 3))
    traject_afsluiten(
        traject=aangemeld, einddatum=date(2025, 4, 30), uitkomst=Uitkomst.WERK_3M_PLUS
    )
    traject = Traject.objects.get(pk=aangemeld.pk)
    assert (traject.status, traject.einddatum, traject.uitkomst) == (
        TrajectStatus.AFGEROND,
        date(2025, 4, 30),
        Uitkomst.WERK_3M_PLUS,
    )


def test_afsluiten_afgehaakt_gives_stopgezet(aangemeld):
    traject_start(traject=aangemeld, startdatum=date(2025, 2, 3))
    traject_afsluiten(traject=aangemeld, einddatum=date(2025, 3, 1), uitkomst=Uitkomst.AFGEHAAKT)
    assert Traject.objects.get(pk=aangemeld.pk).status == TrajectStatus.STOPGEZET


def test_referral_that_never_started_can_be_stopped_but_not_completed(aangemeld):
    with pytest.raises(OngeldigeOvergang):
        traject_afsluiten(traject=aangemeld, einddatum=date(2025, 3, 1), uitkomst=Uitkomst.OVERIGE)
    assert Traject.objects.get(pk=aangemeld.pk).status == TrajectStatus.AANGEMELD

    traject_afsluiten(traject=aangemeld, einddatum=date(2025, 3, 1), uitkomst=Uitkomst.AFGEHAAKT)
    traject = Traject.objects.get(pk=aangemeld.pk)
    assert traject.status == TrajectStatus.STOPGEZET
    # It never started, so it has no startdatum (none is invented).
    assert traject.startdatum is None
    assert traject.einddatum == date(2025, 3, 1)


def test_closed_traject_cannot_be_closed_again(aangemeld):
    traject_start(traject=aangemeld, startdatum=date(2025, 2, 3))
    traject_afsluiten(traject=aangemeld, einddatum=date(2025, 3, 1), uitkomst=Uitkomst.OPLEIDING)
    with pytest.raises(OngeldigeOvergang) as excinfo:
        traject_afsluiten(traject=aangemeld, einddatum=date(2025, 3, 5), uitkomst=Uitkomst.OVERIGE)
    assert "al afgesloten" in excinfo.value.bericht
    traject = Traject.objects.get(pk=aangemeld.pk)
    assert (traject.einddatum, traject.uitkomst) == (date(2025, 3, 1), Uitkomst.OPLEIDING)


def test_afsluiten_before_start_is_refused(aangemeld):
    traject_start(traject=aangemeld, startdatum=date(2025, 2, 3))
    with pytest.raises(ValidationError) as excinfo:
        traject_afsluiten(traject=aangemeld, einddatum=date(2025, 2, 2), uitkomst=Uitkomst.OVERIGE)
    assert "einddatum" in excinfo.value.message_dict
    assert Traject.objects.get(pk=aangemeld.pk).status == TrajectStatus.LOPEND


def test_werkperiode_create_stores_source_partner(client_a, partner):
    periode = werkperiode_create(
        client=client_a,
        startdatum=date(2025, 4, 14),
        werkgever="Bakkerij Jansen",
        contracttype=Contracttype.TIJDELIJK,
        uren_per_week=Decimal("38.0"),
        bron_partner=partner,
    )
    periode.refresh_from_db()
    assert periode.bron_partner == partner
    assert periode.uren_per_week == Decimal("38.0")


@pytest.mark.parametrize(
    ("kwargs", "veld"),
    [
        ({"einddatum": date(2025, 4, 1)}, "einddatum"),
        ({"contracttype": "zwart"}, "contracttype"),
        ({"uren_per_week": Decimal("61")}, "uren_per_week"),
        ({"werkgever": "  "}, "werkgever"),
    ],
)
def test_werkperiode_create_refuses_bad_input(client_a, kwargs, veld):
    args = {
        "client": client_a,
        "startdatum": date(2025, 4, 14),
        "werkgever": "Bakkerij Jansen",
        "contracttype": Contracttype.VAST,
    } | kwargs
    with pytest.raises(ValidationError) as excinfo:
        werkperiode_create(**args)
    assert veld in excinfo.value.message_dict
    assert not Werkperiode.objects.exists()


def test_werkperiode_duplicate_is_a_validation_error_not_a_crash(client_a):
    args = {
        "client": client_a,
        "startdatum": date(2025, 4, 14),
        "werkgever": "Bakkerij Jansen",
        "contracttype": Contracttype.VAST,
    }
    werkperiode_create(**args)
    with pytest.raises(ValidationError) as excinfo:
        werkperiode_create(**args)
    assert excinfo.value.error_dict["startdatum"][0].code == "unique"
    assert Werkperiode.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_serialise_on_the_row_lock():
    """Two simultaneous starts: the row lock makes the second see ``lopend`` and refuse."""
    gemeente = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    client = Client.objects.create(
        referentie="DOS-C", gemeente=gemeente, voornaam="C", achternaam="D"
    )
    traject = traject_aanmelden(
        client=client, soort=TrajectSoort.MENTORING, aanmelddatum=date(2025, 1, 1)
    )
    barrier = threading.Barrier(2)
    results: list[str] = []

    def start(offset: int) -> None:
        try:
            barrier.wait()
            traject_start(traject=traject, startdatum=date(2025, 2, 1) + timedelta(days=offset))
            results.append("ok")
        except OngeldigeOvergang:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert Traject.objects.get(pk=traject.pk).status == TrajectStatus.LOPEND
