"""Accessibility of the main pages, checked by axe-core (the axe-playwright-python package
injects it into the page) in headless Chromium: no violation of impact "serious" or
"critical" (WCAG 2.1 A/AA rules: labels, names, contrast, landmarks, ARIA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from rapportering.services import indicatoren_dashboard_bereken
from rapportering.tests.dashboard_data import dashboard_wereld_maak

from .conftest import aanmelden

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ERNSTIG = {"serious", "critical"}


@pytest.fixture
def w(transactional_db):
    w = dashboard_wereld_maak()
    tot = w.vandaag.replace(day=1)
    indicatoren_dashboard_bereken(
        gemeente=w.gemeente, van=tot.replace(year=tot.year - 1), tot=tot, peildatum=w.vandaag
    )
    return w


def schendingen(page: Page) -> list[str]:
    resultaat = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in resultaat.response["violations"]
        if v["impact"] in ERNSTIG
    ]


def test_login_page(page: Page, live_server, w):
    page.goto(f"{live_server.url}/accounts/login/")
    assert schendingen(page) == []


DESKTOP, TABLET = 1280, 768
PAGINAS = [
    # (user, page, width): the team lead's pages at desktop width, the busiest also on a tablet,
    # and the forms a social worker fills in.
    *[
        ("tl.a", pad, DESKTOP)
        for pad in (
            "/",
            "/clienten/",
            "/clienten/{client}/",
            "/clienten/nieuw/",
            "/clienten/team/",
            "/notificaties/",
            "/rapportering/",
        )
    ],
    *[("tl.a", pad, TABLET) for pad in ("/clienten/", "/clienten/{client}/", "/rapportering/")],
    *[
        ("ma.a1", pad, DESKTOP)
        for pad in (
            "/clienten/{client}/bewerken/",
            "/trajecten/aanmelden/{client}/",
            "/audit/clienten/{client}/",
        )
    ],
]


@pytest.mark.parametrize(("gebruiker", "pad", "breedte"), PAGINAS)
def test_main_pages(page: Page, live_server, w, gebruiker, pad, breedte):
    """One heading of level 1 and no serious or critical violation; at 768 px wide tables
    scroll inside their own region, which the keyboard can reach."""
    page.set_viewport_size({"width": breedte, "height": 1024})
    aanmelden(page, live_server, gebruiker)
    page.goto(live_server.url + pad.format(client=w.c_a1.pk))
    page.wait_for_load_state()
    assert page.locator("main h1").count() == 1
    assert schendingen(page) == []
