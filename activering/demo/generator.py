"""Simulation of one gemeente's leefloon history, in plain Python (no database).

The model, in short:

- Clients enter (E)LL as a Poisson stream. An **episode** lasts an exponentially distributed
  time drawn from a two-part mixture: 40 % short dossiers (advances on unemployment benefit,
  mean 3 months) and 60 % long ones (mean 3 years). In a stationary stock this gives the
  duration spread of Mechelen's seed (32 / 20 / 25 / 23 % for <1 / 1-2 / 2-4 / >4 years) and
  about 45 % of an entry cohort out within six months.
- An episode is cut into benefit periods (decisions and yearly revisions), sometimes with a
  short interruption (at most 31 days, so the episode continues), sometimes with a change of
  category, and for a few ELL clients a switch to LL.
- An episode ends with a stop reason. A long one can end in an art. 60 placement, at a rate
  that follows the gemeente's art. 60 target. Art. 60 is followed by work, a training-type
  traject or another benefit (65 % doorstroom, early stops included); an early stop brings
  the client back.
- Clients may come back after a gap (a new episode), more often after a sanction.
- Partner programmes (DUO for a JOB, JobRoad, …) draw their yearly participants from the
  episodes: work outcomes are coupled to episodes that really end in work at the end of the
  traject, so that the outcome, the work spell and the end of leefloon agree.
- Work spells follow work exits (a permanent job, temporary contracts, interim chains) and
  art. 60; some long-term clients work part-time next to their leefloon.

Two passes with the same seed: the first measures the stock and the art. 60 count it produces,
the second scales the inflow and the art. 60 rate so that both hit the profile's numbers.
"""

from __future__ import annotations

import bisect
import datetime
import math
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from .namen import NaamPool
from .profielen import GemeenteProfiel, Programma
from .rijksregister import rijksregisternummer_willekeurig

DAG = datetime.timedelta(days=1)
JAAR = 365.25

AANDEEL_KORT = 0.40  # share of episodes that are short dossiers
GEMIDDELD_KORT = 0.25 * JAAR
GEMIDDELD_LANG = 2.8 * JAAR
MAX_DUUR = 20 * JAAR
GEMIDDELDE_DUUR = AANDEEL_KORT * GEMIDDELD_KORT + (1 - AANDEEL_KORT) * GEMIDDELD_LANG
OEKRAINE = datetime.date(2022, 3, 1)
# Simulated history before the window, so that the stock is in equilibrium: the window and
# the run-in together cover 16 years (episodes longer than that are very rare).
HISTORIEK_JAREN = 16

LEEFLOON = "leefloon"
ELL = "equivalent_leefloon"

_REDENEN_KORT = (
    ("andere_uitkering", 0.50),
    ("werk", 0.30),
    ("verhuis", 0.06),
    ("studie", 0.04),
    ("andere", 0.10),
)
_REDENEN_LANG = (
    ("werk", 0.38),
    ("andere_uitkering", 0.20),
    ("verhuis", 0.10),
    ("werkonwilligheid", 0.06),
    ("studie", 0.05),
    ("overlijden", 0.03),
    ("andere", 0.19),
)
_TERUGKEER = {
    "werk": 0.25,
    "andere_uitkering": 0.20,
    "verhuis": 0.03,
    "werkonwilligheid": 0.45,
    "studie": 0.20,
    "overlijden": 0.0,
    "andere": 0.30,
}
_HERKOMST_LL = (
    ("be", 0.52),
    ("ma", 0.16),
    ("tr", 0.05),
    ("af_sy", 0.10),
    ("er_so", 0.05),
    ("cd", 0.05),
    ("eu_oost", 0.07),
)
_HERKOMST_ELL = (("af_sy", 0.35), ("er_so", 0.15), ("cd", 0.10), ("eu_oost", 0.25), ("ma", 0.15))
_TAAL = {
    "be": (("nl", 0.95), ("fr", 0.05)),
    "ma": (("nl", 0.6), ("ar", 0.3), ("fr", 0.1)),
    "tr": (("nl", 0.6), ("tr", 0.4)),
    "ua": (("uk", 0.7), ("ru", 0.2), ("en", 0.1)),
    "af_sy": (("ar", 0.45), ("andere", 0.35), ("en", 0.2)),
    "er_so": (("andere", 0.7), ("en", 0.3)),
    "cd": (("fr", 0.8), ("nl", 0.2)),
    "eu_oost": (("andere", 0.6), ("en", 0.3), ("nl", 0.1)),
}
_LEEFTIJD = ((18, 24, 0.28), (25, 34, 0.27), (35, 44, 0.20), (45, 54, 0.15), (55, 63, 0.10))
_CONTRACT_NA_WERK = (
    ("vast", 0.22),
    ("tijdelijk", 0.30),
    ("interim", 0.30),
    ("sociale_economie", 0.10),
    ("flexi", 0.04),
    ("zelfstandige", 0.04),
)
_CONTRACT_NA_ART60 = (
    ("vast", 0.25),
    ("tijdelijk", 0.35),
    ("interim", 0.25),
    ("sociale_economie", 0.15),
)
_INTERIMKANTOREN = ("Accent Jobs", "Randstad", "Start People", "Tempo-Team", "Adecco", "Asap")
_SOCIALE_ECONOMIE = ("De Kringwinkel", "Bewel", "Levanto", "Ateljee", "Den Azalee")
_ART60_WERKPLEKKEN = (
    (
        "eigen_dienst",
        0.40,
        (
            "Woonzorgcentrum {g}",
            "Groendienst {g}",
            "Poetsdienst OCMW {g}",
            "Sociaal restaurant {g}",
            "Onthaal Sociaal Huis {g}",
            "Technische dienst {g}",
        ),
    ),
    ("kmo", 0.25, ()),
    ("sociale_economie", 0.20, ("De Kringwinkel",)),
    ("publiek", 0.10, ("AZ Sint-Maarten", "Stad {g} – Schoonmaak", "Bibliotheek {g}")),
    ("prive", 0.05, ()),
)
_EIGEN_TRAJECTEN = (
    ("sollicitatietraining", 0.20, None, (20, 90)),
    ("vdab_begeleiding", 0.25, "VDAB", (60, 270)),
    ("opleiding", 0.15, "VDAB", (60, 300)),
    ("sociale_activering", 0.15, None, (90, 365)),
    ("wijk_werken", 0.10, None, (90, 365)),
    ("groepswerking", 0.05, None, (30, 120)),
    ("sociale_economie", 0.05, None, (180, 365)),
    ("andere", 0.05, None, (30, 180)),
)
_UITKOMST_EIGEN = (("opleiding", 0.2), ("andere_maatregel", 0.3), ("overige", 0.5))


