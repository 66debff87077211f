"""The reporting dashboard in a real browser (headless Chromium): a teamleider opens it, a
figure equals ``bereken_indicatoren --json``, the charts render without scripts or inline
styles, and screenshots are saved (dashboard, LAP tracker, council report page 1)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from rapportering.exports.raadsrapport import raadsrapport_opbouwen, raadsrapport_pdf
from rapportering.grafieken import getal_tekst
from rapportering.services import indicatoren_dashboard_bereken
from rapportering.tests.dashboard_data import command_json, dashboard_wereld_maak

from .conftest import SCREENSHOTS, aanmelden

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def w(transactional_db):
    w = dashboard_wereld_maak()
    tot = w.vandaag.replace(day=1)
    van = tot.replace(year=tot.year - 2, month=tot.month)
    van = van.replace(month=van.month % 12 + 1, year=van.year + (van.month == 12))
    indicatoren_dashboard_bereken(gemeente=w.gemeente, van=van, tot=tot, peildatum=w.vandaag)
    return w


def test_teamleider_reads_the_dashboard(page: Page, live_server, w, screenshot):
    fouten: list[str] = []
    page.on("pageerror", lambda e: fouten.append(str(e)))
    page.on(
        "console",
        lambda m: fouten.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "response",
        lambda r: (
            fouten.append(f"{r.status} {r.url}")
            if r.status >= 400 and "favicon" not in r.url and "van=2025-13" not in r.url
            else None
        ),
    )
    aanmelden(page, live_server, "tl.a")
    page.get_by_role("link", name="Rapportering").click()
    expect(page.get_by_role("heading", name="Rapportering", exact=True)).to_be_visible()

    maand = w.vandaag.strftime("%Y-%m")
    verwacht = command_json(
        "--gemeente", "12025", "--maand", maand, "--peildatum", w.vandaag.isoformat()
    )["indicatoren"]
    for code in ("leefloon_maand", "leefloon_per_1000", "caseload_per_vte"):
        cel = page.locator(f'td[data-indicator="{code}"][data-periode="{maand}"]').first
        expect(cel).to_have_text(getal_tekst(verwacht[code]))
    lap = command_json("--gemeente", "12025", "--lap", "--peildatum", w.vandaag.isoformat())
    expect(page.locator('span[data-indicator="lap_resultaat"]')).to_have_text(
        getal_tekst(lap["lap"][0]["lap_resultaat"])
    )
    expect(page.get_by_text("aanname: LAP_WORKED_DAYS = 90").first).to_be_visible()

    # Charts: inline SVG with a title, drawn with CSS classes (no inline styles anywhere).
    expect(page.locator("svg.grafiek")).to_have_count(9)
    assert page.locator("[style]").count() == 0
    assert page.locator("script:not([src])").count() == 0
    lijn = page.locator("#lap svg.grafiek polyline").first
    assert lijn.evaluate("e => getComputedStyle(e).stroke") != "none"
    screenshot(page, "dashboard")
    page.locator("section#lap").screenshot(path=str(SCREENSHOTS / "dashboard-lap-tracker.png"))

    # Filter on a team: the caseload shows that team.
    page.get_by_label("Team").select_option(label="Team B")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("caption", has_text="Caseload per VTE van Team B")).to_be_visible()
    page.locator("section#caseload").screenshot(path=str(SCREENSHOTS / "dashboard-caseload.png"))

    # Bad input: a Dutch message, no traceback.
    page.goto(f"{live_server.url}/rapportering/?van=2025-13")
    expect(page.get_by_text("Geef een maand op als JJJJ-MM, bijvoorbeeld 2025-01.")).to_be_visible()
    assert not fouten, fouten


def test_council_report_first_page(w):
    """Page 1 of the council report, rendered to PNG with pdftoppm (poppler-utils)."""
    rapport = raadsrapport_opbouwen(
        gemeente=w.gemeente,
        van=w.vandaag.replace(year=w.vandaag.year - 1, month=1, day=1),
        tot=w.vandaag.replace(day=1),
        peildatum=w.vandaag,
    )
    inhoud = raadsrapport_pdf(rapport)
    assert inhoud.startswith(b"%PDF")
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "install poppler-utils (pdftoppm) for the council report screenshot"
    SCREENSHOTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "raadsrapport.pdf"
        pdf.write_bytes(inhoud)
        uit = SCREENSHOTS / "raadsrapport-p1"
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(uit)],
            check=True,
            timeout=60,
        )
    assert (SCREENSHOTS / "raadsrapport-p1.png").stat().st_size > 10_000
