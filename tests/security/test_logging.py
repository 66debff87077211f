"""No rijksregisternummers or client names in logs and error reports (activering/security)."""

from __future__ import annotations

import datetime
import io
import logging
import sys

from django.conf import settings
from django.core import mail
from django.test import Client as Browser
from django.test import RequestFactory, override_settings

import pytest

from activering.security.logging import PersoonsgegevensFilter
from activering.security.persoonsgegevens import maskeer
from activering.security.rapport import PersoonsgegevensExceptionReporter
from clients.models import Client

RRN = "85073003361"
RRN_OPGEMAAKT = "85.07.30-033.61"


@pytest.fixture
def client_met_naam(gemeente):
    return Client.objects.create(
        referentie="DOS-LOG-1",
        gemeente=gemeente,
        voornaam="Wannes",
        achternaam="Vercammen",
        rijksregisternummer=RRN,
        geboortedatum=datetime.date(1985, 7, 30),
    )


def geheimen(client: Client) -> list[str]:
    return [client.voornaam, client.achternaam, RRN, RRN_OPGEMAAKT]


@pytest.fixture
def console():
    """What the console handler of settings.LOGGING writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stroom = io.StringIO()
    vorige = handler.setStream(stroom)
    yield stroom
    handler.setStream(vorige)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        (f"nummer {RRN} gevonden", "nummer *********** gevonden"),
        (f"nummer {RRN_OPGEMAAKT}.", "nummer ***********."),
        ("85-07-30 033-61", "***********"),
        (
            "dossier 12345 en telefoon 0470123456 blijven",
            "dossier 12345 en telefoon 0470123456 blijven",
        ),
        ("123456789012 (12 cijfers) blijft", "123456789012 (12 cijfers) blijft"),
    ],
)
def test_rijksregisternummers_are_recognised_in_text(tekst, verwacht):
    assert maskeer(tekst) == verwacht


def test_every_configured_handler_carries_the_filter():
    for naam, handler in settings.LOGGING["handlers"].items():
        assert "persoonsgegevens" in handler.get("filters", []), naam
    loggers = [logging.getLogger(), logging.getLogger("django"), logging.getLogger("django.server")]
    for logger in loggers:
        eigen = [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        assert eigen, logger.name
        for handler in eigen:
            assert any(isinstance(f, PersoonsgegevensFilter) for f in handler.filters), (
                logger.name,
                handler,
            )


@pytest.mark.django_db
def test_a_log_record_with_a_number_and_a_traceback_comes_out_masked(console, client_met_naam):
    logger = logging.getLogger("activering.test")
    logger.warning("Import van %s mislukt (dossier %s)", RRN, client_met_naam.pk)
    try:
        raise ValueError(f"rijksregisternummer {RRN_OPGEMAAKT} bestaat al")
    except ValueError:
        logger.exception("Fout bij dossier %s", client_met_naam.pk, extra={"voornaam": "Wannes"})
    uit = console.getvalue()
    assert f"Import van *********** mislukt (dossier {client_met_naam.pk})" in uit
    assert "rijksregisternummer *********** bestaat al" in uit
    assert "Traceback" in uit
    for geheim in geheimen(client_met_naam):
        assert geheim not in uit


@pytest.mark.django_db
@override_settings(
    ROOT_URLCONF="tests.security.urls_fout",
    ADMINS=[("Beheer", "beheer@ocmw.example")],
    DEBUG=False,
)
def test_a_server_error_logs_and_mails_nothing_personal(console, client_met_naam):
    browser = Browser(raise_request_exception=False)
    response = browser.post(
        "/kapot/",
        {
            "client": client_met_naam.pk,
            "voornaam": "Wannes",
            "achternaam": "Vercammen",
            "rijksregisternummer": RRN_OPGEMAAKT,
            "opmerking_vrij": f"zie {RRN}",
            "soort": "gesprek",
        },
    )
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    rapport = mail.outbox[0].subject + mail.outbox[0].body
    assert "ValueError" in rapport and f"voor dossier {client_met_naam.pk}" in rapport
    assert "gesprek" in rapport and "[verborgen]" in rapport  # harmless fields stay visible
    uit = console.getvalue()
    assert "Internal Server Error: /kapot/" in uit
    for geheim in geheimen(client_met_naam):
        assert geheim not in rapport, geheim
        assert geheim not in uit, geheim


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.security.urls_fout", DEBUG=True)
def test_the_debug_error_page_shows_no_personal_data_either(client_met_naam):
    browser = Browser(raise_request_exception=False)
    response = browser.post(
        "/kapot/",
        {"client": client_met_naam.pk, "voornaam": "Wannes", "rijksregisternummer": RRN},
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" in html and "clienten" in html  # the local variables are listed
    assert f"&lt;Client pk={client_met_naam.pk}&gt;" in html
    for geheim in geheimen(client_met_naam):
        assert geheim not in html, geheim


@pytest.mark.django_db
def test_the_reporter_hides_personal_get_parameters_and_local_text(client_met_naam):
    request = RequestFactory().get(
        "/x/", {"zoek": client_met_naam.achternaam, "pagina": "2", "nr": RRN}
    )
    voornaam = client_met_naam.voornaam  # noqa: F841 (inspected through the frame)
    naam_in_tekst = f"{client_met_naam.achternaam}"  # noqa: F841
    try:
        raise RuntimeError("kapot")
    except RuntimeError:
        reporter = PersoonsgegevensExceptionReporter(request, *sys.exc_info())
        html = reporter.get_traceback_html()
        tekst = reporter.get_traceback_text()
    for uitvoer in (html, tekst):
        assert "RuntimeError" in uitvoer
        for geheim in geheimen(client_met_naam):
            assert geheim not in uitvoer, geheim
    assert "pagina" in html
