"""The role matrix: every URL of the project, for every role, answers as ``rollen.py`` says.

The URL list comes from the URL configuration itself (``get_resolver()``, walked
recursively), so a new URL without a rule makes ``test_every_url_has_a_rule`` fail: add a rule
to ``tests/security/rollen.py`` (its docstring explains how).

Path parameters are filled with real objects of the right team and partner (``Wereld``): the
client of the social worker of team A, a traject of partner A, and so on. Every cell is one
request; all mismatches are reported together, as a table.

Set ``ROLLENMATRIX_TOON=1`` to print the whole matrix as it is now (handy when writing rules).
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from activering.audit.constants import GROEP_DPO
from activering.constants import Rol
from activering.models import Gemeente, Importopdracht, Team
from clients.models import Client, Document, Gpmi, Taak
from partners.models import Overeenkomst, Partner, PartnerWebhook
from partners.services import partner_api_key_create, partner_api_key_revoke
from rapportering.models import Export
from tests.security.conftest import maak_medewerker
from tests.security.rollen import PREFIX_REGELS, REGELS, ROLLEN, Regel
from trajecten.services import traject_aanmelden, traject_start

# --- the URL list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "/clienten/<int:pk>/taken/<int:taak_pk>/afwerken/"
    naam: str  # namespaced, e.g. "clients:taak_afwerken" ("" when unnamed)
    parameters: tuple[str, ...]


def _deel(pattern) -> str:
    """The route text of one pattern (regex patterns keep their regex, anchors stripped)."""
    tekst = str(pattern.pattern)
    return tekst.removeprefix("^").removesuffix("$") if tekst.startswith("^") else tekst


def routes() -> list[Route]:
    gevonden: dict[str, Route] = {}

    def wandel(patronen, prefix: str, namespace: str, parameters: tuple[str, ...]):
        for p in patronen:
            eigen = tuple(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                wandel(p.url_patterns, prefix + _deel(p), ns, parameters + eigen)
            elif isinstance(p, URLPattern):
                route = "/" + prefix + _deel(p)
                naam = f"{namespace}{p.name}" if p.name else ""
                gevonden.setdefault(route, Route(route, naam, parameters + eigen))

    wandel(get_resolver().url_patterns, "", "", ())
    return sorted(gevonden.values(), key=lambda r: r.route)


def regel_voor(route: Route) -> Regel | None:
    if route.route in REGELS:
        return REGELS[route.route]
    for prefix, maker in PREFIX_REGELS.items():
        if route.route.startswith(prefix):
            return maker(route.route, route.naam)
    return None


# --- the world -----------------------------------------------------------------------------


class Wereld:
    """One gemeente with team A and team B, a user per role, a client of team A's social
    worker with a task, a GPMI, a document and a traject of partner A; partners A and B with
    API keys, a revoked key of partner A, an agreement and a webhook; an export requested by
    the analist; an import job."""

    def __init__(self, tmp_path):
        self.gemeente = Gemeente.objects.create(nis_code="12025", naam="Mechelen")
        self.team_a = Team.objects.create(gemeente=self.gemeente, naam="Team A")
        self.team_b = Team.objects.create(gemeente=self.gemeente, naam="Team B")
        ma = Rol.MAATSCHAPPELIJK_ASSISTENT
        self.ma_a = maak_medewerker(self.gemeente, ma, "ma.a", team=self.team_a)
        self.ma_b = maak_medewerker(self.gemeente, ma, "ma.b", team=self.team_b)
        self.teamleider_a = maak_medewerker(self.gemeente, Rol.TEAMLEIDER, "tl.a", team=self.team_a)
        self.beheerder = maak_medewerker(
            self.gemeente, Rol.BEHEERDER, "beheerder.a", is_staff=True, is_superuser=True
        )
        self.analist = maak_medewerker(self.gemeente, Rol.ANALIST, "analist.a")
        self.dpo = maak_medewerker(self.gemeente, Rol.ANALIST, "dpo.a")
        groep, _ = Group.objects.get_or_create(name=GROEP_DPO)
        groep.permissions.add(Permission.objects.get(codename="view_auditevent"))
        self.dpo.user.groups.add(groep)

        self.client_a = Client.objects.create(
            referentie="DOS-ROL-A",
            gemeente=self.gemeente,
            voornaam="Anna",
            achternaam="Matrix",
            rijksregisternummer="90020212345",
            geboortedatum=datetime.date(1990, 2, 2),
            maatschappelijk_assistent=self.ma_a,
        )
        vandaag = timezone.localdate()
        self.taak_a = Taak.objects.create(
            client=self.client_a, omschrijving="Bellen", vervaldatum=vandaag
        )
        self.gpmi_a = Gpmi.objects.create(
            client=self.client_a,
            startdatum=vandaag,
            domein=Gpmi._meta.get_field("domein").choices[0][0],
        )
        self.document_a = Document(
            client=self.client_a,
            naam="attest.pdf",
            soort="pdf",
            grootte=13,
            opgeladen_door=self.ma_a,
        )
        self.document_a.bestand.save("attest.pdf", ContentFile(b"%PDF-1.4 test"), save=True)

        self.partner_a = Partner.objects.create(code="PA", naam="Partner A", soort="trajectpartner")
        self.partner_b = Partner.objects.create(code="PB", naam="Partner B", soort="trajectpartner")
        self.sleutel_a = partner_api_key_create(partner=self.partner_a, naam="a")
        self.sleutel_b = partner_api_key_create(partner=self.partner_b, naam="b")
        self.sleutel_ingetrokken = partner_api_key_create(partner=self.partner_a, naam="oud")
        partner_api_key_revoke(api_key=self.sleutel_ingetrokken[0])
        self.traject_a = traject_start(
            traject=traject_aanmelden(
                client=self.client_a,
                soort="jobhunting",
                partner=self.partner_a,
                aanmelddatum=vandaag - datetime.timedelta(days=30),
            ),
            startdatum=vandaag - datetime.timedelta(days=20),
        )
        self.traject_aangemeld = traject_aanmelden(
            client=self.client_a,
            soort="opleiding",
            partner=self.partner_a,
            aanmelddatum=vandaag - datetime.timedelta(days=3),
        )
        self.overeenkomst_a = Overeenkomst.objects.create(
            partner=self.partner_a,
            gemeente=self.gemeente,
            jaar=vandaag.year,
            capaciteit=10,
            subsidie_eur=10000,
        )
        self.webhook_a = PartnerWebhook.objects.create(
            partner=self.partner_a, url="https://partner-a.example/hook", secret="x" * 40
        )
        self.export_analist = Export.objects.create(
            soort=Export.Soort.values[0],
            formaat=Export.Formaat.values[0],
            gemeente=self.gemeente,
            aangevraagd_door=self.analist.user,
        )
        self.importopdracht = Importopdracht.objects.create(
            gebruiker=self.beheerder.user,
            problemen=["clienten.csv:2: geboortedatum: ongeldige datum"],
            aantal_problemen=1,
        )
        self.beheerder_user = self.beheerder.user
        self.totp_beheerder = TOTPDevice.objects.create(
            user=self.beheerder.user, name="app", confirmed=True
        )

    def browser(self, rol: str) -> Browser:
        if rol == "anoniem":
            return Browser()
        if rol.startswith("partner_") or rol == "ingetrokken":
            sleutel = {
                "partner_a": self.sleutel_a,
                "partner_b": self.sleutel_b,
                "ingetrokken": self.sleutel_ingetrokken,
            }[rol][1]
            return Browser(headers={"authorization": f"Api-Key {sleutel}"})
        browser = Browser()
        browser.force_login(getattr(self, rol).user)  # both factors (root conftest)
        return browser

    def waarde(self, verwijzing):
        """``"client_a"`` → its pk; ``"traject_a.uuid"`` → that attribute;
        ``"eerste:app.model"`` → the pk of that model's first object ("0" when none); a
        literal as is."""
        if isinstance(verwijzing, str) and verwijzing.startswith("eerste:"):
            model = apps.get_model(verwijzing.removeprefix("eerste:"))
            eerste = model._default_manager.order_by("pk").first()
            return str(eerste.pk) if eerste else "0"
        if not isinstance(verwijzing, str) or not re.fullmatch(r"[a-z_]+(\.[a-z_]+)?", verwijzing):
            return verwijzing
        naam, _, attribuut = verwijzing.partition(".")
        if not hasattr(self, naam):
            return verwijzing
        obj = getattr(self, naam)
        if isinstance(obj, tuple):  # (api_key, secret)
            obj = obj[0]
        return getattr(obj, attribuut) if attribuut else obj.pk


def pad_voor(route: Route, regel: Regel, wereld: Wereld) -> str:
    if regel.pad:
        return regel.pad
    kwargs = {naam: wereld.waarde(regel.params.get(naam, "")) for naam in route.parameters}
    if route.naam:
        return reverse(route.naam, kwargs=kwargs)
    pad = route.route
    for naam, waarde in kwargs.items():
        pad = re.sub(rf"<(\w+:)?{naam}>", str(waarde), pad)
    return pad


def _past(status: int, verwacht) -> bool:
    return status in verwacht if isinstance(verwacht, set | frozenset) else status == verwacht


# --- the tests -----------------------------------------------------------------------------


def test_every_url_has_a_rule():
    zonder = [f"{r.route}  ({r.naam or 'geen naam'})" for r in routes() if regel_voor(r) is None]
    assert zonder == [], (
        "URL(s) zonder regel in tests/security/rollen.py (zie de uitleg bovenaan dat bestand):\n"
        + "\n".join(zonder)
    )


def test_every_rule_names_every_role_and_an_existing_url():
    bestaand = {r.route for r in routes()}
    assert set(REGELS) - bestaand == set(), "regels voor URL's die niet (meer) bestaan"
    for route, regel in REGELS.items():
        assert set(regel.get) == set(ROLLEN), route
        if regel.post is not None:
            assert set(regel.post) == set(ROLLEN), route


@pytest.mark.django_db
def test_role_matrix(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    wereld = Wereld(tmp_path)
    browsers = {rol: wereld.browser(rol) for rol in ROLLEN}
    fouten, tabel = [], []
    for route in routes():
        regel = regel_voor(route)
        if regel is None:
            continue  # test_every_url_has_a_rule reports it
        pad = pad_voor(route, regel, wereld)
        for methode, verwachting in (("GET", regel.get), ("POST", regel.post)):
            if verwachting is None:
                continue
            rij = []
            for rol in ROLLEN:
                browser = browsers[rol]
                if methode == "GET":
                    response = browser.get(pad, **regel.headers)
                elif regel.post_json:
                    response = browser.post(
                        pad, json.dumps(regel.post_data), "application/json", **regel.headers
                    )
                else:
                    response = browser.post(pad, regel.post_data, **regel.headers)
                rij.append(response.status_code)
                if not _past(response.status_code, verwachting[rol]):
                    fouten.append(
                        f"{methode} {pad} als {rol}: {response.status_code}, "
                        f"verwacht {verwachting[rol]}  (regel {route.route})"
                    )
            tabel.append(f"{methode:4} {route.route:60} " + " ".join(f"{s:3}" for s in rij))
    if os.environ.get("ROLLENMATRIX_TOON"):
        print("\n" + " " * 66 + " ".join(r[:3] for r in ROLLEN))
        print("\n".join(tabel))
    assert fouten == [], "\n".join(fouten)
