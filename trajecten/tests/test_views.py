"""Refer, start and close trajecten from the dossier (views over trajecten.services)."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from activering.models import AuditEvent
from clients.tests.builders import partner_maak, wereld_maak
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def dagen(n: int) -> str:
    return (VANDAAG - datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def w():
    return wereld_maak()


def als(client, medewerker):
    client.force_login(medewerker.user)
    return client


def test_refer_to_partner_start_and_close_with_outcome(client, w):
    partner = partner_maak()
    als(client, w.ma_a1)
    response = client.post(
        reverse("trajecten:aanmelden", args=[w.c_a1.pk]),
        {"soort": "jobhunting", "partner": partner.pk, "aanmelddatum": dagen(40)},
    )
    assert response.status_code == 302
    traject = Traject.objects.get()
    assert (traject.status, traject.partner, traject.verwijzer) == ("aangemeld", partner, w.ma_a1)

    response = client.post(
        reverse("trajecten:starten", args=[traject.pk]),
        {"startdatum": dagen(30), "einddatum_gepland": dagen(-60)},
    )
    assert response.status_code == 302
    traject.refresh_from_db()
    assert traject.status == "lopend" and traject.startdatum.isoformat() == dagen(30)

    response = client.post(
        reverse("trajecten:afsluiten", args=[traject.pk]),
        {"einddatum": dagen(1), "uitkomst": "werk_3m_plus"},
    )
    assert response.status_code == 302
    traject.refresh_from_db()
    assert (traject.status, traject.uitkomst) == ("afgerond", "werk_3m_plus")
    acties = set(AuditEvent.objects.filter(client_id=w.c_a1.pk).values_list("actie", flat=True))
    assert {"traject_aangemeld", "traject_gestart", "traject_afgesloten"} <= acties


def test_refused_transition_is_explained(client, w):
    traject = Traject.objects.create(
        referentie="T-X",
        client=w.c_a1,
        soort="mentoring",
        status="afgerond",
        startdatum=VANDAAG,
        einddatum=VANDAAG,
        uitkomst="overige",
    )
    als(client, w.ma_a1)
    response = client.post(
        reverse("trajecten:afsluiten", args=[traject.pk]),
        {"einddatum": VANDAAG.isoformat(), "uitkomst": "afgehaakt"},
    )
    assert response.status_code == 409
    assert "Dit traject is al afgesloten" in response.content.decode()
    response = client.post(
        reverse("trajecten:starten", args=[traject.pk]), {"startdatum": VANDAAG.isoformat()}
    )
    assert response.status_code == 409
    traject.refresh_from_db()
    assert traject.uitkomst == "overige"


def test_art60_requires_workplace_and_end_and_twe_at_most_24_months(client, w):
    als(client, w.ma_a1)
    url = reverse("trajecten:aanmelden", args=[w.c_a1.pk])
    html = client.post(url, {"soort": "art60", "aanmelddatum": dagen(0)}).content.decode()
    assert "Kies waar de art. 60-werknemer tewerkgesteld wordt." in html
    assert "Een art. 60-contract heeft een geplande einddatum." in html
    te_lang = (VANDAAG + datetime.timedelta(days=800)).isoformat()
    html = client.post(
        url,
        {
            "soort": "art60",
            "aanmelddatum": dagen(0),
            "einddatum_gepland": te_lang,
            "werkplek": "kmo",
            "twe": "on",
        },
    ).content.decode()
    assert "Een TWE-traject duurt hoogstens 24 maanden" in html
    assert not Traject.objects.exists()
    client.post(
        url,
        {
            "soort": "art60",
            "aanmelddatum": dagen(0),
            "einddatum_gepland": dagen(-365),
            "werkplek": "eigen_dienst",
            "werkplek_naam": "Kringloopwinkel",
            "uren_per_week": "30,5",
            "twe": "on",
        },
    )
    traject = Traject.objects.get()
    assert (traject.werkplek, traject.werkplek_naam, str(traject.uren_per_week), traject.twe) == (
        "eigen_dienst",
        "Kringloopwinkel",
        "30.5",
        True,
    )


def test_overlapping_art60_start_is_refused_with_a_message(client, w):
    Traject.objects.create(
        referentie="T-A",
        client=w.c_a1,
        soort="art60",
        status="lopend",
        startdatum=VANDAAG - datetime.timedelta(days=100),
        werkplek="kmo",
        einddatum_gepland=VANDAAG + datetime.timedelta(days=200),
    )
    tweede = Traject.objects.create(
        referentie="T-B",
        client=w.c_a1,
        soort="art60",
        status="aangemeld",
        aanmelddatum=VANDAAG - datetime.timedelta(days=10),
    )
    als(client, w.ma_a1)
    response = client.post(
        reverse("trajecten:starten", args=[tweede.pk]),
        {"startdatum": dagen(5), "einddatum_gepland": dagen(-300), "werkplek": "prive"},
    )
    assert "al een art. 60-traject in die periode" in response.content.decode()
    tweede.refresh_from_db()
    assert tweede.status == "aangemeld" and tweede.einddatum_gepland is None


def test_other_team_gets_404_and_colleague_403(client, w):
    traject = Traject.objects.create(
        referentie="T-Y",
        client=w.c_a2,
        soort="mentoring",
        status="aangemeld",
        aanmelddatum=VANDAAG,
    )
    als(client, w.ma_b1)
    assert client.get(reverse("trajecten:starten", args=[traject.pk])).status_code == 404
    assert client.get(reverse("trajecten:aanmelden", args=[w.c_a2.pk])).status_code == 404
    als(client, w.ma_a1)
    assert client.get(reverse("trajecten:starten", args=[traject.pk])).status_code == 403
    als(client, w.ma_a2)
    assert client.get(reverse("trajecten:starten", args=[traject.pk])).status_code == 200
