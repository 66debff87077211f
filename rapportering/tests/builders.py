"""Builders for hand-made indicator cases: small, explicit data built directly in the database."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from activering.constants import Rol
from activering.models import Medewerker, Team
from clients.models import Client, Uitkeringsperiode
from rapportering.indicatoren import jaar_indicatoren, maand_indicatoren, waarden
from trajecten.models import Traject, Werkperiode

_volgnummer = itertools.count(1)


def maak_client(gemeente, *, ma=None) -> Client:
    n = next(_volgnummer)
    return Client.objects.create(
        referentie=f"test-{n}",
        gemeente=gemeente,
        voornaam="Test",
        achternaam=f"Persoon {n}",
        maatschappelijk_assistent=ma,
    )


def maak_medewerker(
    gemeente, *, rol=Rol.MAATSCHAPPELIJK_ASSISTENT, vte="1.0", actief=True, team=None
):
    n = next(_volgnummer)
    user = get_user_model().objects.create_user(username=f"mw{n}", password="x" * 16)
    return Medewerker.objects.create(
        user=user, rol=rol, gemeente=gemeente, vte=Decimal(vte), actief=actief, team=team
    )


def maak_team(gemeente, naam="Team A") -> Team:
    return Team.objects.create(gemeente=gemeente, naam=naam)


def ll(client, start: date, einde: date | None = None, soort="leefloon"):
    return Uitkeringsperiode.objects.create(
        client=client, soort=soort, categorie="alleenstaand", startdatum=start, einddatum=einde
    )


def ell(client, start: date, einde: date | None = None):
    return ll(client, start, einde, soort="equivalent_leefloon")


def werk(client, start: date, einde: date | None = None, contracttype="vast"):
    return Werkperiode.objects.create(
        client=client,
        startdatum=start,
        einddatum=einde,
        werkgever=f"Werkgever {next(_volgnummer)}",
        contracttype=contracttype,
    )


def traject(client, soort, start, einde=None, *, status=None, partner=None, uitkomst=""):
    if status is None:
        status = "afgerond" if einde else "lopend"
    return Traject.objects.create(
        referentie=f"T-{next(_volgnummer)}",
        client=client,
        soort=soort,
        partner=partner,
        status=status,
        startdatum=start,
        einddatum=einde,
        uitkomst=uitkomst,
    )


def maand(gemeente, jaar: int, m: int, peildatum: date) -> dict:
    """The monthly indicators of ``jaar-m`` as output values."""
    maand_start = date(jaar, m, 1)
    resultaat = maand_indicatoren(gemeente=gemeente, maanden=[maand_start], peildatum=peildatum)
    return waarden(resultaat[maand_start].totaal)


def jaar(gemeente, j: int, peildatum: date) -> dict:
    resultaat = jaar_indicatoren(gemeente=gemeente, jaar=j, peildatum=peildatum)
    return {
        **waarden(resultaat.totaal),
        "partners": {code: waarden(w) for code, w in resultaat.partners.items()},
    }