def _kies(rng: random.Random, opties):
    """Weighted choice from ``((value, weight), ...)`` (weights need not sum to 1)."""
    totaal = sum(o[1] for o in opties)
    r = rng.random() * totaal
    for optie in opties:
        r -= optie[1]
        if r < 0:
            return optie[0]
    return opties[-1][0]


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    grens, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= grens:
            return k
        k += 1


def _dagen(rng: random.Random, laag: int, hoog: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(laag, hoog))


def _interpoleer(knopen, dag: datetime.date) -> float:
    datums = [k[0] for k in knopen]
    i = bisect.bisect_right(datums, dag)
    if i == 0:
        return float(knopen[0][1])
    if i == len(knopen):
        return float(knopen[-1][1])
    (d0, v0), (d1, v1) = knopen[i - 1], knopen[i]
    return v0 + (v1 - v0) * (dag - d0).days / max(1, (d1 - d0).days)


class Episode:
    __slots__ = (
        "art60",
        "categorie",
        "client",
        "einde",
        "koppeling",
        "kort",
        "reden",
        "soort",
        "start",
        "werk_kort",
        "wissel",
    )

    def __init__(self, client, start, einde, soort, kort, categorie):
        self.client = client
        self.start = start
        self.einde = einde  # None = ongoing on the end date
        self.soort = soort
        self.kort = kort
        self.categorie = categorie
        self.reden = ""
        self.art60 = False
        self.wissel = None  # date on which an ELL episode turns into LL
        self.koppeling = False  # a partner traject is coupled to its end
        self.werk_kort = None  # work after the exit lasts < 3 months (None = draw)


class Traject:
    __slots__ = (
        "aanmelddatum",
        "einddatum",
        "gepland",
        "omschrijving",
        "partner",
        "soort",
        "startdatum",
        "status",
        "twe",
        "uitkomst",
        "uren",
        "werkplek",
        "werkplek_naam",
    )

    def __init__(self, soort, partner, status, startdatum, einddatum, gepland, uitkomst=""):
        self.soort = soort
        self.partner = partner
        self.status = status
        self.startdatum = startdatum
        self.einddatum = einddatum
        self.gepland = gepland
        self.uitkomst = uitkomst
        self.aanmelddatum = None
        self.werkplek = ""
        self.werkplek_naam = ""
        self.uren = None
        self.twe = False
        self.omschrijving = ""


@dataclass
class Client:
    nummer: int
    geslacht: str
    geboortedatum: datetime.date
    herkomst: str
    episodes: list[Episode] = field(default_factory=list)
    trajecten: list[Traject] = field(default_factory=list)
    # (start, end, werkgever, contracttype, uren, bron partner code)
    werk: list[tuple] = field(default_factory=list)
    had_art60: bool = False
    # Filled in by ``GemeenteSimulatie.afwerken``.
    referentie: str = ""
    voornaam: str = ""
    achternaam: str = ""
    rijksregisternummer: str | None = None
    taal: str = "nl"
    telefoon: str = ""
    email: str = ""
    straat: str = ""
    huishouden: str = ""
    drempels: list[str] = field(default_factory=list)
    vdab_datum: datetime.date | None = None
    afgesloten_op: datetime.date | None = None
    actief: bool = False
    recent: bool = False  # left less than 90 days ago: keeps a social worker
    periodes: list[tuple] = field(default_factory=list)

    def leeftijd(self, dag: datetime.date) -> int:
        g = self.geboortedatum
        return dag.year - g.year - ((dag.month, dag.day) < (g.month, g.day))


