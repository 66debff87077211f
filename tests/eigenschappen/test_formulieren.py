"""Bad input through the social workers' screens: arbitrary text, dates and numbers posted to
the intake, edit, logbook and traject forms never give a 500; an invalid post gets a Dutch
message and changes nothing (row counts and the dossier's version stay the same)."""

from __future__ import annotations

from django.urls import reverse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activering.models import AuditEvent
from clients.constants import Categorie, Drempel, Geslacht, LogboekSoort, Taal
from clients.models import Client, Logboekitem
from clients.tests.builders import partner_maak, wereld_maak
from trajecten.constants import TrajectSoort, Uitkomst, Werkplek
from trajecten.models import Traject
from trajecten.services import traject_aanmelden

from .strategieen import GRENZEN, codes, datums, getallen, lange_tekst, nederlands, tekst, velden

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return wereld_maak()


def _fouten(response) -> list[str]:
    berichten: list[str] = []
    for sleutel in ("form",):
        form = response.context.get(sleutel) if response.context else None
        if form is not None:
            berichten += [b for fouten in form.errors.values() for b in fouten]
    return berichten


def _controle(response, *, tellingen_voor, tellingen_na, toegelaten=(200, 302, 400)):
    assert response.status_code in toegelaten, response.status_code
    if response.status_code != 302:
        assert tellingen_na == tellingen_voor, "an invalid post changed the database"
    if response.status_code == 400:
        berichten = _fouten(response)
        assert berichten, "400 without a message"
        assert nederlands(berichten), berichten


def _tellingen():
    return (Client.objects.count(), Logboekitem.objects.count(), Traject.objects.count())


@GRENZEN
@given(
    data=velden(
        rijksregisternummer=st.one_of(tekst, st.from_regex(r"\A[0-9 .\-]{9,16}\Z")),
        voornaam=st.one_of(tekst, lange_tekst),
        achternaam=tekst,
        geboortedatum=datums,
        geslacht=codes(Geslacht.values),
        taal=codes(Taal.values),
        huishouden=codes(Categorie.values),
        telefoon=tekst,
        email=st.one_of(tekst, st.emails()),
        straat=tekst,
        postcode=st.one_of(tekst, st.from_regex(r"\A[0-9]{3,5}\Z")),
        woonplaats=tekst,
        referentie=tekst,
        toch_aanmaken=st.sampled_from(["on", "", "ja", "\x00"]),
    )
)
def test_intake_never_fails_and_refuses_in_dutch(client, w, data):
    client.force_login(w.ma_a1.user)
    voor = _tellingen()
    response = client.post(reverse("clients:intake"), data)
    _controle(response, tellingen_voor=voor, tellingen_na=_tellingen())
    if response.status_code == 302:
        assert _tellingen()[0] == voor[0] + 1


@GRENZEN
@given(
    data=velden(
        voornaam=tekst,
        achternaam=tekst,
        geboortedatum=datums,
        geslacht=codes(Geslacht.values),
        taal=codes(Taal.values),
        huishouden=codes(Categorie.values),
        telefoon=tekst,
        email=tekst,
        postcode=tekst,
        vdab_ingeschreven=st.sampled_from(["on", "", "x"]),
        vdab_inschrijvingsdatum=datums,
        drempels=st.lists(codes(Drempel.values), max_size=3),
    ),
    versie=st.one_of(st.just(None), getallen),
)
def test_client_edit_never_fails_and_changes_nothing_when_refused(client, w, data, versie):
    client.force_login(w.ma_a1.user)
    c = Client.objects.get(pk=w.c_a1.pk)
    data = {**data, "versie": c.versie if versie is None else versie}
    voor = (_tellingen(), c.versie, AuditEvent.objects.filter(actie="client_gewijzigd").count())
    response = client.post(reverse("clients:bewerken", args=[c.pk]), data)
    assert response.status_code in (200, 302, 400, 409)
    c.refresh_from_db()
    if response.status_code != 302:
        na = (_tellingen(), c.versie, AuditEvent.objects.filter(actie="client_gewijzigd").count())
        assert na == voor
        if response.status_code == 400:
            assert nederlands(_fouten(response))
    else:
        assert c.versie == voor[1] + 1


@GRENZEN
@given(
    data=velden(
        **{
            "logboek-datum": datums,
            "logboek-soort": codes(LogboekSoort.values),
            "logboek-tekst": st.one_of(tekst, lange_tekst),
        }
    ),
    htmx=st.booleans(),
)
def test_logbook_note_never_fails_and_refuses_in_dutch(client, w, data, htmx):
    client.force_login(w.ma_a1.user)
    voor = _tellingen()
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(reverse("clients:logboek_toevoegen", args=[w.c_a1.pk]), data, **extra)
    assert response.status_code in (200, 302, 400)
    na = _tellingen()
    geslaagd = response.status_code == 302 or (htmx and na[1] == voor[1] + 1)
    if not geslaagd:
        assert na == voor
        form = response.context.get("logboek_form")
        assert form is not None and form.errors
        assert nederlands(b for f in form.errors.values() for b in f)


@GRENZEN
@given(
    data=velden(
        soort=codes(TrajectSoort.values),
        partner=st.one_of(st.just("PARTNER"), getallen),
        aanmelddatum=datums,
        einddatum_gepland=datums,
        omschrijving=tekst,
        werkplek=codes(Werkplek.values),
        werkplek_naam=tekst,
        uren_per_week=getallen,
        twe=st.sampled_from(["on", ""]),
    )
)
def test_traject_referral_never_fails_and_refuses_in_dutch(client, w, data):
    partner = partner_maak()
    if data.get("partner") == "PARTNER":
        data["partner"] = str(partner.pk)
    client.force_login(w.ma_a1.user)
    voor = _tellingen()
    response = client.post(reverse("trajecten:aanmelden", args=[w.c_a1.pk]), data)
    _controle(response, tellingen_voor=voor, tellingen_na=_tellingen())


@GRENZEN
@given(
    data=velden(
        einddatum=datums,
        uitkomst=codes(Uitkomst.values),
        status=codes(["", "afgerond", "stopgezet", "lopend"]),
    ),
    van_status=st.sampled_from(["aangemeld", "lopend"]),
)
def test_traject_close_never_fails_and_refuses_in_dutch(client, w, data, van_status):
    import datetime

    from django.utils import timezone

    traject = traject_aanmelden(
        client=w.c_a1,
        soort="jobhunting",
        aanmelddatum=timezone.localdate() - datetime.timedelta(days=30),
    )
    if van_status == "lopend":
        from trajecten.services import traject_start

        traject_start(
            traject=traject, startdatum=timezone.localdate() - datetime.timedelta(days=20)
        )
    client.force_login(w.ma_a1.user)
    traject.refresh_from_db()
    voor = (traject.status, traject.einddatum, traject.uitkomst, traject.gewijzigd_op)
    response = client.post(reverse("trajecten:afsluiten", args=[traject.pk]), data)
    assert response.status_code in (200, 302, 400, 409)
    traject.refresh_from_db()
    if response.status_code != 302:
        assert (traject.status, traject.einddatum, traject.uitkomst, traject.gewijzigd_op) == voor
        if response.status_code == 400:
            assert nederlands(_fouten(response))
