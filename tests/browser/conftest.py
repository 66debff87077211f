"""Headless Chromium (the system's /usr/bin/chromium, not Playwright's download) for the browser
tests, against pytest-django's ``live_server``. Screenshots go to ``screenshots/`` (git-ignored).

Playwright is started per test module and stopped afterwards: its sync API runs an asyncio loop
in the test thread, and Django refuses ORM calls while a loop runs there. Scoping it to the
module keeps every other test of the same pytest(-xdist) process unaffected."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from clients.tests.builders import WACHTWOORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--lang=nl-BE",
]


@pytest.fixture(scope="module", autouse=True)
def _orm_naast_playwright(django_db_setup):
    """While Playwright runs (this module only), the ORM calls that set up, check and flush the
    data in the test thread are synchronous and safe. Never set outside the browser tests (a
    deployment check refuses this variable)."""
    vorige = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if vorige is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = vorige


@pytest.fixture(scope="module")
def browser(_orm_naast_playwright):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (cookies, storage) per test at desktop size (1280 px)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-BE", timezone_id="Europe/Brussels"
    )
    context.set_default_timeout(10_000)
    pagina = context.new_page()
    yield pagina
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def maak(page, naam: str, *, volledig: bool = True) -> Path:
        pad = SCREENSHOTS / f"{naam}.png"
        page.screenshot(path=str(pad), full_page=volledig)
        return pad

    return maak


def aanmelden(page: Page, live_server, gebruikersnaam: str) -> None:
    """Log in through the login form (with the test password of clients.tests.builders)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
