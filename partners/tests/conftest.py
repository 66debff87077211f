"""Fixtures for the partner API: two partner organisations with keys, a social worker, and
clients with trajecten referred to each partner. Built directly (no factories needed)."""

from __future__ import annotations

import datetime
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from activering.constants import Rol
from activering.models import Gemeente, Medewerker
from clients.models import Client
from partners.models import Partner
from partners.services import partner_api_key_create
from trajecten.constants import TrajectSoort
from trajecten.services import traject_aanmelden, traject_start

_volgnummer = count(1)


def dagen_geleden(dagen: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=dagen)


@pytest.fixture
def gemeente(db):
    return Gemeente.objects.create(nis_code="12025", naam="Mechelen")


@pytest.fixture
def maatschappelijk_assistent(gemeente):
    user = get_user_model().objects.create_user(
        username="els", first_name="Els", last_name="Janssens", email="els@ocmw.example"
    )
    return Medewerker.objects.create(
        user=user, rol=Rol.MAATSCHAPPELIJK_ASSISTENT, gemeente=gemeente
    )


@pytest.fixture
def partner_a(db):
    return Partner.objects.create(code="JOBROAD", naam="Jobroad", soort="trajectpartner")


@pytest.fixture
def partner_b(db):
    return Partner.objects.create(code="DUO", naam="DUO for a JOB", soort="trajectpartner")


@pytest.fixture
def sleutel_a(partner_a):
    return partner_api_key_create(partner=partner_a, naam="test")


@pytest.fixture
def sleutel_b(partner_b):
    return partner_api_key_create(partner=partner_b, naam="test")


def maak_client(gemeente, maatschappelijk_assistent=None, **kwargs) -> Client:
    nummer = next(_volgnummer)
    defaults = {
        "referentie": f"DOS-{nummer:05d}",
        "gemeente": gemeente,
        "rijksregisternummer": f"{nummer:011d}",
        "voornaam": "Sara",
        "achternaam": "Peeters",
        "geboortedatum": datetime.date(1998, 5, 17),
        "telefoon": "0470123456",
        "email": "sara@example.org",
        "straat": "Bruul 1",
        "maatschappelijk_assistent": maatschappelijk_assistent,
    }
    return Client.objects.create(**(defaults | kwargs))


def maak_traject(
    client: Client,
    partner: Partner,
    *,
    aangemeld: int = 60,
    gestart: int | None = 50,
    soort: str = TrajectSoort.JOBHUNTING,
):
    """A traject referred ``aangemeld`` days ago and started ``gestart`` days ago (or not)."""
    traject = traject_aanmelden(
        client=client, soort=soort, partner=partner, aanmelddatum=dagen_geleden(aangemeld)
    )
    if gestart is not None:
        traject = traject_start(traject=traject, startdatum=dagen_geleden(gestart))
    return traject


@pytest.fixture
def client_a(gemeente, maatschappelijk_assistent):
    return maak_client(gemeente, maatschappelijk_assistent)


@pytest.fixture
def traject_a(client_a, partner_a):
    """A running traject of partner A."""
    return maak_traject(client_a, partner_a)


@pytest.fixture
def traject_b(gemeente, maatschappelijk_assistent, partner_b):
    """A running traject of partner B (partner A must never see it)."""
    return maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner_b)


def api_client(sleutel: str | None) -> APIClient:
    client = APIClient()
    if sleutel is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {sleutel}")
    return client


@pytest.fixture
def api_a(sleutel_a):
    return api_client(sleutel_a[1])


@pytest.fixture
def api_b(sleutel_b):
    return api_client(sleutel_b[1])


def assert_fout(response, status: int, *, veld=..., code: str | None = None) -> dict:
    """The response has ``status`` and the one error shape; returns the matching error."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"fouten"}, body
    assert body["fouten"], body
    for fout in body["fouten"]:
        assert set(fout) == {"veld", "code", "bericht"}, fout
        assert fout["bericht"], fout
    kandidaten = [
        f
        for f in body["fouten"]
        if (veld is ... or f["veld"] == veld) and (code is None or f["code"] == code)
    ]
    assert kandidaten, body
    return kandidaten[0]
