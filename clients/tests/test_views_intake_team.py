"""Intake (new client), dossier edit with optimistic locking, and the team lead's screen."""

from django.urls import reverse

import pytest

from activering.models import AuditEvent
from clients.models import Client
from clients.tests.builders import client_maak, wereld_maak

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return wereld_maak()


def als(client, medewerker):
    client.force_login(medewerker.user)
    return client


INTAKE = {
    "voornaam": "Sara",
    "achternaam": "Maes",
    "rijksregisternummer": "93.05.18-223.61",
    "geboortedatum": "18/05/1993",
    "geslacht": "m",
    "taal": "nl",
}


def test_intake_creates_dossier_in_own_caseload(client, w):
    als(client, w.ma_a1)
    response = client.post(reverse("clients:intake"), INTAKE)
    nieuw = Client.objects.get(rijksregisternummer="93051822361")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:dossier", args=[nieuw.pk])
    assert nieuw.maatschappelijk_assistent == w.ma_a1 and nieuw.gemeente == w.gemeente
    assert nieuw.referentie.startswith("DOS-")


@pytest.mark.parametrize(
    ("wijziging", "bericht"),
    [
        ({"rijksregisternummer": "93051822362"}, "Het controlegetal van het rijksregisternummer"),
        ({"rijksregisternummer": "1234"}, "Een rijksregisternummer bestaat uit 11 cijfers."),
        ({"geboortedatum": "19/05/1993"}, "past niet bij de geboortedatum"),
        ({"geslacht": "v"}, "is dat van een man, niet van een vrouw"),
        ({"geboortedatum": "31/02/1993"}, "Geef een geldige datum"),
    ],
)
def test_intake_checks_rijksregisternummer_next_to_the_field(client, w, wijziging, bericht):
    als(client, w.ma_a1)
    response = client.post(reverse("clients:intake"), {**INTAKE, **wijziging})
    html = response.content.decode()
    assert response.status_code == 400
    assert bericht in html
    assert 'class="fout" id="id_' in html
    assert not Client.objects.filter(voornaam="Sara").exists()


def test_intake_of_a_known_number_links_to_the_existing_dossier(client, w):
    w.c_a2.rijksregisternummer = "93051822361"
    w.c_a2.save()
    als(client, w.ma_a1)
    html = client.post(reverse("clients:intake"), INTAKE).content.decode()
    assert "Er bestaat al een dossier met dit rijksregisternummer." in html
    assert reverse("clients:dossier", args=[w.c_a2.pk]) in html
    assert Client.objects.filter(rijksregisternummer="93051822361").count() == 1


def test_intake_of_a_known_number_of_another_team_does_not_link_it(client, w):
    w.c_b1.rijksregisternummer = "93051822361"
    w.c_b1.save()
    als(client, w.ma_a1)
    html = client.post(reverse("clients:intake"), INTAKE).content.decode()
    assert "hoort niet bij uw team" in html
    assert reverse("clients:dossier", args=[w.c_b1.pk]) not in html


def test_intake_same_name_and_birth_date_needs_confirmation(client, w):
    import datetime

    client_maak(
        gemeente=w.gemeente,
        ma=w.ma_a1,
        voornaam="Sara",
        achternaam="Maes",
        geboortedatum=datetime.date(1993, 5, 18),
    )
    als(client, w.ma_a1)
    zonder_nummer = {**INTAKE, "rijksregisternummer": ""}
    html = client.post(reverse("clients:intake"), zonder_nummer).content.decode()
    assert "Er bestaat al een dossier met deze naam en geboortedatum." in html
    assert Client.objects.filter(voornaam="Sara").count() == 1
    response = client.post(reverse("clients:intake"), {**zonder_nummer, "toch_aanmaken": "on"})
    assert response.status_code == 302
    assert Client.objects.filter(voornaam="Sara").count() == 2


def test_teamleider_can_leave_a_new_dossier_unassigned(client, w):
    als(client, w.tl_a)
    response = client.post(reverse("clients:intake"), {**INTAKE, "maatschappelijk_assistent": ""})
    assert response.status_code == 302
    assert Client.objects.get(voornaam="Sara").maatschappelijk_assistent is None


# --- optimistic locking ---------------------------------------------------------------------


def _bewerk_data(c: Client, **wijzigingen) -> dict:
    data = {
        "versie": c.versie,
        "voornaam": c.voornaam,
        "achternaam": c.achternaam,
        "geslacht": "",
        "taal": "nl",
        "huishouden": "",
        "telefoon": "",
        "email": "",
        "straat": "",
        "postcode": "",
        "woonplaats": "",
    }
    data.update(wijzigingen)
    return data


