"""The dashboard's recomputation: started by a teamleider or beheerder, run by a real Celery
worker, its progress polled by HTMX until done; the stored figures then equal the command."""

from __future__ import annotations

import re
import time

from django.contrib.auth import get_user_model

import pytest

from activering.models import AuditEvent
from rapportering.models import IndicatorSnapshot, LapSnapshot
from rapportering.selectors import indicatoren_maand_opgeslagen

from .dashboard_data import command_json, dashboard_wereld_maak

HTMX = {"HTTP_HX_REQUEST": "true"}


def aangemeld(client, gebruikersnaam: str):
    client.force_login(get_user_model().objects.get(username=gebruikersnaam))
    return client


@pytest.fixture
def w(db):
    return dashboard_wereld_maak()


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_teamleider_starts_a_recomputation_and_polls_its_progress(
    transactional_db, client, celery_worker
):
    w = dashboard_wereld_maak()
    van = w.vandaag.replace(day=1).replace(month=1).strftime("%Y-%m")
    tot = w.vandaag.strftime("%Y-%m")
    aangemeld(client, "tl.a")
    antwoord = client.post("/rapportering/herberekenen/", {"van": van, "tot": tot}, **HTMX)
    assert antwoord.status_code == 200
    fragment = antwoord.content.decode()
    (status_url,) = re.findall(r'hx-get="(/rapportering/herberekenen/[^"]+/)"', fragment)
    assert 'hx-trigger="every 1s"' in fragment

    gezien = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        fragment = client.get(status_url, **HTMX).content.decode()
        status = re.search(r'data-status="(\w+)"', fragment).group(1)
        gezien.append(int(re.search(r'data-percentage="(\d+)"', fragment).group(1)))
        if status in ("SUCCESS", "FAILURE"):
            break
        time.sleep(0.3)
    assert status == "SUCCESS", fragment
    assert gezien[-1] == 100 and "Herberekening klaar" in fragment
    assert "hx-trigger" not in fragment  # polling stops
    assert gezien == sorted(gezien)

    maand = w.vandaag.replace(day=1)
    opgeslagen = indicatoren_maand_opgeslagen(gemeente=w.gemeente, maand=maand)
    assert opgeslagen == command_json(
        "--gemeente", "12025", "--maand", tot, "--peildatum", w.vandaag.isoformat()
    )
    assert IndicatorSnapshot.objects.filter(gemeente=w.gemeente, periode="jaar").exists()
    assert (
        LapSnapshot.objects.get(overeenkomst=w.lap).waarden
        == (
            command_json("--gemeente", "12025", "--lap", "--peildatum", w.vandaag.isoformat())[
                "lap"
            ][0]
        )
    )
    assert AuditEvent.objects.filter(actie="indicatoren_herberekenen").count() == 1

    # Without HTMX the status is a full page.
    assert "<h1>Herberekening</h1>" in client.get(status_url).content.decode()


def test_analist_and_social_worker_cannot_recompute(client, w):
    for gebruiker in ("analist", "ma.a1"):
        client.force_login(get_user_model().objects.get(username=gebruiker))
        antwoord = client.post("/rapportering/herberekenen/", {"van": "2025-01", "tot": "2025-02"})
        assert antwoord.status_code == 403
    assert not IndicatorSnapshot.objects.exists()


def test_progress_of_a_task_of_another_session_is_not_found(client, w):
    aangemeld(client, "beheer")
    assert client.get("/rapportering/herberekenen/0a1b2c3d-taak/").status_code == 404


@pytest.mark.parametrize(
    ("data", "bericht"),
    [
        ({"van": "2025-01", "tot": "2021-01"}, "De eerste maand ligt na de laatste maand."),
        ({"van": "2020-01", "tot": "2025-01"}, "hoogstens 36 maanden"),
        ({"van": "januari", "tot": "2025-01"}, "Geef een maand op als JJJJ-MM"),
        ({}, "Van (maand): Dit veld is vereist."),
    ],
)
def test_bad_recompute_input_gives_a_dutch_message(client, w, data, bericht):
    aangemeld(client, "tl.a")
    antwoord = client.post("/rapportering/herberekenen/", data)
    assert antwoord.status_code == 400
    assert bericht in antwoord.content.decode()
    # HTMX gets the same message as a fragment it swaps in.
    fragment = client.post("/rapportering/herberekenen/", data, **HTMX)
    assert fragment.status_code == 200 and bericht in fragment.content.decode()
    assert 'role="alert"' in fragment.content.decode()
    assert not AuditEvent.objects.filter(actie="indicatoren_herberekenen").exists()
