"""GET /api/v1/indicatoren/: reporting roles only, same object as the command, Dutch 400s."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from activering.constants import Rol
from activering.models import Gemeente
from partners.models import Partner
from rapportering.models import LapOvereenkomst
from rapportering.selectors import indicatoren_maand
from rapportering.services import indicatoren_bereken

from .builders import ll, maak_client, maak_medewerker

pytestmark = pytest.mark.django_db
URL = "/api/v1/indicatoren/"


@pytest.fixture
def gegevens(gemeente):
    for _ in range(3):
        ll(maak_client(gemeente), date(2024, 1, 1))
    Partner.objects.create(code="JOBROAD", naam="Jobroad", soort="trajectpartner")
    LapOvereenkomst.objects.create(
        gemeente=gemeente,
        startdatum=date(2024, 12, 1),
        einddatum=date(2025, 11, 30),
        subsidie_eur=Decimal("250000"),
    )
    return gemeente


def aangemeld(client, gemeente, rol):
    medewerker = maak_medewerker(gemeente, rol=rol)
    client.force_login(medewerker.user)
    return medewerker


@pytest.mark.parametrize("rol", [Rol.TEAMLEIDER, Rol.BEHEERDER, Rol.ANALIST])
def test_reporting_roles_get_the_month_object(client, gegevens, rol):
    aangemeld(client, gegevens, rol)
    antwoord = client.get(URL, {"gemeente": "12025", "maand": "2024-06", "peildatum": "2025-06-30"})
    assert antwoord.status_code == 200, antwoord.content
    verwacht = indicatoren_maand(
        gemeente=gegevens, maand=date(2024, 6, 1), peildatum=date(2025, 6, 30)
    )
    assert antwoord.json() == verwacht
    assert antwoord.json()["indicatoren"]["leefloon_maand"] == 3
    assert antwoord.json()["indicatoren"]["leefloon_per_1000"] == "0.03"


def test_year_and_lap_objects(client, gegevens):
    aangemeld(client, gegevens, Rol.ANALIST)
    jaar = client.get(URL, {"gemeente": "12025", "jaar": "2024", "peildatum": "2025-06-30"})
    assert jaar.status_code == 200
    assert jaar.json()["jaar"] == "2024"
    assert jaar.json()["indicatoren"]["leefloon_jaar"] == 3
    assert set(jaar.json()["partners"]) == {"JOBROAD"}
    lap = client.get(URL, {"gemeente": "12025", "lap": "1", "peildatum": "2025-06-30"})
    assert lap.status_code == 200
    assert lap.json()["lap"][0]["lap_bijkomend_engagement"] == 250


def test_social_worker_is_refused(client, gegevens):
    aangemeld(client, gegevens, Rol.MAATSCHAPPELIJK_ASSISTENT)
    assert client.get(URL, {"gemeente": "12025", "maand": "2024-06"}).status_code == 403


def test_anonymous_is_refused(client, gegevens):
    assert client.get(URL, {"gemeente": "12025", "maand": "2024-06"}).status_code in (401, 403)


def test_other_gemeente_is_refused(client, gegevens):
    putte = Gemeente.objects.create(nis_code="12029", naam="Putte")
    aangemeld(client, putte, Rol.TEAMLEIDER)
    assert client.get(URL, {"gemeente": "12025", "maand": "2024-06"}).status_code == 403


@pytest.mark.parametrize(
    ("params", "bericht"),
    [
        ({"maand": "2024-06"}, "NIS-code"),
        ({"gemeente": "12025", "maand": "2024-13"}, "JJJJ-MM"),
        ({"gemeente": "12025"}, "precies één"),
        ({"gemeente": "12025", "maand": "2024-06", "jaar": "2024"}, "precies één"),
        ({"gemeente": "12025", "maand": "2024-06", "peildatum": "30/06/2025"}, "JJJJ-MM-DD"),
        ({"gemeente": "12025", "maand": "2025-08", "peildatum": "2025-06-30"}, "na de peildatum"),
        ({"gemeente": "99999", "maand": "2024-06"}, "Onbekende gemeente"),
        ({"gemeente": "12025", "jaar": "24"}, "JJJJ"),
    ],
)
def test_bad_parameters_give_400_with_a_dutch_message(client, gegevens, params, bericht):
    aangemeld(client, gegevens, Rol.BEHEERDER)
    antwoord = client.get(URL, params)
    assert antwoord.status_code == 400
    assert bericht in antwoord.content.decode()


def test_stored_snapshot_on_request(client, gegevens):
    aangemeld(client, gegevens, Rol.TEAMLEIDER)
    params = {"gemeente": "12025", "maand": "2024-06", "opgeslagen": "1"}
    assert client.get(URL, params).status_code == 404
    indicatoren_bereken(gemeente=gegevens, maand=date(2024, 6, 1), peildatum=date(2025, 6, 30))
    antwoord = client.get(URL, params)
    assert antwoord.status_code == 200
    assert antwoord.json() == indicatoren_maand(
        gemeente=gegevens, maand=date(2024, 6, 1), peildatum=date(2025, 6, 30)
    )
