"""The factories build objects that pass model validation and the database constraints."""

import datetime

from django.db import IntegrityError, transaction

import pytest
from stdnum.be import nn

from activering.constants import Rol
from activering.demo.rijksregister import rijksregisternummer_maak
from activering.tests.factories import (
    WACHTWOORD,
    GemeenteFactory,
    InwonersFactory,
    MedewerkerFactory,
    TeamFactory,
)
from clients.rijksregisternummer import rijksregisternummer_validate
from clients.tests.factories import ClientFactory, LogboekitemFactory, UitkeringsperiodeFactory
from partners.tests.factories import OvereenkomstFactory, PartnerFactory
from rapportering.tests.factories import LapOvereenkomstFactory
from tests.security.hulp import aanmelden_gelukt
from trajecten.tests.factories import TrajectFactory, WerkperiodeFactory


def test_rijksregisternummer_check_digits_follow_both_rules():
    # Examples from the domain brief: before 2000, and from 2000 on ("2" prefixed).
    assert (
        rijksregisternummer_maak(geboortedatum=datetime.date(1993, 5, 18), volgnummer=223)
        == "93051822361"
    )
    assert (
        rijksregisternummer_maak(geboortedatum=datetime.date(2000, 1, 25), volgnummer=567)
        == "00012556777"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    [
        GemeenteFactory,
        InwonersFactory,
        TeamFactory,
        MedewerkerFactory,
        ClientFactory,
        UitkeringsperiodeFactory,
        LogboekitemFactory,
        PartnerFactory,
        OvereenkomstFactory,
        TrajectFactory,
        WerkperiodeFactory,
        LapOvereenkomstFactory,
    ],
)
def test_factory_objects_pass_full_clean_and_the_database(factory):
    obj = factory()
    obj.full_clean()
    obj.refresh_from_db()
    assert obj.pk is not None


@pytest.mark.django_db
@pytest.mark.parametrize("trait", ["lopend", "afgerond", "stopgezet"])
def test_traject_traits_agree_with_the_status_constraints(trait):
    traject = TrajectFactory(**{trait: True})
    traject.full_clean()
    if trait == "lopend":
        assert traject.einddatum is None and traject.uitkomst == ""
    else:
        assert traject.einddatum is not None and traject.uitkomst


@pytest.mark.django_db
def test_art60_trait_and_its_exclusion_constraint():
    eerste = TrajectFactory(art60=True, lopend=True)
    eerste.full_clean()
    assert eerste.partner is None and eerste.twe
    with pytest.raises(IntegrityError), transaction.atomic():
        TrajectFactory(art60=True, lopend=True, client=eerste.client)


@pytest.mark.django_db
def test_closed_benefit_period_trait():
    periode = UitkeringsperiodeFactory(afgesloten=True)
    periode.full_clean()
    assert periode.einddatum > periode.startdatum and periode.stopreden == "werk"


@pytest.mark.django_db
def test_clients_get_valid_unique_rijksregisternummers_matching_birth_and_gender():
    clients = ClientFactory.create_batch(60)
    clients.append(ClientFactory(geboortedatum=datetime.date(2003, 4, 5), geslacht="m"))
    nummers = [c.rijksregisternummer for c in clients]
    assert len(set(nummers)) == len(nummers)
    for c in clients:
        assert nn.is_valid(c.rijksregisternummer)
        assert (
            rijksregisternummer_validate(
                nummer=c.rijksregisternummer, geboortedatum=c.geboortedatum, geslacht=c.geslacht
            )
            == []
        )
    assert ClientFactory(rijksregisternummer=None).rijksregisternummer is None


@pytest.mark.django_db
def test_client_belongs_to_a_social_worker_of_its_gemeente():
    client = ClientFactory()
    ma = client.maatschappelijk_assistent
    assert ma.rol == Rol.MAATSCHAPPELIJK_ASSISTENT
    assert ma.gemeente == client.gemeente == ma.team.gemeente


@pytest.mark.django_db
def test_staff_factories_log_in_and_beheerder_reaches_the_admin(client):
    ma = MedewerkerFactory()
    assert aanmelden_gelukt(client, ma.user.username, WACHTWOORD)
    beheerder = MedewerkerFactory(beheerder=True)
    assert beheerder.rol == Rol.BEHEERDER and beheerder.team is None
    assert beheerder.user.is_staff and beheerder.user.is_superuser
    client.force_login(beheerder.user)
    assert client.get("/admin/").status_code == 200