def test_two_editors_at_once_the_second_sees_who_changed_it(client, w, django_user_model):
    url = reverse("clients:bewerken", args=[w.c_a1.pk])
    geopend = Client.objects.get(pk=w.c_a1.pk)  # both open the form at version 1
    als(client, w.tl_a)
    assert client.post(url, _bewerk_data(geopend, telefoon="015 11 11 11")).status_code == 302
    als(client, w.ma_a1)
    response = client.post(url, _bewerk_data(geopend, telefoon="015 22 22 22"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Gewijzigd door Tine" in html and " om " in html
    assert "015 11 11 11" in html  # what is stored now is shown
    assert Client.objects.get(pk=w.c_a1.pk).telefoon == "015 11 11 11"
    # Saving again (the form now carries the new version) deliberately keeps this version.
    assert 'name="versie" value="2"' in html
    assert (
        client.post(
            url, _bewerk_data(Client.objects.get(pk=w.c_a1.pk), telefoon="015 22 22 22")
        ).status_code
        == 302
    )
    assert Client.objects.get(pk=w.c_a1.pk).telefoon == "015 22 22 22"


def test_edit_keeps_birth_date_consistent_with_rijksregisternummer(client, w):
    w.c_a1.rijksregisternummer = "93051822361"
    w.c_a1.save()
    als(client, w.ma_a1)
    response = client.post(
        reverse("clients:bewerken", args=[w.c_a1.pk]),
        _bewerk_data(w.c_a1, geboortedatum="1990-01-01"),
    )
    assert response.status_code == 200
    assert "past niet bij de geboortedatum" in response.content.decode()


# --- team -----------------------------------------------------------------------------------


def test_team_page_shows_caseloads_per_social_worker(client, w, settings):
    settings.CASELOAD_TARGET = 2
    for _ in range(2):
        client_maak(gemeente=w.gemeente, ma=w.ma_a1)
    als(client, w.tl_a)
    html = client.get(reverse("clients:team")).content.decode()
    assert "Anna" in html and "Ahmed" in html
    assert "Bart" not in html  # another team
    assert "boven doel" in html  # 3 clients for 1 FTE against a target of 2
    assert "1 open dossier zonder maatschappelijk assistent." in html


def test_teamleider_reassigns_clients_with_a_reason(client, w):
    als(client, w.tl_a)
    response = client.post(
        reverse("clients:toewijzen"),
        {"clienten": [w.c_a1.pk, w.c_geen.pk], "naar": w.ma_a2.pk, "reden": "Ziekte"},
    )
    assert response.status_code == 302
    assert Client.objects.get(pk=w.c_geen.pk).maatschappelijk_assistent == w.ma_a2
    assert AuditEvent.objects.filter(actie="client_toegewezen").count() == 2


def test_reassignment_of_another_teams_client_is_refused(client, w):
    als(client, w.tl_a)
    response = client.post(
        reverse("clients:toewijzen"),
        {"clienten": [w.c_b1.pk], "naar": w.ma_a2.pk, "reden": "Poging"},
    )
    assert response.status_code == 400
    assert Client.objects.get(pk=w.c_b1.pk).maatschappelijk_assistent == w.ma_b1


def test_reassignment_without_reason_shows_the_error(client, w):
    als(client, w.tl_a)
    response = client.post(
        reverse("clients:toewijzen"), {"clienten": [w.c_a1.pk], "naar": w.ma_a2.pk, "reden": ""}
    )
    assert "Geef een reden voor de herverdeling." in response.content.decode()
    assert Client.objects.get(pk=w.c_a1.pk).maatschappelijk_assistent == w.ma_a1


def test_reassignment_needs_an_explicit_target_and_niemand_unassigns(client, w):
    als(client, w.tl_a)
    response = client.post(
        reverse("clients:toewijzen"), {"clienten": [w.c_a1.pk], "naar": "", "reden": "x"}
    )
    assert "Kies aan wie de dossiers toegewezen worden." in response.content.decode()
    assert Client.objects.get(pk=w.c_a1.pk).maatschappelijk_assistent == w.ma_a1
    client.post(
        reverse("clients:toewijzen"), {"clienten": [w.c_a1.pk], "naar": "niemand", "reden": "x"}
    )
    assert Client.objects.get(pk=w.c_a1.pk).maatschappelijk_assistent is None


def test_team_page_filters_the_reassignment_list_by_caseload(client, w):
    als(client, w.tl_a)
    url = reverse("clients:team")
    html = client.get(url, {"van": w.ma_a2.pk}).content.decode()
    assert "Bakkali, Omar" in html and "Aerts, Els" not in html
    html = client.get(url, {"van": "niemand"}).content.decode()
    assert "Dewitte, Noah" in html and "Bakkali, Omar" not in html
    html = client.get(url, {"van": w.ma_b1.pk}).content.decode()  # not his team: everything
    assert "Claes" not in html and "Aerts, Els" in html