class GemeenteSimulatie:
    """Simulates one gemeente between ``venster_start`` and ``eind`` (the peildatum)."""

    def __init__(
        self,
        *,
        profiel: GemeenteProfiel,
        factor: float,
        venster_start: datetime.date,
        eind: datetime.date,
        seed: int,
        namen: NaamPool,
        rrn_bezet: set[str],
    ):
        self.profiel = profiel
        self.factor = factor
        self.venster_start = venster_start
        self.eind = eind
        self.seed = seed
        self.namen = namen
        self.rrn_bezet = rrn_bezet
        self.ll = profiel.leefloon * factor
        self.ell = profiel.equivalent_leefloon * factor
        knopen = profiel.art60 or ((datetime.date(2000, 1, 1), profiel.leefloon * 0.105),)
        self.art60_knopen = tuple((d, v * factor) for d, v in knopen)
        self.clients: list[Client] = []

    # ---- pass 1 and 2: careers ------------------------------------------------------------
    def simuleer(self) -> None:
        # Pass 1: measure the stock and the art. 60 candidates per month; pass 2: scaled.
        self._kandidaten: dict[int, int] = {}
        self._kans_art60: dict[int, float] | None = None
        self._loopbanen(1.0, 1.0)
        ll, ell = self._meet()
        schaal_ll = self.ll / ll if ll else 1.0
        schaal_ell = self.ell / ell if ell else 1.0
        schaal = (self.ll * schaal_ll + self.ell * schaal_ell) / max(1.0, self.ll + self.ell)
        self._kans_art60 = self._art60_kansen(schaal)
        self._loopbanen(schaal_ll, schaal_ell)
        # Art. 60 brings some clients back quickly (early stops), which pass 1 could not see:
        # correct the inflow once more when the stock is more than 3 % off.
        ll, ell = self._meet()
        if ll and ell and max(abs(ll / self.ll - 1), abs(ell / self.ell - 1)) > 0.03:
            self._loopbanen(schaal_ll * self.ll / ll, schaal_ell * self.ell / ell)
        self._partnerprogrammas()

    def _meetmaanden(self) -> list[tuple[datetime.date, datetime.date]]:
        laatste = self.eind.replace(day=1) - relativedelta(months=1)
        maanden = [laatste - relativedelta(months=m) for m in range(0, 24, 2)]
        return [(m, m + relativedelta(months=1) - DAG) for m in maanden]

    def _meet(self) -> tuple[float, float]:
        """Mean number of LL and ELL clients per month (a period overlapping the month)."""
        maanden = self._meetmaanden()
        ll = ell = 0
        for client in self.clients:
            for van, tot in maanden:
                in_ll = in_ell = False
                for ep in client.episodes:
                    if ep.start <= tot and (ep.einde is None or ep.einde >= van):
                        if ep.soort == ELL and (ep.wissel is None or van < ep.wissel):
                            in_ell = True
                        else:
                            in_ll = True
                ll += in_ll
                ell += in_ell
        return ll / len(maanden), ell / len(maanden)

    def _art60_kansen(self, schaal: float) -> dict[int, tuple[float, int]]:
        """Per month: the chance that a candidate exit becomes an art. 60 start, and the
        maximum number of starts. The starts the target needs are the target count / the mean
        number of months a placement is counted (15.6), four months ahead; the chance is that
        number over the candidates counted in pass 1 (smoothed over 7 months), with a margin
        since pass 2 has fewer candidates (nobody gets a second placement)."""
        rng = random.Random(self.seed + 3)
        kansen = {}
        for maand in self._kandidaten:
            n = sum(self._kandidaten.get(maand + k, 0) for k in range(-3, 4)) / 7 * schaal
            dag = datetime.date(maand // 12, maand % 12 + 1, 15) + datetime.timedelta(days=120)
            nodig = self._art60_doel(dag) / 15.6
            quotum = int(nodig) + (rng.random() < nodig - int(nodig))
            kansen[maand] = (min(0.95, 1.5 * nodig / n) if n else 0.0, quotum)
        return kansen

    def _art60_doel(self, dag: datetime.date) -> float:
        return _interpoleer(self.art60_knopen, dag)

    def _instroom_per_dag(self, soort: str, dag: datetime.date) -> float:
        """New clients per day, before the re-entries (about a fifth of all episodes)."""
        if soort == LEEFLOON:
            voorraad = self.ll
        else:
            basis = self.ell * 0.35
            if dag < OEKRAINE:
                voorraad = basis
            elif dag < OEKRAINE + datetime.timedelta(days=184):
                # The 2022 arrivals from Ukraine (temporary protection -> equivalent leefloon).
                return (basis / GEMIDDELDE_DUUR + (self.ell - basis) * 1.2 / 184) * 0.8
            else:
                voorraad = self.ell
        return voorraad / GEMIDDELDE_DUUR * 0.8

    def _loopbanen(self, schaal_ll: float, schaal_ell: float) -> None:
        rng = random.Random(self.seed)
        self.clients = []
        self._art60_gestart: dict[int, int] = {}
        start = datetime.date(
            min(self.eind.year - HISTORIEK_JAREN, self.venster_start.year - 2), 1, 1
        )
        maand = start
        while maand <= self.eind:
            volgende = maand + relativedelta(months=1)
            dagen = (volgende - maand).days
            for soort, schaal in ((LEEFLOON, schaal_ll), (ELL, schaal_ell)):
                n = _poisson(rng, self._instroom_per_dag(soort, maand) * dagen * schaal)
                for _ in range(n):
                    dag = maand + datetime.timedelta(days=rng.randrange(dagen))
                    if dag > self.eind:
                        continue
                    client = self._nieuwe_client(rng, dag, soort)
                    self._loopbaan(rng, client, dag, soort)
                    if self._in_venster(client):
                        self.clients.append(client)
            maand = volgende

    def _nieuwe_client(self, rng: random.Random, dag: datetime.date, soort: str) -> Client:
        if soort == ELL and dag >= OEKRAINE and rng.random() < 0.7:
            herkomst = "ua"
        else:
            herkomst = _kies(rng, _HERKOMST_ELL if soort == ELL else _HERKOMST_LL)
        geslacht = "m" if rng.random() < (0.42 if herkomst == "ua" else 0.5) else "v"
        laag, hoog = _kies(rng, [((laag, hoog), gewicht) for laag, hoog, gewicht in _LEEFTIJD])
        leeftijd = rng.randint(laag, hoog)
        geboren = dag - datetime.timedelta(days=int(leeftijd * JAAR) + rng.randrange(365))
        return Client(nummer=0, geslacht=geslacht, geboortedatum=geboren, herkomst=herkomst)

    def _in_venster(self, client: Client) -> bool:
        eind_laatste = datetime.date.min
        for ep in client.episodes:
            if ep.einde is None:
                return True
            eind_laatste = max(eind_laatste, ep.einde)
        for t in client.trajecten:
            if t.einddatum is None:
                return True
            eind_laatste = max(eind_laatste, t.einddatum)
        return eind_laatste >= self.venster_start

    def _loopbaan(self, rng: random.Random, client: Client, start: datetime.date, soort: str):
        while start <= self.eind:
            leeftijd = client.leeftijd(start)
            if leeftijd >= 65:
                return
            kort = rng.random() < AANDEEL_KORT
            duur = rng.expovariate(1 / (GEMIDDELD_KORT if kort else GEMIDDELD_LANG))
            duur = max(10, min(duur, MAX_DUUR))
            einde = start + datetime.timedelta(days=int(duur))
            categorie = self._categorie(rng, leeftijd, client.geslacht)
            ep = Episode(client, start, None, soort, kort, categorie)
            client.episodes.append(ep)
            if soort == ELL and not kort and duur > 365 and rng.random() < 0.12:
                ep.wissel = start + _dagen(rng, 180, 360)
            if einde > self.eind:
                return
            ep.einde = einde
            leeftijd_einde = client.leeftijd(einde)
            volgende: datetime.date | None = None
            if self._naar_art60(rng, client, ep, leeftijd_einde):
                ep.reden = "werk"
                ep.art60 = True
                client.had_art60 = True
                volgende = self._art60(rng, client, einde + DAG)
            else:
                if leeftijd_einde >= 60 and rng.random() < 0.6:
                    ep.reden = "andere_uitkering"
                else:
                    ep.reden = _kies(rng, _REDENEN_KORT if kort else _REDENEN_LANG)
                    if ep.reden == "studie" and leeftijd_einde > 30:
                        ep.reden = "andere"
                if rng.random() < _TERUGKEER[ep.reden]:
                    if ep.reden == "werkonwilligheid":
                        volgende = einde + _dagen(rng, 45, 200)
                    else:
                        volgende = (
                            einde
                            + _dagen(rng, 45, 60)
                            + datetime.timedelta(days=int(rng.expovariate(1 / 400)))
                        )
            if volgende is None:
                return
            start = volgende
            if soort == ELL and (ep.wissel is not None or rng.random() < 0.15):
                soort = LEEFLOON

    def _categorie(self, rng: random.Random, leeftijd: int, geslacht: str) -> str:
        if leeftijd < 25:
            return _kies(rng, (("samenwonend", 0.5), ("alleenstaand", 0.4), ("gezinslast", 0.1)))
        gezin = 0.45 if geslacht == "v" else 0.2
        return _kies(rng, (("alleenstaand", 0.5), ("samenwonend", 0.2), ("gezinslast", gezin)))

    def _naar_art60(self, rng: random.Random, client: Client, ep: Episode, leeftijd: int) -> bool:
        if ep.kort or client.had_art60 or not 18 <= leeftijd <= 58:
            return False
        if (ep.einde - ep.start).days < 90:
            return False
        maand = ep.einde.year * 12 + ep.einde.month - 1
        if self._kans_art60 is None:
            self._kandidaten[maand] = self._kandidaten.get(maand, 0) + 1
            return False
        kans, quotum = self._kans_art60.get(maand, (0.0, 0))
        if self._art60_gestart.get(maand, 0) >= quotum or rng.random() >= kans:
            return False
        self._art60_gestart[maand] = self._art60_gestart.get(maand, 0) + 1
        return True

    def _art60(self, rng: random.Random, client: Client, start: datetime.date):
        """An art. 60 placement from ``start``; returns the start of a next episode or None."""
        g = self.profiel.naam
        werkplek = _kies(rng, [(w[0], w[1]) for w in _ART60_WERKPLEKKEN])
        namen = next(w[2] for w in _ART60_WERKPLEKKEN if w[0] == werkplek)
        naam = rng.choice(namen).format(g=g) if namen else rng.choice(self.namen.bedrijven)
        vroeg = rng.random() < 0.18
        duur = _dagen(rng, 45, 180) if vroeg else _dagen(rng, 300, 720)
        gepland = start + datetime.timedelta(days=540)
        einde = start + duur
        t = Traject("art60", None, "lopend", start, None, gepland)
        t.werkplek = werkplek
        t.werkplek_naam = naam
        t.uren = rng.choice((19.0, 24.0, 30.4, 38.0, 38.0, 38.0))
        t.twe = rng.random() < 0.85
        t.aanmelddatum = start - _dagen(rng, 14, 60)
        if naam == "De Kringwinkel":
            t.partner = "KRINGWINKEL"
            t.werkplek_naam = f"De Kringwinkel {g}"
        client.trajecten.append(t)
        werkgever = f"OCMW {g}"
        if einde > self.eind:
            client.werk.append((start, None, werkgever, "art60", t.uren, None))
            return None
        client.werk.append((start, einde, werkgever, "art60", t.uren, None))
        t.einddatum = einde
        if vroeg:
            t.status = "stopgezet"
            t.uitkomst = _kies(rng, (("afgehaakt", 0.6), ("overige", 0.4)))
            if rng.random() < 0.7:
                return einde + _dagen(rng, 1, 25)
            return None
        t.status = "afgerond"
        r = rng.random()
        if r < 0.60:
            s = einde + _dagen(rng, -30, 90)
            spells = self._werk(rng, s, kort=rng.random() < 0.15, contracten=_CONTRACT_NA_ART60)
            client.werk.extend(spells)
            if spells:
                kort = (spells[-1][1] or self.eind) - spells[0][0] < datetime.timedelta(days=90)
                t.uitkomst = "werk_tot_3m" if kort else "werk_3m_plus"
            else:
                t.uitkomst = "andere_maatregel"
        elif r < 0.80:
            s = einde + _dagen(rng, 0, 80)
            if s <= self.eind:
                soort = _kies(rng, (("ibo", 0.4), ("wes", 0.3), ("opleiding", 0.3)))
                self._eenvoudig_traject(rng, client, soort, "VDAB", s, (60, 180), "opleiding")
            t.uitkomst = "opleiding"
        else:
            t.uitkomst = _kies(rng, (("andere_maatregel", 0.5), ("overige", 0.5)))
        if rng.random() < 0.10:
            return einde + _dagen(rng, 60, 400)
        return None

    def _eenvoudig_traject(self, rng, client, soort, partner, start, dagen, uitkomst):
        duur = _dagen(rng, *dagen)
        t = Traject(soort, partner, "lopend", start, None, start + duur)
        t.aanmelddatum = start - _dagen(rng, 7, 45)
        if start + duur <= self.eind:
            t.einddatum = start + duur
            t.status = "stopgezet" if uitkomst == "afgehaakt" else "afgerond"
            t.uitkomst = uitkomst
        client.trajecten.append(t)
        return t

    def _werk(self, rng, start: datetime.date, *, kort: bool, contracten, bron=None) -> list:
        """Work spells from ``start``: one spell, or a chain of interim contracts."""
        if start > self.eind:
            return []
        if kort:
            contract = _kies(rng, (("interim", 0.5), ("tijdelijk", 0.3), ("flexi", 0.2)))
            spells = [(start, start + _dagen(rng, 14, 80), contract)]
        else:
            contract = _kies(rng, contracten)
            if contract == "interim":
                spells, s = [], start
                for _ in range(rng.randint(2, 5)):
                    e = s + _dagen(rng, 25, 100)
                    spells.append((s, e, contract))
                    s = e + _dagen(rng, 1, 10)
                if spells[-1][1] - start < datetime.timedelta(days=95):
                    spells[-1] = (spells[-1][0], start + _dagen(rng, 95, 140), contract)
            elif contract == "vast":
                e = None if rng.random() < 0.65 else start + _dagen(rng, 120, 1500)
                spells = [(start, e, contract)]
            elif contract in ("sociale_economie", "zelfstandige"):
                spells = [(start, start + _dagen(rng, 180, 1500), contract)]
            else:
                spells = [(start, start + _dagen(rng, 95, 365), contract)]
        werk = []
        for s, e, contract in spells:
            if s > self.eind:
                break
            if e is not None and e > self.eind:
                e = None
            if contract == "interim":
                werkgever = rng.choice(_INTERIMKANTOREN)
            elif contract == "sociale_economie":
                werkgever = rng.choice(_SOCIALE_ECONOMIE)
            elif contract == "zelfstandige":
                werkgever = "Zelfstandige activiteit"
            else:
                werkgever = rng.choice(self.namen.bedrijven)
            uren = rng.choice((19.0, 24.0, 30.0, 38.0, 38.0)) if contract != "flexi" else 12.0
            werk.append((s, e, werkgever, contract, uren, bron))
        return werk

    # ---- partner programmes ----------------------------------------------------------------
    def _partnerprogrammas(self) -> None:
        rng = random.Random(self.seed + 1)
        episodes = [
            ep
            for c in self.clients
            for ep in c.episodes
            if ep.einde is None or ep.einde >= self.venster_start
        ]
        uitgangen: dict[str, dict[int, list[Episode]]] = {"werk": {}, "werkonwilligheid": {}}
        for ep in episodes:
            if ep.einde is not None and not ep.art60 and ep.reden in uitgangen:
                week = ep.einde.toordinal() // 7
                uitgangen[ep.reden].setdefault(week, []).append(ep)
        for programma in self.profiel.programmas:
            per_jaar = programma.per_jaar * self.factor
            if self.profiel.leefloon > 2 * 1500:  # the big cities: more participants
                per_jaar *= self.profiel.leefloon / 1500
            jaar = max(programma.vanaf.year, self.venster_start.year)
            while jaar <= self.eind.year:
                for start in self._programma_starts(rng, programma, jaar, per_jaar):
                    self._deelnemer(rng, programma, start, episodes, uitgangen)
                jaar += 1

    def _programma_starts(self, rng, programma: Programma, jaar: int, per_jaar: float):
        n = _poisson(rng, per_jaar)
        begin = max(datetime.date(jaar, 1, 1), programma.vanaf, self.venster_start)
        einde = min(datetime.date(jaar, 12, 31), self.eind)
        if begin > einde:
            return []
        starts = []
        for _ in range(n):
            if programma.screenings:
                maand = rng.choice(programma.screenings)
                dag = datetime.date(jaar, maand, 15) + _dagen(rng, 0, 10)
            else:
                dag = datetime.date(jaar, 1, 1) + _dagen(rng, 0, 364)
            if begin <= dag <= einde:
                starts.append(dag)
        return starts

    def _geschikt(self, programma: Programma, client: Client, dag: datetime.date) -> bool:
        laag, hoog = programma.leeftijd
        if not laag <= client.leeftijd(dag) <= hoog:
            return False
        return not (programma.enkel_migratieachtergrond and client.herkomst == "be")

    def _deelnemer(self, rng, programma, start, episodes, uitgangen) -> None:
        duur = _dagen(rng, *programma.dagen)
        uitkomst = _kies(rng, list(programma.uitkomsten.items()))
        einde = start + duur
        if einde > self.eind:
            ep = self._lopende_episode(rng, programma, start, start, episodes)
            if ep is None:
                return
            if start > self.eind - datetime.timedelta(days=10):
                t = Traject(
                    programma.traject_soort, programma.partner, "aangemeld", None, None, None
                )
                t.aanmelddatum = start - _dagen(rng, 3, 10)
            else:
                t = Traject(
                    programma.traject_soort, programma.partner, "lopend", start, None, einde
                )
                t.aanmelddatum = start - _dagen(rng, 5, 30)
            t.omschrijving = programma.omschrijving
            ep.client.trajecten.append(t)
            return
        if uitkomst in ("werk_3m_plus", "werk_tot_3m", "stopzetting_leefloon"):
            reden = "werkonwilligheid" if uitkomst == "stopzetting_leefloon" else "werk"
            ep = self._uitgang(programma, einde, uitgangen[reden])
            if ep is not None:
                ep.koppeling = True
                ep.werk_kort = uitkomst == "werk_tot_3m"
                einde = ep.einde
                start = max(ep.start, einde - duur)
                status = "stopgezet" if reden == "werkonwilligheid" else "afgerond"
                t = Traject(
                    programma.traject_soort,
                    programma.partner,
                    status,
                    start,
                    einde,
                    start + duur,
                    uitkomst,
                )
                t.aanmelddatum = start - _dagen(rng, 5, 30)
                t.omschrijving = programma.omschrijving
                ep.client.trajecten.append(t)
                return
            uitkomst = "overige"
        ep = self._lopende_episode(rng, programma, start, einde, episodes)
        if ep is None:
            return
        status = "stopgezet" if uitkomst == "afgehaakt" else "afgerond"
        t = Traject(
            programma.traject_soort, programma.partner, status, start, einde, einde, uitkomst
        )
        t.aanmelddatum = start - _dagen(rng, 5, 30)
        t.omschrijving = programma.omschrijving
        ep.client.trajecten.append(t)

    def _uitgang(self, programma, dag: datetime.date, per_week: dict[int, list[Episode]]):
        week = dag.toordinal() // 7
        for afstand in range(0, 17):
            for w in (week - afstand, week + afstand) if afstand else (week,):
                for ep in per_week.get(w, ()):
                    if not ep.koppeling and self._geschikt(programma, ep.client, ep.einde):
                        return ep
        return None

    def _lopende_episode(self, rng, programma, start, einde, episodes):
        if not episodes:
            return None
        van = start - datetime.timedelta(days=30)
        for _ in range(300):
            ep = rng.choice(episodes)
            if (
                ep.start <= van
                and (ep.einde is None or ep.einde >= einde)
                and self._geschikt(programma, ep.client, start)
            ):
                return ep
        return None

    # ---- finishing: periods, own trajecten, work, personal data ---------------------------
    def afwerken(self) -> None:
        """Turn episodes into benefit periods and fill in everything the database needs."""
        rng = random.Random(self.seed + 2)
        jaren_teller: dict[int, int] = {}
        self.clients.sort(key=lambda c: c.episodes[0].start if c.episodes else self.eind)
        behouden = []
        for client in self.clients:
            for ep in client.episodes:
                if ep.einde is not None and ep.einde < self.venster_start:
                    continue
                self._periodes(rng, client, ep)
                self._rond_episode_af(rng, client, ep)
            client.trajecten = [
                t
                for t in client.trajecten
                if t.einddatum is None or t.einddatum >= self.venster_start
            ]
            client.werk = self._uniek_werk(
                [w for w in client.werk if w[1] is None or w[1] >= self.venster_start]
            )
            if not client.periodes and not client.trajecten:
                continue
            eerste = min(
                [p[2] for p in client.periodes]
                + [t.startdatum or t.aanmelddatum for t in client.trajecten]
            )
            jaar = eerste.year
            jaren_teller[jaar] = jaren_teller.get(jaar, 0) + 1
            client.referentie = f"DOS-{self.profiel.nis_code}-{jaar}-{jaren_teller[jaar]:05d}"
            self._persoonsgegevens(rng, client, eerste)
            behouden.append(client)
        self.clients = behouden

    def _periodes(self, rng, client: Client, ep: Episode) -> None:
        grens = ep.einde or self.eind
        begin = ep.start
        soort = ep.soort
        categorie = ep.categorie
        wissel_na = ep.wissel
        while True:
            lengte = rng.randint(30, 240)
            einde = begin + datetime.timedelta(days=lengte)
            if einde >= grens - datetime.timedelta(days=45):
                client.periodes.append((soort, categorie, begin, ep.einde, ep.reden))
                return
            client.periodes.append((soort, categorie, begin, einde, ""))
            onderbreking = rng.randint(0, 30) if rng.random() < 0.08 else 0
            begin = einde + DAG + datetime.timedelta(days=onderbreking)
            if rng.random() < 0.12:
                categorie = self._categorie(rng, client.leeftijd(begin), client.geslacht)
            if wissel_na is not None and begin >= wissel_na:
                soort = LEEFLOON

    def _rond_episode_af(self, rng, client: Client, ep: Episode) -> None:
        einde = ep.einde or self.eind
        # Own (non-partner) trajecten inside the episode, without a work outcome.
        jaren = max(0.0, (einde - max(ep.start, self.venster_start)).days / JAAR)
        for _ in range(_poisson(rng, 0.45 * jaren)):
            soort, _g, partner, dagen = _kies(rng, [(e, e[1]) for e in _EIGEN_TRAJECTEN])
            van = max(ep.start, self.venster_start)
            if (einde - van).days < 40:
                break
            start = van + _dagen(rng, 0, (einde - van).days - 30)
            duur = _dagen(rng, *dagen)
            if ep.einde is not None and start + duur > ep.einde:
                duur = ep.einde - start
            uitkomst = "afgehaakt" if rng.random() < 0.25 else _kies(rng, _UITKOMST_EIGEN)
            self._eenvoudig_traject(
                rng, client, soort, partner, start, (duur.days, duur.days), uitkomst
            )
        # Work after a work exit (art. 60 has its own spells).
        if ep.einde is not None and ep.reden == "werk" and not ep.art60:
            kort = ep.werk_kort if ep.werk_kort is not None else rng.random() < 0.25
            spells = self._werk(
                rng, ep.einde - _dagen(rng, 0, 20), kort=kort, contracten=_CONTRACT_NA_WERK
            )
            spells = [s for s in spells if s[0] >= ep.start]
            client.werk.extend(spells)
            if spells and not ep.koppeling and rng.random() < 0.25:
                soort, partner = rng.choice((("vdab_begeleiding", "VDAB"), ("jobhunting", None)))
                start = max(ep.start, ep.einde - _dagen(rng, 60, 240))
                t = Traject(
                    soort,
                    partner,
                    "afgerond",
                    start,
                    ep.einde,
                    ep.einde,
                    "werk_tot_3m" if kort else "werk_3m_plus",
                )
                t.aanmelddatum = start - _dagen(rng, 7, 30)
                client.trajecten.append(t)
        # Part-time work next to a long leefloon ("bijpas").
        if (einde - ep.start).days > 365 and rng.random() < 0.2:
            start = ep.start + _dagen(rng, 90, (einde - ep.start).days - 30)
            eind_werk = start + _dagen(rng, 30, 300)
            if start <= self.eind:
                contract = rng.choice(("flexi", "tijdelijk", "interim"))
                werkgever = (
                    rng.choice(_INTERIMKANTOREN)
                    if contract == "interim"
                    else rng.choice(self.namen.bedrijven)
                )
                client.werk.append(
                    (
                        start,
                        None if eind_werk > self.eind else eind_werk,
                        werkgever,
                        contract,
                        float(rng.choice((8, 12, 16, 19))),
                        None,
                    )
                )

    @staticmethod
    def _uniek_werk(werk: list[tuple]) -> list[tuple]:
        gezien, uniek = set(), []
        for w in werk:
            s = w[0]
            while (s, w[2]) in gezien:
                s += DAG
            if w[1] is not None and s > w[1]:
                continue
            gezien.add((s, w[2]))
            uniek.append((s, *w[1:]))
        return uniek

    def _persoonsgegevens(self, rng, client: Client, eerste: datetime.date) -> None:
        client.voornaam, client.achternaam = self.namen.naam(
            rng, herkomst=client.herkomst, geslacht=client.geslacht
        )
        zonder = 0.2 if client.herkomst in ("ua", "er_so", "af_sy") else 0.04
        if rng.random() >= zonder:
            client.rijksregisternummer = rijksregisternummer_willekeurig(
                geboortedatum=client.geboortedatum,
                geslacht=client.geslacht,
                rng=rng,
                bezet=self.rrn_bezet,
            )
        client.taal = _kies(rng, _TAAL[client.herkomst])
        if rng.random() < 0.85:
            delen = [rng.randint(10, 99) for _ in range(3)]
            client.telefoon = f"04{rng.randint(60, 99)} {delen[0]} {delen[1]} {delen[2]}"
        if rng.random() < 0.4:
            client.email = f"client{rng.randrange(10**8):08d}@example.com"
        client.straat = f"{rng.choice(self.namen.straten)} {rng.randint(1, 180)}"
        client.huishouden = client.periodes[-1][1] if client.periodes else ""
        drempels = []
        if client.herkomst in ("ua", "af_sy", "er_so", "eu_oost") or rng.random() < 0.1:
            drempels.append("taal")
        for drempel, kans in (
            ("mobiliteit", 0.25),
            ("kinderopvang", 0.15 if client.geslacht == "v" else 0.04),
            ("gezondheid", 0.15),
            ("psychisch", 0.15),
            ("schulden", 0.2),
            ("digitaal", 0.15),
            ("scholing", 0.2),
            ("verwachtingen", 0.08),
        ):
            if rng.random() < kans:
                drempels.append(drempel)
        client.drempels = drempels[:4]
        if rng.random() < (0.4 if client.herkomst == "ua" else 0.56):
            client.vdab_datum = min(self.eind, eerste + _dagen(rng, 0, 90))
        # Active on the peildatum: a benefit period or a started traject covering it.
        d = self.eind
        laatste = datetime.date.min
        for p in client.periodes:
            if p[2] <= d and (p[3] is None or p[3] >= d):
                client.actief = True
            laatste = max(laatste, p[3] or d)
        for t in client.trajecten:
            if t.status == "aangemeld":
                continue
            if t.startdatum <= d and (t.einddatum is None or t.einddatum >= d):
                client.actief = True
            laatste = max(laatste, t.einddatum or d)
        if not client.actief:
            if laatste >= d - datetime.timedelta(days=90):
                client.recent = True
            else:
                client.afgesloten_op = min(d, laatste + _dagen(rng, 14, 60))
