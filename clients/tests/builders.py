"""Small object builders for the browser-workflow tests (caseload, dossier, alerts, team).

Plain functions, so that each test states exactly the data its rule depends on."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from activering.constants import Rol
from activering.models import Gemeente, Medewerker, Team
from clients.models import Client, Uitkeringsperiode
from partners.models import Partner

WACHTWOORD = "een-lang-test-wachtwoord"
_teller = itertools.count(1)


def gemeente_maak(*, nis_code: str = "12025", naam: str = "Mechelen") -> Gemeente:
    return Gemeente.objects.get_or_create(nis_code=nis_code, defaults={"naam": naam})[0]


def team_maak(*, gemeente: Gemeente, naam: str = "Team Noord") -> Team:
    return Team.objects.get_or_create(gemeente=gemeente, naam=naam)[0]


def medewerker_maak(
    *,
    gemeente: Gemeente,
    team: Team | None = None,
    rol: str = Rol.MAATSCHAPPELIJK_ASSISTENT,
    gebruikersnaam: str | None = None,
    voornaam: str = "Sofie",
    achternaam: str = "Peeters",
    vte: Decimal = Decimal("1.00"),
    actief: bool = True,
) -> Medewerker:
    n = next(_teller)
    user = get_user_model().objects.create_user(
        gebruikersnaam or f"mw{n}",
        password=WACHTWOORD,
        first_name=voornaam,
        last_name=f"{achternaam}{'' if gebruikersnaam else n}",
    )
    return Medewerker.objects.create(
        user=user, rol=rol, gemeente=gemeente, team=team, vte=vte, actief=actief
    )


def client_maak(
    *,
    gemeente: Gemeente,
    ma: Medewerker | None = None,
    voornaam: str = "Jan",
    achternaam: str | None = None,
    **velden,
) -> Client:
    n = next(_teller)
    return Client.objects.create(
        referentie=velden.pop("referentie", f"DOS-TEST-{n:05d}"),
        gemeente=gemeente,
        maatschappelijk_assistent=ma,
        voornaam=voornaam,
        achternaam=achternaam or f"Janssens{n}",
        **velden,
    )


def leefloon_maak(
    *,
    client: Client,
    startdatum: datetime.date,
    einddatum: datetime.date | None = None,
    soort: str = "leefloon",
    categorie: str = "alleenstaand",
) -> Uitkeringsperiode:
    return Uitkeringsperiode.objects.create(
        client=client, soort=soort, categorie=categorie, startdatum=startdatum, einddatum=einddatum
    )


def partner_maak(*, code: str = "JOBROAD", naam: str = "JobRoad vzw") -> Partner:
    return Partner.objects.get_or_create(
        code=code, defaults={"naam": naam, "soort": "trajectpartner"}
    )[0]


def wereld_maak() -> SimpleNamespace:
    """Two gemeenten; in Mechelen two teams, a teamleider, a beheerder and an analist; one
    client per social worker, one unassigned client and one client in the other gemeente."""
    g = gemeente_maak()
    h = gemeente_maak(nis_code="11002", naam="Antwerpen")
    team_a = team_maak(gemeente=g, naam="Team A")
    team_b = team_maak(gemeente=g, naam="Team B")
    team_h = team_maak(gemeente=h, naam="Team Antwerpen")
    w = SimpleNamespace(gemeente=g, andere_gemeente=h, team_a=team_a, team_b=team_b)
    w.ma_a1 = medewerker_maak(gemeente=g, team=team_a, gebruikersnaam="ma.a1", voornaam="Anna")
    w.ma_a2 = medewerker_maak(gemeente=g, team=team_a, gebruikersnaam="ma.a2", voornaam="Ahmed")
    w.ma_b1 = medewerker_maak(gemeente=g, team=team_b, gebruikersnaam="ma.b1", voornaam="Bart")
    w.tl_a = medewerker_maak(
        gemeente=g, team=team_a, rol=Rol.TEAMLEIDER, gebruikersnaam="tl.a", voornaam="Tine"
    )
    w.beheerder = medewerker_maak(
        gemeente=g, rol=Rol.BEHEERDER, gebruikersnaam="beheer", voornaam="Bea"
    )
    w.analist = medewerker_maak(
        gemeente=g, rol=Rol.ANALIST, gebruikersnaam="analist", voornaam="Ali"
    )
    w.ma_h = medewerker_maak(gemeente=h, team=team_h, gebruikersnaam="ma.h", voornaam="Hanne")
    w.c_a1 = client_maak(gemeente=g, ma=w.ma_a1, voornaam="Els", achternaam="Aerts")
    w.c_a2 = client_maak(gemeente=g, ma=w.ma_a2, voornaam="Omar", achternaam="Bakkali")
    w.c_b1 = client_maak(gemeente=g, ma=w.ma_b1, voornaam="Lien", achternaam="Claes")
    w.c_geen = client_maak(gemeente=g, voornaam="Noah", achternaam="Dewitte")
    w.c_h = client_maak(gemeente=h, ma=w.ma_h, voornaam="Yara", achternaam="Elst")
    return w
