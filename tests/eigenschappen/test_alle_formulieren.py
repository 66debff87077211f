"""Bad input on every other form: the caseload and dashboard filters, tasks, GPMI (plan,
agreed actions, evaluations), reassignment, audit search and the partner management forms
(partner, agreement, API key, webhook). Generated values never give a 5xx, and a refused post
changes nothing. (The intake, edit, logbook and traject forms: test_formulieren.py.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activering.models import AuditEvent
from clients.models import Client, Gpmi, GpmiActie, GpmiEvaluatie, Logboekitem, Taak
from clients.tests.builders import partner_maak, wereld_maak
from partners.models import Overeenkomst, Partner, PartnerAPIKey, PartnerWebhook

from .strategieen import GRENZEN, datums, getallen, lange_tekst, tekst

pytestmark = pytest.mark.django_db

#: Any value a browser (or someone without one) could send in a field.
waarde = st.one_of(tekst, datums, getallen, lange_tekst, st.sampled_from(["on", "1", "-1", ""]))


@dataclass(frozen=True)
class Geval:
    naam: str
    gebruiker: str  # attribute of the world: ma_a1, tl_a, beheerder
    methode: str
    url: Callable[[object], str]
    velden: tuple[str, ...]


GEVALLEN = [
    Geval(
        "caseload-filter",
        "ma_a1",
        "get",
        lambda w: "/clienten/",
        ("zoek", "weergave", "uitkering", "alert", "traject_soort", "sortering", "pagina"),
    ),
    Geval(
        "taak",
        "ma_a1",
        "post",
        lambda w: f"/clienten/{w.c_a1.pk}/taken/",
        ("omschrijving", "vervaldatum"),
    ),
    Geval(
        "gpmi",
        "ma_a1",
        "post",
        lambda w: f"/clienten/{w.c_a1.pk}/gpmi/",
        ("startdatum", "einddatum", "domein", "doelen"),
    ),
    Geval(
        "gpmi-actie",
        "ma_a1",
        "post",
        lambda w: f"/clienten/{w.c_a1.pk}/gpmi/{w.gpmi.pk}/afspraken/",
        ("actor", "omschrijving", "deadline"),
    ),
    Geval(
        "gpmi-evaluatie",
        "ma_a1",
        "post",
        lambda w: f"/clienten/{w.c_a1.pk}/gpmi/{w.gpmi.pk}/evaluaties/",
        ("datum", "verslag"),
    ),
    Geval(
        "toewijzing",
        "tl_a",
        "post",
        lambda w: "/clienten/team/toewijzen/",
        ("clienten", "naar", "reden"),
    ),
    Geval(
        "dashboard-filter",
        "tl_a",
        "get",
        lambda w: "/rapportering/",
        ("gemeente", "van", "tot", "team", "partner", "vergelijk"),
    ),
    Geval("audit-zoeken", "beheerder", "get", lambda w: "/audit/", ("dossier", "gebruiker")),
    Geval(
        "partner",
        "beheerder",
        "post",
        lambda w: "/beheer/partners/nieuw/",
        ("code", "naam", "soort", "actief", "contact_naam", "contact_email"),
    ),
    Geval(
        "partner-bewerken",
        "beheerder",
        "post",
        lambda w: f"/beheer/partners/{w.partner.pk}/bewerken/",
        ("code", "naam", "soort", "actief", "contact_naam", "contact_email"),
    ),
    Geval(
        "overeenkomst",
        "beheerder",
        "post",
        lambda w: f"/beheer/partners/{w.partner.pk}/overeenkomsten/nieuw/",
        ("jaar", "subsidie_eur", "capaciteit", "omschrijving"),
    ),
    Geval(
        "sleutel",
        "beheerder",
        "post",
        lambda w: f"/beheer/partners/{w.partner.pk}/sleutels/nieuw/",
        ("naam",),
    ),
    Geval(
        "webhook",
        "beheerder",
        "post",
        lambda w: f"/beheer/partners/{w.partner.pk}/webhooks/nieuw/",
        ("url",),
    ),
]


@pytest.fixture
def w():
    w = wereld_maak()
    w.partner = partner_maak()
    w.gpmi = Gpmi.objects.create(
        client=w.c_a1,
        startdatum=datetime.date(2026, 1, 5),
        domein="tewerkstelling",
        doelen="Werk zoeken",
        opgesteld_door=w.ma_a1,
    )
    return w


def _tellingen() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Client,
            Logboekitem,
            Taak,
            Gpmi,
            GpmiActie,
            GpmiEvaluatie,
            Partner,
            Overeenkomst,
            PartnerAPIKey,
            PartnerWebhook,
        )
    )


@pytest.mark.parametrize("geval", GEVALLEN, ids=lambda g: g.naam)
@GRENZEN
@given(gegevens=st.data())
def test_generated_input_never_gives_a_5xx_and_a_refusal_changes_nothing(
    client, w, geval, gegevens
):
    client.force_login(getattr(w, geval.gebruiker).user)
    data = gegevens.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(geval.velden, waarde)))
    if geval.naam == "toewijzing" and "clienten" in data:
        data["clienten"] = [data["clienten"], str(w.c_a1.pk)]
    voor = _tellingen()
    audit_voor = AuditEvent.objects.count()
    response = getattr(client, geval.methode)(geval.url(w), data)
    assert response.status_code < 500, (geval.naam, data, response.status_code)
    if response.status_code == 400:
        assert _tellingen() == voor, (geval.naam, data)
        assert response.content.strip()
    if geval.methode == "get":
        assert _tellingen() == voor
    assert AuditEvent.objects.count() >= audit_voor
