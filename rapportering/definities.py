"""The plain-Dutch definitions printed under every figure of the dashboard, the exports and
the council report (short versions of docs/indicatoren.md), with the settings they depend on.

``definitie(code)`` gives the text, ``aanname(code)`` the settings line, e.g.
``"aanname: LAP_WORKED_DAYS = 90, LAP_WINDOW_MONTHS = 4, …"`` (values as configured now)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .indicatoren import Parameters

DEFINITIES = {
    "leefloners": _(
        "Aantal verschillende cliënten met minstens één dag leefloon (LL) of equivalent "
        "leefloon (ELL) in de maand; wie beide kreeg, telt in beide. Per 1.000 inwoners: "
        "gedeeld door het inwonersaantal van de gemeente in dat jaar (leeg als dat niet "
        "ingevoerd is)."
    ),
    "duur": _(
        "Cliënten met leefloon op de laatste dag van de maand (of de peildatum), volgens hoe "
        "lang hun huidige episode dan al loopt. Een episode loopt door zolang een volgende "
        "(E)LL-periode ten laatste EPISODE_GAP_DAYS dagen na het einde van de vorige start. "
        "Percentage van die cliënten."
    ),
    "uitstroom": _(
        "Instroom: episodes (E)LL die in de maand starten. Uitstroom binnen 6 maanden: % van "
        "die episodes dat ten laatste 6 maanden na de start eindigde. Nog afhankelijk na 12 of "
        "24 maanden: % dat dan nog loopt. Leeg zolang die termijn op de peildatum niet voorbij "
        "is."
    ),
    "lap": _(
        "Duurzame uitstroom naar werk: een werkstart van een cliënt die in de "
        "LAP_LEEFLOON_LOOKBACK_MONTHS maanden ervoor (E)LL had, telt wanneer hij binnen "
        "LAP_WINDOW_MONTHS maanden LAP_WORKED_DAYS dagen gewerkt heeft (op de dag van de laatste "
        "daarvan); hoogstens één keer per 365 dagen per cliënt. Basis = LAP_BASE_RATE × "
        "referentieaantal leefloners; bijkomend engagement = 1 per volle LAP_EUR_PER_EXTRA euro "
        "subsidie; doel = basis + bijkomend. Prognose: het resultaat lineair doorgetrokken tot "
        "het einde van de periode. Uitbetaling volgens LAP_PAYOUT_TIERS."
    ),
    "art60": _(
        "Art. 60 in de maand: verschillende cliënten met een gestart art. 60-traject dat "
        "minstens één dag in de maand loopt. Duurzame uitstroom: gevalideerde werkstarts in de "
        "maand (zie LAP), waarvan via een art. 60-contract. Doorstroom (jaar): % van de "
        "art. 60-trajecten die in het jaar eindigden, waarbij de cliënt tussen 30 dagen voor en "
        "3 maanden na het einde ander werk, een IBO, WES of opleiding startte."
    ),
    "caseload": _(
        "Actieve cliënten: (E)LL of een gestart traject op de laatste dag van de maand. "
        "Caseload: actieve cliënten van de actieve maatschappelijk assistenten gedeeld door "
        "hun voltijdse equivalenten (VTE), tegenover de richtwaarde CASELOAD_TARGET. "
        "Personeelslijst en toewijzing zijn de huidige."
    ),
    "partners": _(
        "Per partner en jaar: deelnemers = verschillende cliënten met een traject bij de "
        "partner dat in het jaar startte; afgesloten = trajecten die in het jaar eindigden met "
        "een uitkomst, verdeeld per uitkomst. Kost per deelnemer en per werkresultaat: de "
        "subsidie van de partnerovereenkomsten van dat jaar gedeeld door die aantallen."
    ),
    "jaar": _(
        "Jaarcijfers: verschillende (E)LL-cliënten in het jaar; instroom en uitstroom van de "
        "twaalf instroommaanden samen; duurzame uitstroom in het jaar (tot de peildatum); "
        "gemiddeld aantal art. 60 per maand en doorstroom na art. 60."
    ),
    "vergelijking": _(
        "Dezelfde maandcijfers van elke gemeente naast elkaar, uit de bewaarde momentopnames "
        "(geen persoonsgegevens: enkel totalen per gemeente)."
    ),
}

# Which settings each definition depends on (shown as "aanname: NAME = value").
INSTELLINGEN = {
    "duur": ["EPISODE_GAP_DAYS"],
    "uitstroom": ["EPISODE_GAP_DAYS"],
    "lap": [
        "LAP_WORKED_DAYS",
        "LAP_WINDOW_MONTHS",
        "LAP_LEEFLOON_LOOKBACK_MONTHS",
        "LAP_EXCLUDED_CONTRACT_TYPES",
        "LAP_BASE_RATE",
        "LAP_EUR_PER_EXTRA",
        "LAP_PAYOUT_TIERS",
    ],
    "art60": ["LAP_WORKED_DAYS", "LAP_EXCLUDED_CONTRACT_TYPES"],
    "caseload": ["CASELOAD_TARGET"],
    "jaar": ["EPISODE_GAP_DAYS", "LAP_WORKED_DAYS"],
}


def _tekst(waarde) -> str:
    if isinstance(waarde, list):
        return "[" + ", ".join(_tekst(w) for w in waarde) + "]"
    if waarde is None:
        return gettext("geen")
    return str(waarde)


def definitie(code: str) -> str:
    return str(DEFINITIES[code])


def aanname(code: str, parameters: Parameters | None = None) -> str:
    """``"aanname: LAP_WORKED_DAYS = 90, …"`` for the settings of ``code``; ``""`` if none."""
    namen = INSTELLINGEN.get(code, [])
    if not namen:
        return ""
    waarden = (parameters or Parameters.uit_settings()).als_dict()
    return gettext("aanname: %(instellingen)s") % {
        "instellingen": ", ".join(f"{naam} = {_tekst(waarden[naam])}" for naam in namen)
    }
