"""The reporting dashboard: access per role, filters (and bad filter input), every figure on
the page equal to ``bereken_indicatoren --json`` for the same gemeente, period and peildatum."""

from __future__ import annotations

from django.contrib.auth import get_user_model

import pytest

from activering.constants import Rol
from clients.tests.builders import medewerker_maak
from rapportering.grafieken import getal_tekst
from rapportering.models import IndicatorSnapshot
from rapportering.services import indicatoren_dashboard_bereken, maanden_tussen
from rapportering.tabellen import datum_label, maand_code

from .dashboard_data import cijfers_in_html, dashboard_wereld_maak, verwachte_waarde

URL = "/rapportering/"


@pytest.fixture
def w(db):
    return dashboard_wereld_maak()


def aangemeld(client, gebruikersnaam: str):
    # django-axes refuses client.login() (it needs the request); force_login also completes
    # the beheerder's second factor (root conftest.py, docs/beveiliging.md).
    client.force_login(get_user_model().objects.get(username=gebruikersnaam))
    return client


def bewaar(w, *, gemeente=None) -> None:
    """Store the snapshots of the dashboard's default period, with peildatum today."""
    tot = w.vandaag.replace(day=1)
    van = maanden_tussen(tot.replace(year=tot.year - 2), tot)[1]
    indicatoren_dashboard_bereken(
        gemeente=gemeente or w.gemeente, van=van, tot=tot, peildatum=w.vandaag
    )


# --- access ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, w):
    antwoord = client.get(URL)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/accounts/login/")


def test_social_worker_gets_403(client, w):
    assert aangemeld(client, "ma.a1").get(URL).status_code == 403


@pytest.mark.parametrize("gebruiker", ["tl.a", "analist", "beheer"])
def test_reporting_roles_open_the_dashboard(client, w, gebruiker):
    bewaar(w)
    antwoord = aangemeld(client, gebruiker).get(URL)
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "LAP-opvolging" in html
    assert "aanname: LAP_WORKED_DAYS = 90" in html
    assert "richtwaarde 75" in html
    assert "<svg" in html and "style=" not in html and "<script>" not in html


def test_inactive_staff_member_gets_403(client, w):
    w.tl_a.actief = False
    w.tl_a.save()
    assert aangemeld(client, "tl.a").get(URL).status_code == 403


# --- figures equal the command --------------------------------------------------------------


def _vergelijk_alle_cijfers(html: str, w, peildatum: str, perioden=None) -> int:
    cache: dict = {}
    gecontroleerd = 0
    for cijfer in cijfers_in_html(html):
        if cijfer.get("data-sleutel", "").startswith(("team:", "medewerker:")):
            continue
        if perioden is not None and cijfer["data-periode"] not in perioden:
            continue
        verwacht = verwachte_waarde(cijfer, peildatum, w.gemeente.nis_code, cache)
        waarde = cijfer["data-waarde"]
        assert waarde == ("" if verwacht is None else str(verwacht)), cijfer
        assert cijfer["tekst"].strip() == getal_tekst(verwacht), cijfer
        gecontroleerd += 1
    return gecontroleerd


def test_every_figure_equals_the_command_output(client, w):
    bewaar(w)
    html = aangemeld(client, "tl.a").get(URL).content.decode()
    peildatum = w.vandaag.isoformat()
    assert f"peildatum {datum_label(w.vandaag)}" in html  # nl-BE, not ISO
    assert f"peildatum {peildatum}" not in html
    gecontroleerd = _vergelijk_alle_cijfers(html, w, peildatum)
    # 24 months × 4 monthly tables, the duration table, years, partners and the LAP.
    assert gecontroleerd > 24 * 10


def test_missing_snapshots_are_computed_on_the_fly_with_the_same_numbers(client, w):
    assert not IndicatorSnapshot.objects.exists()
    html = aangemeld(client, "beheer").get(URL).content.decode()
    assert "niet bewaard, nu berekend met peildatum" in html.lower()
    assert _vergelijk_alle_cijfers(html, w, w.vandaag.isoformat()) > 24 * 10
    assert not IndicatorSnapshot.objects.exists()  # a page view stores nothing


def test_stored_snapshot_is_shown_with_its_own_peildatum(client, w):
    """An older snapshot is shown as stored (not recomputed), with its peildatum."""
    maand = w.vandaag.replace(day=1)
    vorige = maanden_tussen(maand.replace(year=maand.year - 1), maand)[-2]
    oud = vorige.replace(day=28)
    indicatoren_dashboard_bereken(gemeente=w.gemeente, van=vorige, tot=vorige, peildatum=oud)
    html = (
        aangemeld(client, "tl.a")
        .get(URL, {"van": maand_code(vorige), "tot": maand_code(vorige)})
        .content.decode()
    )
    assert f"peildatum {datum_label(oud)}" in html
    assert "voorlopig" in html  # the month was still running on that peildatum
    assert _vergelijk_alle_cijfers(html, w, oud.isoformat(), {maand_code(vorige)}) >= 20


def test_dashboard_from_snapshots_needs_few_queries(client, w, django_assert_max_num_queries):
    bewaar(w)
    aangemeld(client, "tl.a")
    with django_assert_max_num_queries(25):
        assert client.get(URL).status_code == 200


# --- filters --------------------------------------------------------------------------------


