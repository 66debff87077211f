"""The files and columns of the exchange format, in dependency order (see
``/docs/uitwisseling.md``). Shared by the importer and the exporter."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BestandSpec:
    naam: str
    kolommen: tuple[str, ...]  # fixed export order
    sleutel: tuple[str, ...]
    optioneel: frozenset[str] = frozenset()  # columns that may be left out of the header

    @property
    def verplicht(self) -> tuple[str, ...]:
        return tuple(k for k in self.kolommen if k not in self.optioneel)


GEMEENTEN = BestandSpec("gemeenten.csv", ("nis_code", "naam"), ("nis_code",))
INWONERS = BestandSpec("inwoners.csv", ("nis_code", "jaar", "inwoners"), ("nis_code", "jaar"))
MEDEWERKERS = BestandSpec(
    "medewerkers.csv",
    (
        "gebruikersnaam",
        "voornaam",
        "achternaam",
        "email",
        "rol",
        "gemeente",
        "team",
        "vte",
        "actief",
    ),
    ("gebruikersnaam",),
)
PARTNERS = BestandSpec("partners.csv", ("code", "naam", "soort"), ("code",))
OVEREENKOMSTEN = BestandSpec(
    "overeenkomsten.csv",
    ("partner", "gemeente", "jaar", "subsidie_eur", "capaciteit", "omschrijving"),
    ("partner", "gemeente", "jaar"),
)
LAP = BestandSpec(
    "lap.csv",
    ("gemeente", "startdatum", "einddatum", "subsidie_eur", "referentie_leefloners"),
    ("gemeente", "startdatum"),
    optioneel=frozenset({"referentie_leefloners"}),
)
CLIENTEN = BestandSpec(
    "clienten.csv",
    (
        "referentie",
        "gemeente",
        "rijksregisternummer",
        "voornaam",
        "achternaam",
        "geboortedatum",
        "geslacht",
        "maatschappelijk_assistent",
    ),
    ("referentie",),
    optioneel=frozenset({"rijksregisternummer", "maatschappelijk_assistent"}),
)
UITKERINGSPERIODES = BestandSpec(
    "uitkeringsperiodes.csv",
    ("client", "soort", "startdatum", "categorie", "einddatum", "stopreden"),
    ("client", "soort", "startdatum"),
)
TRAJECTEN = BestandSpec(
    "trajecten.csv",
    (
        "referentie",
        "client",
        "soort",
        "partner",
        "status",
        "startdatum",
        "einddatum_gepland",
        "einddatum",
        "uitkomst",
    ),
    ("referentie",),
    optioneel=frozenset({"partner"}),
)
WERKPERIODES = BestandSpec(
    "werkperiodes.csv",
    ("client", "startdatum", "werkgever", "contracttype", "einddatum", "uren_per_week"),
    ("client", "startdatum", "werkgever"),
)

# Dependency order: a file only refers to files before it.
BESTANDEN: tuple[BestandSpec, ...] = (
    GEMEENTEN,
    INWONERS,
    MEDEWERKERS,
    PARTNERS,
    OVEREENKOMSTEN,
    LAP,
    CLIENTEN,
    UITKERINGSPERIODES,
    TRAJECTEN,
    WERKPERIODES,
)
BESTANDSNAMEN = frozenset(spec.naam for spec in BESTANDEN)
