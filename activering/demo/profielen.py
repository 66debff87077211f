"""What the demo data looks like: gemeenten, partners, partner programmes and LAP agreements.

Figures come from the OCMW's own documents (``shared/seeds``): Mechelen had 1,494 LL and 379 ELL
clients in January 2025, 40 social workers at 70-75 clients per FTE, on average 157 art. 60
workers a month in 2024 and 195 in mid-2025; DUO for a JOB gets 70,000 EUR a year for 50 young
people, JobRoad 37,500 EUR; the LAP 1 figures of Mechelen, Putte and Sint-Katelijne-Waver.
Where no figure is known (LAP 2 subsidies, Co-Searching's subsidy, the other Flemish
gemeenten) the value is an assumption, marked as such.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

D = datetime.date


@dataclass(frozen=True)
class Lap:
    startdatum: datetime.date
    einddatum: datetime.date
    subsidie_eur: Decimal
    referentie_leefloners: int | None


@dataclass(frozen=True)
class Programma:
    """A partner's yearly programme: how many clients start, for how long, with what result."""

    partner: str
    traject_soort: str
    per_jaar: int
    vanaf: datetime.date
    dagen: tuple[int, int]
    uitkomsten: dict[str, float]
    leeftijd: tuple[int, int] = (18, 60)
    enkel_migratieachtergrond: bool = False
    # Months (1-12) of group screenings; empty = starts spread over the year.
    screenings: tuple[int, ...] = ()
    subsidie_eur: Decimal | None = None  # yearly agreement; None = no agreement
    capaciteit: int | None = None
    omschrijving: str = ""


@dataclass(frozen=True)
class GemeenteProfiel:
    nis_code: str
    naam: str
    postcode: str
    inwoners: int  # latest known year (2024)
    leefloon: int  # LL clients in a month now
    equivalent_leefloon: int  # ELL clients in a month now
    maatschappelijk_assistenten: int | None = None  # None: from the caseload
    teams: tuple[str, ...] = ()
    programmas: tuple[Programma, ...] = ()
    laps: tuple[Lap, ...] = ()
    inwoners_per_jaar: dict[int, int] = field(default_factory=dict)
    # Art. 60 workers in a month as (date, number) knots; None: 10.5 % of the LL stock.
    art60: tuple[tuple[datetime.date, int], ...] | None = None


PARTNERS: dict[str, tuple[str, str]] = {
    "JOBROAD": ("JobRoad vzw", "trajectpartner"),
    "DUO": ("DUO for a JOB vzw", "trajectpartner"),
    "COSEARCH": ("Co-Searching vzw", "trajectpartner"),
    "KRINGWINKEL": ("De Kringwinkel Mechelen", "sociale_economie"),
    "ACCENT": ("Accent Jobs (interimkantoor)", "interim"),
    "VDAB": ("VDAB", "vdab"),
}