def test_period_filter_limits_the_months(client, w):
    bewaar(w)
    tot = w.vandaag.replace(day=1)
    van = maanden_tussen(tot.replace(year=tot.year - 1), tot)[-3]
    html = (
        aangemeld(client, "tl.a")
        .get(URL, {"van": maand_code(van), "tot": maand_code(tot)})
        .content.decode()
    )
    maanden = {
        c["data-periode"] for c in cijfers_in_html(html) if c["data-indicator"] == "leefloon_maand"
    }
    assert maanden == {maand_code(m) for m in maanden_tussen(van, tot)}


def test_team_filter_shows_the_team_caseload(client, w):
    bewaar(w)
    html = aangemeld(client, "tl.a").get(URL, {"team": w.team_b.pk}).content.decode()
    assert "Caseload per VTE van Team B" in html
    sleutels = {
        c.get("data-sleutel", "") for c in cijfers_in_html(html) if c.get("data-sleutel", "")
    }
    medewerkers = {s for s in sleutels if s.startswith("medewerker:")}
    assert medewerkers == {f"medewerker:{w.ma_b1.pk}"}
    assert f"team:{w.team_b.pk}" in sleutels
    laatste = maand_code(w.vandaag)
    (team_caseload,) = [
        c
        for c in cijfers_in_html(html)
        if c.get("data-sleutel", "") == f"team:{w.team_b.pk}"
        and c["data-indicator"] == "actieve_clienten"
        and c["data-periode"] == laatste
    ]
    rij = IndicatorSnapshot.objects.get(
        gemeente=w.gemeente,
        maand=w.vandaag.replace(day=1),
        dimensie="team",
        dimensie_sleutel=str(w.team_b.pk),
        indicator="actieve_clienten",
    )
    assert team_caseload["data-waarde"] == str(rij.uitvoer)


def test_partner_filter(client, w):
    bewaar(w)
    from clients.tests.builders import partner_maak

    partner_maak(code="DUO", naam="DUO for a JOB")
    html = aangemeld(client, "tl.a").get(URL, {"partner": "JOBROAD"}).content.decode()
    partners = {
        c.get("data-sleutel", "")
        for c in cijfers_in_html(html)
        if c["data-indicator"] == "deelnemers"
    }
    assert partners == {"partner:JOBROAD"}


def test_analist_compares_gemeenten_side_by_side(client, w):
    bewaar(w)
    html = (
        aangemeld(client, "analist")
        .get(URL, {"vergelijk": [w.andere_gemeente.nis_code]})
        .content.decode()
    )
    assert "Gemeenten naast elkaar" in html
    assert "Nog geen momentopname" in html and "Antwerpen" in html
    bewaar(w, gemeente=w.andere_gemeente)
    html = (
        aangemeld(client, "analist")
        .get(URL, {"vergelijk": [w.andere_gemeente.nis_code]})
        .content.decode()
    )
    antwerpen = [c for c in cijfers_in_html(html) if c.get("data-sleutel", "") == "11002"]
    assert {c["data-indicator"] for c in antwerpen} >= {"leefloon_maand", "leefloon_per_1000"}
    _vergelijk_alle_cijfers(html, w, w.vandaag.isoformat())


def test_analist_opens_another_gemeente(client, w):
    html = aangemeld(client, "analist").get(URL, {"gemeente": "11002"}).content.decode()
    assert "Antwerpen (11002)" in html


@pytest.mark.parametrize(
    ("parameters", "bericht"),
    [
        ({"van": "2025-13"}, "Geef een maand op als JJJJ-MM"),
        ({"van": "gisteren"}, "Geef een maand op als JJJJ-MM"),
        ({"tot": "2999-01"}, "De laatste maand ligt in de toekomst."),
        ({"van": "2024-05", "tot": "2024-01"}, "De eerste maand ligt na de laatste maand."),
        ({"van": "2001-01", "tot": "2024-01"}, "hoogstens 60 maanden"),
        ({"van": "1999-12", "tot": "2000-01"}, "vanaf januari 2000"),
        ({"gemeente": "11002"}, "U kunt de cijfers van deze gemeente niet bekijken."),
        ({"gemeente": "<script>"}, "U kunt de cijfers van deze gemeente niet bekijken."),
        ({"team": "abc"}, "Onbekend team."),
        ({"partner": "ONBEKEND"}, "Onbekende partner."),
        ({"vergelijk": "11002"}, "Enkel analisten en beheerders kunnen gemeenten vergelijken."),
    ],
)
def test_bad_filter_input_gives_a_dutch_message(client, w, parameters, bericht):
    antwoord = aangemeld(client, "tl.a").get(URL, parameters)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert bericht in html
    assert "De filters zijn niet geldig" in html
    assert "<script>" not in html


def test_team_of_another_gemeente_is_refused(client, w):
    from clients.tests.builders import team_maak

    vreemd = team_maak(gemeente=w.andere_gemeente, naam="Team Elders")
    antwoord = aangemeld(client, "tl.a").get(URL, {"team": vreemd.pk})
    assert antwoord.status_code == 400
    assert "Dit team hoort niet bij de gekozen gemeente." in antwoord.content.decode()


def test_nav_link_for_reporting_roles_only(client, w):
    assert 'href="/rapportering/"' in aangemeld(client, "analist").get("/").content.decode()
    client.logout()
    assert 'href="/rapportering/"' not in aangemeld(client, "ma.a1").get("/").content.decode()


def test_teamleider_of_other_gemeente_sees_only_his_own(client, w):
    medewerker_maak(gemeente=w.andere_gemeente, rol=Rol.TEAMLEIDER, gebruikersnaam="tl.antwerpen")
    html = aangemeld(client, "tl.antwerpen").get(URL).content.decode()
    assert "Antwerpen (11002)" in html
    assert "Mechelen (12025)" not in html
