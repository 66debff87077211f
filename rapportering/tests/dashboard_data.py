"""A small, demo-like installation for the dashboard, export and browser tests: Mechelen with
teams, staff, clients in (E)LL, work, art. 60, a partner with results and a running LAP
agreement; Antwerpen with one client. Dates are relative to today, because the dashboard opens
on the last 24 months up to today."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

from django.core.management import call_command
from django.utils import timezone

from dateutil.relativedelta import relativedelta

from activering.models import Inwoners
from clients.tests.builders import client_maak, leefloon_maak, partner_maak, wereld_maak
from partners.models import Overeenkomst
from rapportering.models import LapOvereenkomst
from rapportering.tests.builders import traject, werk


def dashboard_wereld_maak() -> SimpleNamespace:
    vandaag = timezone.localdate()

    def d(dagen: int) -> date:
        return vandaag - timedelta(days=dagen)

    w = wereld_maak()
    w.vandaag = vandaag
    g = w.gemeente
    for jaar in range(vandaag.year - 3, vandaag.year + 1):
        Inwoners.objects.create(gemeente=g, jaar=jaar, inwoners=89336 + jaar - 2020)
        Inwoners.objects.create(gemeente=w.andere_gemeente, jaar=jaar, inwoners=530000)
    w.partner = partner_maak()
    Overeenkomst.objects.create(
        partner=w.partner, gemeente=g, jaar=vandaag.year, subsidie_eur=Decimal("37500")
    )
    Overeenkomst.objects.create(
        partner=w.partner, gemeente=g, jaar=vandaag.year - 1, subsidie_eur=Decimal("37500")
    )
    # Stock and duration.
    leefloon_maak(client=w.c_a1, startdatum=d(800))
    leefloon_maak(client=w.c_a2, startdatum=d(40))
    leefloon_maak(client=w.c_b1, startdatum=d(400), einddatum=d(100), soort="equivalent_leefloon")
    leefloon_maak(client=w.c_geen, startdatum=d(700), einddatum=d(200))
    for i in range(6):
        c = client_maak(gemeente=g, ma=[w.ma_a1, w.ma_a2, w.ma_b1][i % 3])
        leefloon_maak(
            client=c, startdatum=d(30 + 90 * i), einddatum=d(10 + 40 * i) if i % 2 else None
        )
        if i in (1, 3):
            # Sustainable outflow to work, in the months of the LAP agreement.
            werk(c, d(10 + 40 * i - 5), d(10 + 40 * i - 5) + timedelta(days=120), "vast")
    # Sustainable outflow via art. 60, and the art. 60 stock.
    traject(w.c_geen, "art60", d(330), d(205), status="afgerond", uitkomst="werk_3m_plus")
    werk(w.c_geen, d(330), d(205), "art60")
    werk(w.c_geen, d(200), None, "vast")
    traject(w.c_a1, "art60", d(150))
    # Partner results this year and last year.
    begin_jaar = date(vandaag.year, 1, 1)
    traject(
        w.c_a2,
        "jobhunting",
        begin_jaar,
        min(begin_jaar + timedelta(days=20), vandaag),
        partner=w.partner,
        uitkomst="werk_tot_3m",
    )
    traject(w.c_b1, "jobhunting", begin_jaar, None, partner=w.partner)
    # A LAP agreement that runs today.
    start = (vandaag - relativedelta(months=6)).replace(day=1)
    w.lap = LapOvereenkomst.objects.create(
        gemeente=g,
        startdatum=start,
        einddatum=start + relativedelta(months=12) - timedelta(days=1),
        subsidie_eur=Decimal("4500.00"),
        referentie_leefloners=10,
    )
    # Antwerpen.
    leefloon_maak(client=w.c_h, startdatum=d(300))
    return w


def command_json(*args: str) -> dict:
    uit = io.StringIO()
    call_command("bereken_indicatoren", *args, "--json", stdout=uit)
    return json.loads(uit.getvalue())


class _Cijfers(HTMLParser):
    """Collects every element with ``data-indicator``: its attributes and visible text."""

    def __init__(self):
        super().__init__()
        self.cijfers: list[dict] = []
        self._open: list[dict | None] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-indicator" in a:
            item = {**a, "tekst": ""}
            self.cijfers.append(item)
            self._open.append(item)
        elif tag not in ("br", "input", "meta", "link", "img", "circle", "line", "rect"):
            self._open.append(None)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for item in self._open:
            if item is not None:
                item["tekst"] += data


def cijfers_in_html(html: str) -> list[dict]:
    parser = _Cijfers()
    parser.feed(html)
    return parser.cijfers


def verwachte_waarde(cijfer: dict, peildatum: str, gemeente: str, cache: dict) -> object:
    """The value ``bereken_indicatoren --json`` gives for one figure of the page."""
    code, periode = cijfer["data-indicator"], cijfer["data-periode"]
    sleutel = cijfer.get("data-sleutel", "")
    if sleutel.startswith(("team:", "medewerker:")):
        raise ValueError("breakdowns are not in the command output")
    nis = sleutel if sleutel and sleutel.isdigit() else gemeente
    if len(periode) == 7:
        sleutel_cache = ("maand", nis, periode)
        if sleutel_cache not in cache:
            cache[sleutel_cache] = command_json(
                "--gemeente", nis, "--maand", periode, "--peildatum", peildatum
            )
        return cache[sleutel_cache]["indicatoren"][code]
    if len(periode) == 4:
        sleutel_cache = ("jaar", nis, periode)
        if sleutel_cache not in cache:
            cache[sleutel_cache] = command_json(
                "--gemeente", nis, "--jaar", periode, "--peildatum", peildatum
            )
        uitvoer = cache[sleutel_cache]
        if sleutel.startswith("partner:"):
            return uitvoer["partners"][sleutel.split(":", 1)[1]][code]
        return uitvoer["indicatoren"][code]
    sleutel_cache = ("lap", nis)
    if sleutel_cache not in cache:
        cache[sleutel_cache] = command_json("--gemeente", nis, "--lap", "--peildatum", peildatum)
    (overeenkomst,) = [o for o in cache[sleutel_cache]["lap"] if o["startdatum"] == periode]
    return overeenkomst[code]