DUO = Programma(
    partner="DUO",
    traject_soort="mentoring",
    per_jaar=50,
    vanaf=D(2019, 1, 1),
    dagen=(165, 200),
    leeftijd=(18, 30),
    enkel_migratieachtergrond=True,
    # 30 % steady work, 70 % a broader result (work, training or internship).
    uitkomsten={
        "werk_3m_plus": 0.30,
        "werk_tot_3m": 0.10,
        "opleiding": 0.30,
        "andere_maatregel": 0.05,
        "afgehaakt": 0.15,
        "overige": 0.10,
    },
    subsidie_eur=Decimal("70000.00"),
    capaciteit=50,
    omschrijving="Mentoring van jonge werkzoekenden met een migratieachtergrond (6 maanden).",
)
JOBROAD = Programma(
    partner="JOBROAD",
    traject_soort="jobhunting",
    per_jaar=120,
    vanaf=D(2021, 1, 1),
    dagen=(80, 125),
    screenings=(2, 5, 9, 11),
    # Outcomes of JobRoad's first half-year in the LAP (seed), stopzetting = werkonwilligheid.
    uitkomsten={
        "andere_maatregel": 0.18,
        "werk_3m_plus": 0.25,
        "werk_tot_3m": 0.19,
        "stopzetting_leefloon": 0.08,
        "overige": 0.30,
    },
    subsidie_eur=Decimal("37500.00"),
    capaciteit=140,
    omschrijving="Vier screenings per jaar voor openstaande vacatures, max. 35 deelnemers.",
)
JOBROAD_LAP = Programma(
    partner="JOBROAD",
    traject_soort="jobhunting",
    per_jaar=70,
    vanaf=D(2023, 12, 1),
    dagen=(85, 120),
    uitkomsten=JOBROAD.uitkomsten,
    omschrijving="Individuele intensieve screening, matching en jobhunting (LAP).",
)
COSEARCH = Programma(
    partner="COSEARCH",
    traject_soort="groepswerking",
    per_jaar=40,
    vanaf=D(2023, 1, 1),
    dagen=(75, 100),
    uitkomsten={
        "werk_3m_plus": 0.20,
        "werk_tot_3m": 0.10,
        "opleiding": 0.15,
        "andere_maatregel": 0.15,
        "afgehaakt": 0.20,
        "overige": 0.20,
    },
    subsidie_eur=Decimal("30000.00"),  # assumption: amount not in the seeds
    capaciteit=40,
    omschrijving="Groepen van werkzoekenden die samen naar werk zoeken.",
)
ACCENT = Programma(
    partner="ACCENT",
    traject_soort="jobhunting",
    per_jaar=60,
    vanaf=D(2024, 1, 1),
    dagen=(20, 60),
    uitkomsten={
        "werk_3m_plus": 0.20,
        "werk_tot_3m": 0.35,
        "afgehaakt": 0.25,
        "overige": 0.20,
    },
    omschrijving="Snelle matching met instapjobs, wekelijkse zitdag in het Sociaal Huis.",
)
KRINGWINKEL_OVEREENKOMST = (Decimal("0.00"), 25, "Art. 60-werkplekken in de kringwinkel.")

MECHELEN = GemeenteProfiel(
    nis_code="12025",
    naam="Mechelen",
    postcode="2800",
    inwoners=89262,
    inwoners_per_jaar={
        2019: 86616,
        2020: 86921,
        2021: 87008,
        2022: 87531,
        2023: 88492,
        2024: 89262,
        2025: 89300,
        2026: 89640,
    },
    leefloon=1500,
    equivalent_leefloon=380,
    maatschappelijk_assistenten=40,
    teams=(
        "Team Centrum",
        "Team Nekkerspoel",
        "Team Battel-Heffen-Leest",
        "Team Ragheno-Tinel",
        "Team Jongvolwassenen",
    ),
    programmas=(DUO, JOBROAD, JOBROAD_LAP, COSEARCH, ACCENT),
    laps=(
        Lap(D(2023, 12, 1), D(2024, 11, 30), Decimal("320156.81"), 1945),
        # Assumption: LAP 2 split 8.5 of LAP 1's 10 million the same way.
        Lap(D(2024, 12, 1), D(2025, 11, 30), Decimal("272133.29"), None),
    ),
    art60=(
        (D(2010, 1, 1), 130),
        (D(2020, 1, 1), 140),
        (D(2023, 1, 1), 150),
        (D(2024, 6, 30), 157),
        (D(2024, 12, 31), 168),
        (D(2025, 6, 30), 195),
        (D(2040, 1, 1), 195),
    ),
)
PUTTE = GemeenteProfiel(
    nis_code="12029",
    naam="Putte",
    postcode="2580",
    inwoners=18907,
    leefloon=72,
    equivalent_leefloon=14,
    maatschappelijk_assistenten=2,
    teams=("Sociale dienst Putte",),
    laps=(
        Lap(D(2023, 12, 1), D(2024, 11, 30), Decimal("13057.62"), 72),
        Lap(D(2024, 12, 1), D(2025, 11, 30), Decimal("11098.98"), None),  # assumption
    ),
)
SINT_KATELIJNE_WAVER = GemeenteProfiel(
    nis_code="12035",
    naam="Sint-Katelijne-Waver",
    postcode="2860",
    inwoners=21783,
    leefloon=123,
    equivalent_leefloon=25,
    maatschappelijk_assistenten=3,
    teams=("Sociale dienst Sint-Katelijne-Waver",),
    laps=(
        Lap(D(2023, 12, 1), D(2024, 11, 30), Decimal("22868.34"), 123),
        Lap(D(2024, 12, 1), D(2025, 11, 30), Decimal("19438.09"), None),  # assumption
    ),
)

