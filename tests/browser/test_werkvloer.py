"""The social worker's and team lead's daily work in a real browser (headless Chromium)."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from clients.models import Client, Logboekitem, Taak
from clients.tests.builders import leefloon_maak, partner_maak, wereld_maak
from trajecten.models import Traject

from .conftest import aanmelden

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

VANDAAG = timezone.localdate()


def dagen_geleden(n: int) -> datetime.date:
    return VANDAAG - datetime.timedelta(days=n)


@pytest.fixture
def w(transactional_db):
    w = wereld_maak()
    partner_maak()
    partner_maak(code="DUO", naam="DUO for a JOB")
    c = w.c_a1
    c.rijksregisternummer = "93051822361"
    c.geboortedatum = datetime.date(1993, 5, 18)
    c.geslacht = "m"
    c.telefoon = "0470 12 34 56"
    c.drempels = ["mobiliteit", "taal"]
    c.save()
    leefloon_maak(client=c, startdatum=dagen_geleden(500))
    Logboekitem.objects.create(
        client=c, datum=dagen_geleden(70), soort="gesprek", tekst="Intakegesprek", auteur=w.ma_a1
    )
    Taak.objects.create(
        client=c, omschrijving="Attest VDAB opvragen", vervaldatum=dagen_geleden(-7)
    )
    Traject.objects.create(
        referentie="T-ART60",
        client=c,
        soort="art60",
        status="afgerond",
        aanmelddatum=dagen_geleden(480),
        startdatum=dagen_geleden(450),
        einddatum=dagen_geleden(120),
        einddatum_gepland=dagen_geleden(120),
        uitkomst="werk_tot_3m",
        werkplek="eigen_dienst",
        werkplek_naam="Kringloopcentrum",
    )
    leefloon_maak(client=w.c_a2, startdatum=dagen_geleden(40), categorie="gezinslast")
    return w


def test_social_worker_daily_work(page: Page, live_server, w, screenshot):
    aanmelden(page, live_server, "ma.a1")
    page.goto(f"{live_server.url}/clienten/")
    expect(page.get_by_role("heading", name="Mijn caseload")).to_be_visible()
    expect(page.get_by_role("link", name="Aerts, Els")).to_be_visible()
    screenshot(page, "01-caseload")

    # Search (HTMX, posted): the team's dossiers, then narrow by name.
    page.get_by_label("Toon").select_option("team")
    expect(page.get_by_role("link", name="Bakkali, Omar")).to_be_visible()
    page.get_by_label("Zoeken").fill("aerts")
    expect(page.get_by_role("link", name="Bakkali, Omar")).to_have_count(0)
    assert "aerts" not in page.url
    page.get_by_role("link", name="Aerts, Els").click()

    expect(page.get_by_role("heading", name="Els Aerts")).to_be_visible()
    expect(page.get_by_text("93.05.18-***.**")).to_be_visible()
    expect(page.get_by_text("Geen contact sinds")).to_be_visible()
    screenshot(page, "02-dossier")

    # Reveal the rijksregisternummer on purpose.
    page.get_by_role("button", name="toon").click()
    expect(page.get_by_text("93.05.18-223.61")).to_be_visible()

    # Add a contact note inline (HTMX: no page reload).
    page.evaluate("window.__geenReload = true")
    logboek = page.locator("#logboek")
    logboek.get_by_label("Soort contact").select_option("huisbezoek")
    logboek.get_by_label("Verslag").fill("Huisbezoek: motivatie voor opleiding besproken.")
    logboek.get_by_role("button", name="Contact toevoegen").click()
    expect(
        page.locator("#logboek").get_by_text("Contact toegevoegd aan het logboek.")
    ).to_be_visible()
    expect(page.locator("#logboek").get_by_text("motivatie voor opleiding")).to_be_visible()
    assert page.evaluate("window.__geenReload") is True
    assert Logboekitem.objects.filter(soort="huisbezoek", auteur=w.ma_a1).count() == 1
    screenshot(page, "03-dossier-logboek")

    # Refer to a partner.
    page.get_by_role("link", name="Traject aanmelden").first.click()
    page.get_by_label("Soort traject").select_option("jobhunting")
    page.get_by_label("Partner", exact=True).select_option(label="JobRoad vzw")
    page.get_by_label("Toelichting voor de partner").fill("Zoekt werk in logistiek.")
    expect(page.locator("#art60-velden")).to_be_hidden()
    screenshot(page, "04-traject-aanmelden")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Jobhunting aangemeld.")).to_be_visible()
    traject = Traject.objects.get(soort="jobhunting")
    assert traject.status == "aangemeld" and traject.partner.code == "JOBROAD"

    # Start it, then close it with an outcome.
    page.locator("#trajecten").get_by_role("link", name="Start").click()
    page.get_by_role("button", name="Start bevestigen").click()
    expect(page.get_by_text("Traject gestart.")).to_be_visible()
    page.locator("#trajecten").get_by_role("link", name="Afsluiten").click()
    page.get_by_label("Uitkomst").select_option("werk_3m_plus")
    screenshot(page, "05-traject-afsluiten")
    page.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_text("Traject afgesloten: werk van 3 maanden of langer.")).to_be_visible()
    traject.refresh_from_db()
    assert (traject.status, traject.uitkomst) == ("afgerond", "werk_3m_plus")
    screenshot(page, "06-dossier-na-traject")

    # Tablet width.
    page.set_viewport_size({"width": 820, "height": 1180})
    page.reload()
    screenshot(page, "07-dossier-tablet")


def test_intake_form_shows_errors_next_to_fields(page: Page, live_server, w, screenshot):
    aanmelden(page, live_server, "ma.a1")
    page.goto(f"{live_server.url}/clienten/nieuw/")
    page.get_by_label("Voornaam").fill("Sara")
    page.get_by_label("Achternaam").fill("Maes")
    page.get_by_label("Rijksregisternummer").fill("93.05.18-223.62")
    page.get_by_label("Geboortedatum").fill("1993-05-18")
    page.get_by_label("Geslacht").select_option("m")
    page.get_by_role("button", name="Dossier aanmaken").click()
    fout = page.locator("#id_rijksregisternummer-fout")
    expect(fout).to_contain_text("Het controlegetal van het rijksregisternummer klopt niet.")
    expect(page.get_by_label("Rijksregisternummer")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "08-intake-fout")
    page.get_by_label("Rijksregisternummer").fill("93.05.18-223.61")
    page.get_by_role("button", name="Dossier aanmaken").click()
    expect(
        page.get_by_text("Er bestaat al een dossier met dit rijksregisternummer.")
    ).to_be_visible()
    expect(page.get_by_role("link", name=f"Open dossier {w.c_a1.referentie}")).to_be_visible()


def test_team_lead_reassigns_a_client(page: Page, live_server, w, screenshot):
    aanmelden(page, live_server, "tl.a")
    page.goto(f"{live_server.url}/clienten/team/")
    expect(page.get_by_role("heading", name="Caseloads van het team")).to_be_visible()
    screenshot(page, "09-team")
    page.get_by_label("Dewitte, Noah").check()
    page.get_by_label("Aerts, Els").check()
    page.get_by_label("Toewijzen aan").select_option(label="Ahmed Peeters")
    page.get_by_label("Reden").fill("Verlof van Anna")
    page.get_by_role("button", name="Geselecteerde dossiers toewijzen").click()
    expect(page.get_by_text("2 dossier(s) opnieuw toegewezen.")).to_be_visible()
    assert Client.objects.get(pk=w.c_geen.pk).maatschappelijk_assistent == w.ma_a2
    assert Client.objects.get(pk=w.c_a1.pk).maatschappelijk_assistent == w.ma_a2


def test_social_worker_of_another_team_gets_404(page: Page, live_server, w):
    aanmelden(page, live_server, "ma.b1")
    response = page.goto(f"{live_server.url}/clienten/{w.c_a1.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Els")).to_have_count(0)


def test_english_through_the_language_switch(page: Page, live_server, w, screenshot):
    """The language switch in the top bar turns the pages English, dates stay day/month/year."""
    aanmelden(page, live_server, "ma.a1")
    page.goto(f"{live_server.url}/clienten/{w.c_a1.pk}/")
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Kies").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Logbook")).to_be_visible()
    expect(page.get_by_role("link", name="My caseload").first).to_be_visible()
    expect(page.get_by_text(dagen_geleden(70).strftime("%d/%m/%Y")).first).to_be_visible()
    screenshot(page, "10-dossier-en")
    page.goto(f"{live_server.url}/clienten/")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    screenshot(page, "11-caseload-en")
