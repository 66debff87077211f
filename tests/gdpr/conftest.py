"""A dossier with something in every table that refers to a client, built through the
services (so the audit trail is real too)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from activering.constants import Rol
from activering.services import notificatie_create
from clients import services
from clients.models import Uitkeringsperiode
from clients.tests.builders import client_maak, medewerker_maak, partner_maak, wereld_maak
from partners.models import PartnerWebhook, WebhookAflevering
from partners.services import melding_create
from trajecten.services import traject_aanmelden, traject_start

PDF = b"%PDF-1.4\n% test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: Personal data the full dossier holds; none of it may survive anonymisation.
GEHEIMEN = {
    "voornaam": "Griet",
    "achternaam": "Vanderheyden",
    "rijksregisternummer": "85073003328",
    "telefoon": "0477 11 22 33",
    "email": "griet.vanderheyden@example.org",
    "straat": "Lindenlaan 17",
    "woonplaats": "Walem",
    "logboek": "Griet vertelde over haar schulden bij de Lindenlaan",
    "gpmi": "Doel: rijbewijs halen tegen de zomer",
    "actie": "Afspraak bij de schuldbemiddelaar",
    "evaluatie": "Evaluatie: rijbewijs theorie geslaagd",
    "taak": "Bel Griet terug over de huurwaarborg",
    "melding": "Griet kwam te laat wegens kinderopvang",
    "werkgever": "Bakkerij Vanderheyden",
    "traject": "Toelichting: Griet heeft een rugletsel",
    "document": "identiteitskaart-griet.pdf",
}


def andere_geheimen() -> dict:
    """Another person's data (for a second full dossier)."""
    return {k: f"{v} (B)" for k, v in GEHEIMEN.items()} | {"rijksregisternummer": "90010100123"}


def dagen_geleden(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def volledig_dossier(
    w: SimpleNamespace, *, ma=None, geheimen: dict | None = None
) -> SimpleNamespace:
    """A closed dossier with rows in every model that refers to a client."""
    ma = ma or w.ma_a1
    g = geheimen or GEHEIMEN
    c = client_maak(
        gemeente=w.gemeente,
        ma=ma,
        voornaam=g["voornaam"],
        achternaam=g["achternaam"],
        rijksregisternummer=g["rijksregisternummer"],
        geboortedatum=datetime.date(1985, 7, 30),
        geslacht="v",
        telefoon=g["telefoon"],
        email=g["email"],
        straat=g["straat"],
        postcode="2800",
        woonplaats=g["woonplaats"],
        drempels=["mobiliteit"],
    )
    Uitkeringsperiode.objects.create(
        client=c,
        soort="leefloon",
        categorie="alleenstaand",
        startdatum=dagen_geleden(400),
        einddatum=dagen_geleden(30),
        stopreden="werk",
    )
    partner = partner_maak()
    webhook = PartnerWebhook.objects.create(
        partner=partner, url="https://partner.example/hook", secret="s" * 32
    )
    traject = traject_aanmelden(
        client=c,
        soort="jobhunting",
        partner=partner,
        verwijzer=ma,
        aanmelddatum=dagen_geleden(200),
        omschrijving=g["traject"],
    )
    traject_start(traject=traject, startdatum=dagen_geleden(190))
    melding_create(
        traject=traject,
        partner=partner,
        soort="afwezigheid",
        datum=dagen_geleden(100),
        omschrijving=g["melding"],
    )
    melding_create(
        traject=traject,
        partner=partner,
        soort="uitkomst",
        datum=dagen_geleden(40),
        uitkomst="werk_3m_plus",
        werk={
            "werkgever": g["werkgever"],
            "startdatum": dagen_geleden(45),
            "einddatum": dagen_geleden(35),
            "contracttype": "tijdelijk",
            "uren_per_week": None,
        },
    )
    WebhookAflevering.objects.create(
        webhook=webhook,
        event_id="6f1c3c1e-8a4b-4c55-9b0e-2f3a1d5e6c7b",
        event="traject.gewijzigd",
        traject=traject,
        status_code=200,
    )
    services.logboekitem_create(
        client=c, medewerker=ma, datum=dagen_geleden(50), soort="gesprek", tekst=g["logboek"]
    )
    gpmi = services.gpmi_create(
        client=c,
        medewerker=ma,
        startdatum=dagen_geleden(300),
        domein="tewerkstelling",
        doelen=g["gpmi"],
    )
    services.gpmi_actie_create(gpmi=gpmi, medewerker=ma, actor="client", omschrijving=g["actie"])
    services.gpmi_evaluatie_create(
        gpmi=gpmi, medewerker=ma, datum=dagen_geleden(200), verslag=g["evaluatie"]
    )
    services.taak_create(
        client=c, medewerker=ma, omschrijving=g["taak"], vervaldatum=dagen_geleden(60)
    )
    document = services.document_create(
        client=c,
        medewerker=ma,
        bestand=SimpleUploadedFile(g["document"], PDF, content_type="application/pdf"),
    )
    notificatie_create(ontvanger=ma, tekst="Nieuw dossier", client_id=c.pk)
    services.client_rijksregisternummer_tonen(client=c, medewerker=ma)
    c.refresh_from_db()
    return SimpleNamespace(client=c, traject=traject, gpmi=gpmi, document=document)


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return wereld_maak()


def beheerder_met_tweede_factor(w) -> object:
    """The beheerder must have passed the TOTP step to reach any screen."""
    TOTPDevice.objects.get_or_create(user=w.beheerder.user, name="test", confirmed=True)
    return w.beheerder


def als(client, medewerker):
    client.force_login(medewerker.user)
    apparaat = TOTPDevice.objects.filter(user=medewerker.user, confirmed=True).first()
    if apparaat is not None:
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
        sessie.save()
    return client


__all__ = [
    "GEHEIMEN",
    "Rol",
    "als",
    "beheerder_met_tweede_factor",
    "medewerker_maak",
    "volledig_dossier",
]