# The other 27 gemeenten of the Flanders-sized set: (NIS, name, postcode, inhabitants,
# leefloners per 1,000). Assumed figures of the right order of magnitude, not official ones.
_VLAAMSE_GEMEENTEN = (
    ("11002", "Antwerpen", "2000", 536079, 9.0),
    ("44021", "Gent", "9000", 267006, 11.0),
    ("31005", "Brugge", "8000", 119125, 6.0),
    ("24062", "Leuven", "3000", 104264, 6.5),
    ("41002", "Aalst", "9300", 90068, 6.0),
    ("34022", "Kortrijk", "8500", 79903, 6.5),
    ("71022", "Hasselt", "3500", 80542, 6.0),
    ("46021", "Sint-Niklaas", "9100", 81138, 6.0),
    ("35013", "Oostende", "8400", 72928, 9.0),
    ("71016", "Genk", "3600", 67583, 7.0),
    ("36015", "Roeselare", "8800", 64270, 4.0),
    ("13040", "Turnhout", "2300", 46195, 7.0),
    ("23088", "Vilvoorde", "1800", 46422, 8.0),
    ("12021", "Lier", "2500", 37027, 5.0),
    ("42006", "Dendermonde", "9200", 46918, 4.0),
    ("13008", "Geel", "2440", 41318, 3.5),
    ("13011", "Herentals", "2200", 29135, 4.0),
    ("12014", "Heist-op-den-Berg", "2220", 43520, 2.5),
    ("41048", "Ninove", "9400", 40245, 4.0),
    ("24107", "Tienen", "3300", 35540, 5.5),
    ("23027", "Halle", "1500", 41029, 5.0),
    ("33011", "Ieper", "8900", 35077, 3.5),
    ("12040", "Willebroek", "2830", 27580, 5.0),
    ("11005", "Boom", "2850", 19036, 8.0),
    ("12007", "Bornem", "2880", 21574, 2.5),
    ("12009", "Duffel", "2570", 17606, 2.5),
    ("12005", "Bonheiden", "2820", 15519, 2.0),
)
# LAP 1 handed out 10 million EUR in proportion to the leefloners (Mechelen: 164.61 EUR each).
_LAP1_EUR_PER_LEEFLONER = Decimal("320156.81") / 1945


def _vlaamse_gemeente(nis: str, naam: str, postcode: str, inwoners: int, per_1000: float):
    leefloon = round(inwoners * per_1000 / 1000)
    subsidie = (_LAP1_EUR_PER_LEEFLONER * leefloon).quantize(Decimal("0.01"))
    groot = leefloon >= 1500
    return GemeenteProfiel(
        nis_code=nis,
        naam=naam,
        postcode=postcode,
        inwoners=inwoners,
        leefloon=leefloon,
        equivalent_leefloon=round(leefloon * 0.22),
        teams=tuple(f"Team {i}" for i in range(1, max(2, leefloon // 350) + 1)),
        # The big cities work with the same partners as Mechelen (assumption).
        programmas=(DUO, JOBROAD, COSEARCH) if groot else (),
        laps=(
            Lap(D(2023, 12, 1), D(2024, 11, 30), subsidie, leefloon),
            Lap(
                D(2024, 12, 1),
                D(2025, 11, 30),
                (subsidie * Decimal("0.85")).quantize(Decimal("0.01")),
                None,
            ),
        ),
    )


SCHALEN: dict[str, dict] = {
    "mechelen": {
        "gemeenten": (MECHELEN, PUTTE, SINT_KATELIJNE_WAVER),
        "jaren": 6,
        "factor_andere": 1.0,
    },
    "vlaanderen": {
        "gemeenten": (
            MECHELEN,
            PUTTE,
            SINT_KATELIJNE_WAVER,
            *(_vlaamse_gemeente(*g) for g in _VLAAMSE_GEMEENTEN),
        ),
        "jaren": 10,
        # Scales the 27 other gemeenten so that the whole set holds about 100,000 clients.
        "factor_andere": 0.88,
    },
}

# Every NIS code the generator may create: what `--opnieuw` wipes.
DEMO_NIS_CODES: tuple[str, ...] = tuple(
    sorted({g.nis_code for schaal in SCHALEN.values() for g in schaal["gemeenten"]})
)
HOOFDGEMEENTE = MECHELEN
