"""The dashboard as data: every table (with its definition, the settings used and where the
numbers come from) and the chart drawn from it. The page, the CSV/XLSX exports of a table and
the tests all read the same ``Tabel`` objects, so a figure cannot differ between them.

Each ``Cel`` remembers which indicator, period and key it shows (``data-*`` attributes in the
HTML), so that a test can compare every figure with ``bereken_indicatoren --json``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activering.models import Gemeente, Medewerker, Team
from partners.models import Partner
from trajecten.constants import Uitkomst

from .definities import aanname, definitie
from .grafieken import Grafiek, Reeks, gestapelde_balken, lijngrafiek, staafgrafiek
from .indicatoren import Parameters, maand_einde
from .indicatoren.afronding import als_tekst, lap_bijkomend_behaald_pct, round_half_up
from .selectors import (
    Herkomst,
    LapGegevens,
    dashboard_jaren,
    dashboard_lap,
    dashboard_maanden,
    dashboard_vergelijking,
    lap_tracker,
)
from .services import maanden_tussen

UITKOMST_KORT = {
    "werk_3m_plus": gettext_lazy("Werk ≥ 3 mnd"),
    "werk_tot_3m": gettext_lazy("Werk < 3 mnd"),
    "opleiding": gettext_lazy("Opleiding"),
    "andere_maatregel": gettext_lazy("Andere maatregel"),
    "stopzetting_leefloon": gettext_lazy("Stopzetting LL"),
    "afgehaakt": gettext_lazy("Afgehaakt"),
    "overige": gettext_lazy("Overige"),
}


def maand_label(maand: date) -> str:
    """Month label in the active language: "dec 2024" / "Dec 2024" (``MAAND_FORMAT`` of
    activering/formats)."""
    return date_format(maand, "MAAND_FORMAT")


def as_label(maand: date) -> str:
    """Short month label under a chart axis: "dec '24" / "Dec '24"."""
    return date_format(maand, "MAAND_KORT_FORMAT")


def datum_label(dag: date) -> str:
    """A date as users read it in the active language (nl-BE: SHORT_DATE_FORMAT)."""
    return date_format(dag, "SHORT_DATE_FORMAT")


def maand_code(maand: date) -> str:
    return maand.strftime("%Y-%m")


@dataclass
class Cel:
    """One figure: its value as in the output contract (int, exact decimal string, None) or a
    text, and what it is (for ``data-*`` attributes and the tests)."""

    waarde: int | str | Decimal | None
    indicator: str = ""
    periode: str = ""
    sleutel: str = ""
    tekst: bool = False


@dataclass
class Tabel:
    code: str
    titel: str
    kolommen: list[str]
    rijen: list[list[Cel]]
    definitie: str
    aanname: str = ""
    herkomst: str = ""
    onderschrift: str = ""

    @property
    def breed(self) -> bool:
        """Too many columns to stand beside its chart: the page stacks them."""
        return len(self.kolommen) > 5


@dataclass
class Filters:
    gemeente: Gemeente
    van: date
    tot: date
    team: Team | None = None
    partner: str = ""
    vergelijk: list[Gemeente] = field(default_factory=list)

    def als_parameters(self) -> dict:
        """JSON-friendly form (stored with an export, rebuilt by ``filters_uit_parameters``)."""
        return {
            "gemeente": self.gemeente.nis_code,
            "van": maand_code(self.van),
            "tot": maand_code(self.tot),
            "team": self.team.pk if self.team else None,
            "partner": self.partner,
            "vergelijk": [g.nis_code for g in self.vergelijk],
        }


def filters_uit_parameters(parameters: dict) -> Filters:
    gemeente = Gemeente.objects.get(nis_code=parameters["gemeente"])
    team = None
    if parameters.get("team"):
        team = Team.objects.filter(pk=parameters["team"], gemeente=gemeente).first()
    return Filters(
        gemeente=gemeente,
        van=date.fromisoformat(parameters["van"] + "-01"),
        tot=date.fromisoformat(parameters["tot"] + "-01"),
        team=team,
        partner=parameters.get("partner") or "",
        vergelijk=list(
            Gemeente.objects.filter(nis_code__in=parameters.get("vergelijk") or []).order_by("naam")
        ),
    )


@dataclass
class Dashboard:
    filters: Filters
    tabellen: dict[str, Tabel]
    grafieken: dict[str, Grafiek]
    parameters: dict
    herkomst: str
    lap_kaarten: list[dict]
    caseload_target: int


# --- Table builders (shared by the dashboard and the council report) --------------------------

LAP_CODES = (
    "lap_referentie_leefloners",
    "lap_basis",
    "lap_bijkomend_engagement",
    "lap_doel",
    "lap_resultaat",
    "lap_prognose",
    "lap_bijkomend_behaald_pct",
    "lap_subsidie_behaald_pct",
)
CASELOAD_CODES = (
    "maatschappelijk_assistenten",
    "vte_maatschappelijk_assistenten",
    "actieve_clienten",
    "caseload_per_vte",
    "clienten_zonder_maatschappelijk_assistent",
)
LEEFLOON_JAAR_CODES = ("leefloon_jaar", "equivalent_leefloon_jaar")
UITSTROOM_JAAR_CODES = (
    "instroom_jaar",
    "uitstroom_binnen_6_maanden_pct_jaar",
    "afhankelijk_na_12_maanden_pct_jaar",
    "afhankelijk_na_24_maanden_pct_jaar",
)


def cellen(codes: Iterable[str], waarden: dict, periode: str, sleutel: str) -> list[Cel]:
    """One figure per indicator code, as ``waarden`` holds it (None when missing)."""
    return [Cel(waarden.get(code), code, periode, sleutel) for code in codes]


def indicatorrij(
    label: str, codes: Iterable[str], waarden: dict, periode: str, sleutel: str
) -> list[Cel]:
    """A row: a text label, then the figures of ``codes``."""
    return [Cel(label, tekst=True), *cellen(codes, waarden, periode, sleutel)]


def uitleg(sleutel: str, parameters: Parameters) -> dict[str, str]:
    """``definitie`` and ``aanname`` of a table, as keyword arguments of ``Tabel``."""
    return {"definitie": definitie(sleutel), "aanname": aanname(sleutel, parameters)}


def caseload_kolommen() -> list[str]:
    """Headers of a month row with the ``CASELOAD_CODES``."""
    return [
        _("Maand"),
        _("Maatschappelijk assistenten"),
        _("VTE"),
        _("Actieve cliënten"),
        _("Caseload per VTE"),
        _("Zonder maatschappelijk assistent"),
    ]


def duurklassen() -> list[tuple[str, str]]:
    """The duration buckets of the current episode: (indicator code, label)."""
    return [
        ("duur_tot_1_jaar", _("minder dan 1 jaar")),
        ("duur_1_tot_2_jaar", _("1 tot 2 jaar")),
        ("duur_2_tot_4_jaar", _("2 tot 4 jaar")),
        ("duur_meer_dan_4_jaar", _("4 jaar of langer")),
    ]


def duur_rijen(waarden: dict, periode: str, sleutel: str) -> list[list[Cel]]:
    """One row per duration bucket: number and share (%)."""
    return [
        indicatorrij(label, (code, f"{code}_pct"), waarden, periode, sleutel)
        for code, label in duurklassen()
    ]


def partners_tabel(
    *,
    code: str,
    titel: str,
    jaar: int,
    partners: dict[str, dict],
    partnercodes: Iterable[str],
    namen: dict[str, str],
    herkomst: str,
    uitkomsten: Iterable[str] = (),
) -> Tabel:
    """Participants, results and cost per partner in ``jaar``, with a share column per
    outcome in ``uitkomsten`` (none by default)."""
    uitkomsten = list(uitkomsten)
    codes = [
        "deelnemers",
        "afgesloten",
        *(f"uitkomst_{u}_pct" for u in uitkomsten),
        "werk_pct",
        "ruimer_resultaat_pct",
        "kost_per_deelnemer",
        "kost_per_werkresultaat",
    ]
    kolommen = [_("Partner"), _("Deelnemers"), _("Afgesloten")]
    kolommen += [f"{UITKOMST_KORT[u]} (%)" for u in uitkomsten]
    kolommen += [
        _("Werk (%)"),
        _("Ruimer resultaat (%)"),
        _("Kost per deelnemer (EUR)"),
        _("Kost per werkresultaat (EUR)"),
    ]
    return Tabel(
        code=code,
        titel=titel,
        kolommen=kolommen,
        rijen=[
            indicatorrij(namen.get(c, c), codes, partners[c], str(jaar), f"partner:{c}")
            for c in partnercodes
        ],
        definitie=definitie("partners"),
        herkomst=herkomst,
    )


# --- Origin texts -----------------------------------------------------------------------------


def _tijdstip(waarde) -> str:
    return date_format(timezone.localtime(waarde), "SHORT_DATETIME_FORMAT")


def herkomst_tekst(herkomsten: dict[str, Herkomst]) -> str:
    """One sentence on where the numbers of a table come from, e.g. "berekend op 01/11/2026
    02:00, peildatum 01/11/2026; voorlopig: nov 2026"."""
    if not herkomsten:
        return _("Geen cijfers voor deze periode.")
    opgeslagen = {k: h for k, h in herkomsten.items() if h.opgeslagen}
    nu = [k for k, h in herkomsten.items() if not h.opgeslagen]
    delen = []
    if opgeslagen:
        momenten = sorted(h.berekend_op for h in opgeslagen.values())
        peildata = sorted({h.peildatum for h in opgeslagen.values()})
        moment = _tijdstip(momenten[0])
        if _tijdstip(momenten[-1]) != moment:
            moment += " – " + _tijdstip(momenten[-1])
        delen.append(
            _("berekend op %(moment)s, peildatum %(peildatum)s")
            % {
                "moment": moment,
                "peildatum": ", ".join(datum_label(p) for p in peildata),
            }
        )
    if nu:
        peildatum = datum_label(herkomsten[nu[0]].peildatum)
        delen.append(
            _("niet bewaard, nu berekend met peildatum %(peildatum)s: %(wat)s")
            % {"peildatum": peildatum, "wat": ", ".join(nu)}
        )
    voorlopig = [k for k, h in herkomsten.items() if h.voorlopig]
    if voorlopig:
        delen.append(_("voorlopig: %(wat)s") % {"wat": ", ".join(voorlopig)})
    tekst = "; ".join(delen)
    return tekst[:1].upper() + tekst[1:] + "."


# --- Builder ----------------------------------------------------------------------------------


class _Bouwer:
    def __init__(self, filters: Filters, vandaag: date, parameters: Parameters):
        self.f = filters
        self.vandaag = vandaag
        self.par = parameters
        self.maanden = [m for m in maanden_tussen(filters.van, filters.tot) if m <= vandaag]
        self.tabellen: dict[str, Tabel] = {}
        self.grafieken: dict[str, Grafiek] = {}
        self.lap_kaarten: list[dict] = []

    # helpers
    def _maandrij(
        self, maand: date, codes: Iterable[str], bron: dict, sleutel: str | None = None
    ) -> list[Cel]:
        label = maand_label(maand)
        if self.md.herkomst[maand].voorlopig:
            label += " " + _("(voorlopig)")
        return indicatorrij(
            label, codes, bron, maand_code(maand), sleutel or self.f.gemeente.nis_code
        )

    def _maandtabel(
        self,
        code: str,
        titel: str,
        kolommen: list[str],
        codes: Iterable[str],
        bronnen: dict[date, dict] | None = None,
        sleutel: str | None = None,
    ) -> None:
        """A table with one row per month of the period (the gemeente's totals by default)."""
        bronnen = self.md.totaal if bronnen is None else bronnen
        self.tabellen[code] = Tabel(
            code=code,
            titel=titel,
            kolommen=kolommen,
            rijen=[self._maandrij(m, codes, bronnen[m], sleutel) for m in self.maanden],
            **uitleg(code, self.par),
            herkomst=self._herkomst_maanden(self.maanden),
        )

    def _as_labels(self) -> list[str]:
        return [as_label(m) for m in self.maanden]

    def _maandreeks(self, code: str) -> list:
        """The gemeente's value of ``code`` for every month of the period (a chart series)."""
        return [self.md.totaal[m][code] for m in self.maanden]

    def _herkomst_maanden(self, maanden: Iterable[date]) -> str:
        return herkomst_tekst({maand_label(m): self.md.herkomst[m] for m in maanden})

    def bouw(self) -> Dashboard:
        g = self.f.gemeente
        self.md = dashboard_maanden(gemeente=g, maanden=self.maanden, vandaag=self.vandaag)
        self.maanden = [m for m in self.maanden if m in self.md.totaal]
        jaren = sorted({m.year for m in self.maanden})
        self.jd = dashboard_jaren(gemeente=g, jaren=jaren, vandaag=self.vandaag)
        self.lap = dashboard_lap(gemeente=g, vandaag=self.vandaag)
        self._lap()
        self._leefloners()
        self._duur()
        self._uitstroom()
        self._art60()
        self._caseload()
        self._partners()
        self._jaarcijfers()
        if self.f.vergelijk:
            self._vergelijking()
        herkomst = (
            self._herkomst_maanden(self.maanden)
            if self.maanden
            else _("Geen cijfers voor deze periode.")
        )
        return Dashboard(
            filters=self.f,
            tabellen=self.tabellen,
            grafieken=self.grafieken,
            parameters=self.par.als_dict(),
            herkomst=herkomst,
            lap_kaarten=self.lap_kaarten,
            caseload_target=self.par.caseload_target,
        )

    # 4.1 LAP
    def _lap(self) -> None:
        rijen = []
        for item in self.lap:
            w, o = item.waarden, item.overeenkomst
            periode = o.startdatum.isoformat()
            subsidie = Decimal(o.subsidie_eur)
            uitbetaling = round_half_up(subsidie * w["lap_subsidie_behaald_pct"] / 100, 2)
            prognose_pct = (
                lap_bijkomend_behaald_pct(
                    w["lap_prognose"], w["lap_basis"], w["lap_bijkomend_engagement"]
                )
                if w["lap_prognose"] is not None
                else None
            )
            label = f"{datum_label(o.startdatum)} – {datum_label(o.einddatum)}"
            if item.herkomst.voorlopig:
                label += " " + _("(lopend)")
            rij = indicatorrij(label, LAP_CODES, w, periode, self.f.gemeente.nis_code)
            rij += [
                Cel(prognose_pct, "", periode),
                Cel(als_tekst(subsidie), "", periode),
                Cel(als_tekst(uitbetaling), "", periode),
                Cel(als_tekst(subsidie - uitbetaling), "", periode),
            ]
            rijen.append(rij)
            self.lap_kaarten.append(
                {
                    "item": item,
                    "waarden": w,
                    "prognose_pct": prognose_pct,
                    "subsidie": als_tekst(subsidie),
                    "uitbetaling": als_tekst(uitbetaling),
                    "op_het_spel": als_tekst(subsidie - uitbetaling),
                }
            )
        self.tabellen["lap"] = Tabel(
            code="lap",
            titel=_("LAP-opvolging (lokaal activeringspact)"),
            kolommen=[
                _("Periode"),
                _("Referentie leefloners"),
                _("Basis"),
                _("Bijkomend engagement"),
                _("Doel"),
                _("Resultaat"),
                _("Prognose einde periode"),
                _("Bijkomend behaald (%)"),
                _("Subsidie uitbetaald (%)"),
                _("Prognose bijkomend (%)"),
                _("Subsidie (EUR)"),
                _("Verwachte uitbetaling (EUR)"),
                _("Op het spel (EUR)"),
            ],
            rijen=rijen,
            **uitleg("lap", self.par),
            herkomst=herkomst_tekst(
                {f"LAP {i.overeenkomst.startdatum:%Y}": i.herkomst for i in self.lap}
            ),
            onderschrift=_(
                "Op het spel: het deel van de subsidie dat bij het huidige resultaat niet wordt "
                "uitbetaald."
            ),
        )
        gevolgd = lap_tracker([i.overeenkomst for i in self.lap], vandaag=self.vandaag)
        if gevolgd is not None:
            self._lap_verloop(next(i for i in self.lap if i.overeenkomst is gevolgd))

    def _lap_verloop(self, item: LapGegevens) -> None:
        o, w = item.overeenkomst, item.waarden
        maanden = maanden_tussen(o.startdatum, o.einddatum)
        bekend = [m for m in maanden if m <= self.vandaag]
        extra = [m for m in bekend if m not in self.md.totaal]
        if extra:
            erbij = dashboard_maanden(gemeente=self.f.gemeente, maanden=extra, vandaag=self.vandaag)
            self.md.totaal |= erbij.totaal
            self.md.herkomst |= erbij.herkomst
        totaal_dagen = (o.einddatum - o.startdatum).days + 1
        cumulatief, rijen = 0, []
        reeks_resultaat, reeks_doel, reeks_prognose = [], [], []
        for maand in maanden:
            einde = min(maand_einde(maand), o.einddatum)
            doel = round_half_up(
                Decimal(w["lap_doel"]) * ((einde - o.startdatum).days + 1) / totaal_dagen, 1
            )
            reeks_doel.append(doel)
            if maand in bekend and maand in self.md.totaal:
                in_maand = self.md.totaal[maand]["duurzame_uitstroom_maand"]
                cumulatief += in_maand
                reeks_resultaat.append(cumulatief)
                reeks_prognose.append(cumulatief if maand == bekend[-1] else None)
                cijfers = [
                    Cel(
                        in_maand,
                        "duurzame_uitstroom_maand",
                        maand_code(maand),
                        self.f.gemeente.nis_code,
                    ),
                    Cel(cumulatief),
                ]
            else:
                reeks_resultaat.append(None)
                reeks_prognose.append(None)
                cijfers = [Cel(None), Cel(None)]
            rijen.append([Cel(maand_label(maand), tekst=True), *cijfers, Cel(als_tekst(doel))])
        if w["lap_prognose"] is not None and bekend and bekend[-1] != maanden[-1]:
            reeks_prognose[-1] = w["lap_prognose"]
            # straight line from the last known month to the prognosis at the end
            start = maanden.index(bekend[-1])
            stappen = len(maanden) - 1 - start
            begin = Decimal(reeks_prognose[start])
            for i in range(start + 1, len(maanden)):
                reeks_prognose[i] = begin + (w["lap_prognose"] - begin) * (i - start) / stappen
        titel = _("LAP %(van)s – %(tot)s: cumulatief resultaat tegenover de doellijn") % {
            "van": maand_label(maanden[0]),
            "tot": maand_label(maanden[-1]),
        }
        self.tabellen["lap_verloop"] = Tabel(
            code="lap_verloop",
            titel=titel,
            kolommen=[
                _("Maand"),
                _("Duurzame uitstroom in de maand"),
                _("Cumulatief"),
                _("Doellijn (lineair)"),
            ],
            rijen=rijen,
            **uitleg("lap", self.par),
            herkomst=self._herkomst_maanden([m for m in bekend if m in self.md.herkomst]),
            onderschrift=_(
                "Doellijn: het doel (%(doel)s) evenredig verdeeld over de dagen van de periode. "
                "Het cumulatief telt de maandcijfers op; het resultaat in de LAP-tabel komt uit "
                "één berekening over de hele periode."
            )
            % {"doel": w["lap_doel"]},
        )
        self.grafieken["lap_verloop"] = lijngrafiek(
            ident="grafiek-lap",
            titel=titel,
            beschrijving=_(
                "Cumulatieve duurzame uitstroom per maand, de lineaire doellijn naar %(doel)s en "
                "de prognose naar %(prognose)s."
            )
            % {"doel": w["lap_doel"], "prognose": w["lap_prognose"]},
            labels=[as_label(m) for m in maanden],
            reeksen=[
                Reeks(_("Resultaat (cumulatief)"), "reeks-1", reeks_resultaat),
                Reeks(_("Doellijn"), "reeks-doel", reeks_doel, gestippeld=True),
                Reeks(_("Prognose"), "reeks-prognose", reeks_prognose, gestippeld=True),
            ],
            doel=w["lap_basis"],
            doel_label=_("basis %(basis)s") % {"basis": w["lap_basis"]},
            doel_klasse="basis",
        )

    # 1 stock
    def _leefloners(self) -> None:
        self._maandtabel(
            "leefloners",
            _("Leefloon (LL) en equivalent leefloon (ELL) per maand"),
            [
                _("Maand"),
                _("LL"),
                _("ELL"),
                _("LL per 1.000 inw."),
                _("ELL per 1.000 inw."),
            ],
            (
                "leefloon_maand",
                "equivalent_leefloon_maand",
                "leefloon_per_1000",
                "equivalent_leefloon_per_1000",
            ),
        )
        labels = self._as_labels()
        self.grafieken["leefloners"] = lijngrafiek(
            ident="grafiek-leefloners",
            titel=_("Aantal LL en ELL per maand"),
            beschrijving=_("Verloop van het aantal leefloners en equivalent leefloners."),
            labels=labels,
            reeksen=[
                Reeks(_("LL"), "reeks-1", self._maandreeks("leefloon_maand")),
                Reeks(_("ELL"), "reeks-2", self._maandreeks("equivalent_leefloon_maand")),
            ],
        )
        self.grafieken["per_1000"] = lijngrafiek(
            ident="grafiek-per-1000",
            titel=_("LL en ELL per 1.000 inwoners"),
            beschrijving=_("Verloop van het aantal per 1.000 inwoners."),
            labels=labels,
            reeksen=[
                Reeks(_("LL per 1.000"), "reeks-1", self._maandreeks("leefloon_per_1000")),
                Reeks(
                    _("ELL per 1.000"), "reeks-2", self._maandreeks("equivalent_leefloon_per_1000")
                ),
            ],
        )

    # 2 duration
    def _duur(self) -> None:
        if not self.maanden:
            return
        maand = self.maanden[-1]
        w = self.md.totaal[maand]
        emmers = duurklassen()
        self.tabellen["duur"] = Tabel(
            code="duur",
            titel=_("Duur in het leefloon op het einde van %(maand)s")
            % {"maand": maand_label(maand)},
            kolommen=[_("Duur van de huidige episode"), _("Aantal"), _("Aandeel (%)")],
            rijen=duur_rijen(w, maand_code(maand), self.f.gemeente.nis_code),
            **uitleg("duur", self.par),
            herkomst=self._herkomst_maanden([maand]),
        )
        self.grafieken["duur"] = gestapelde_balken(
            ident="grafiek-duur",
            titel=_("Verdeling naar duur in het leefloon"),
            beschrijving=_("Aandeel per duurklasse van de huidige episode."),
            rijen=[(maand_label(maand), [w[f"{c}_pct"] for c, _label in emmers])],
            delen=[(label, f"reeks-{i + 1}") for i, (_c, label) in enumerate(emmers)],
        )

    # 3 cohorts
    def _uitstroom(self) -> None:
        self._maandtabel(
            "uitstroom",
            _("Instroom en uitstroom per instroommaand"),
            [
                _("Instroommaand"),
                _("Instroom (episodes)"),
                _("Uit binnen 6 maanden (%)"),
                _("Afhankelijk na 12 maanden (%)"),
                _("Afhankelijk na 24 maanden (%)"),
            ],
            (
                "instroom",
                "uitstroom_binnen_6_maanden_pct",
                "afhankelijk_na_12_maanden_pct",
                "afhankelijk_na_24_maanden_pct",
            ),
        )
        self.grafieken["uitstroom"] = lijngrafiek(
            ident="grafiek-uitstroom",
            titel=_("Uitstroom van de instroomgroepen"),
            beschrijving=_(
                "Per instroommaand: % uit binnen 6 maanden, % nog afhankelijk na 12 en 24 "
                "maanden; leeg zolang de termijn niet voorbij is."
            ),
            labels=self._as_labels(),
            reeksen=[
                Reeks(
                    _("uit binnen 6 maanden"),
                    "reeks-1",
                    self._maandreeks("uitstroom_binnen_6_maanden_pct"),
                ),
                Reeks(
                    _("afhankelijk na 12 maanden"),
                    "reeks-2",
                    self._maandreeks("afhankelijk_na_12_maanden_pct"),
                ),
                Reeks(
                    _("afhankelijk na 24 maanden"),
                    "reeks-3",
                    self._maandreeks("afhankelijk_na_24_maanden_pct"),
                ),
            ],
        )

    # 5 art. 60 and sustainable outflow per month
    def _art60(self) -> None:
        self._maandtabel(
            "art60",
            _("Art. 60 en duurzame uitstroom naar werk per maand"),
            [
                _("Maand"),
                _("Art. 60-tewerkgestelden"),
                _("Duurzame uitstroom"),
                _("waarvan via art. 60"),
            ],
            ("art60_maand", "duurzame_uitstroom_maand", "duurzame_uitstroom_art60_maand"),
        )
        self.grafieken["art60"] = staafgrafiek(
            ident="grafiek-art60",
            titel=_("Art. 60-tewerkgestelden per maand"),
            beschrijving=_("Aantal verschillende cliënten in een art. 60-traject per maand."),
            labels=self._as_labels(),
            reeks=Reeks(_("art. 60"), "reeks-4", self._maandreeks("art60_maand")),
        )

    # 6 caseload
    def _caseload(self) -> None:
        team = self.f.team
        doel = self.par.caseload_target
        if team is None:
            codes = CASELOAD_CODES
            bronnen = self.md.totaal
            sleutel = None
            titel = _("Caseload per voltijdse maatschappelijk assistent")
        else:
            codes = CASELOAD_CODES[:-1]  # no "without a social worker" per team
            dimensie = ("team", str(team.pk))
            bronnen = {m: self.md.dimensies.get(m, {}).get(dimensie, {}) for m in self.maanden}
            sleutel = f"team:{team.pk}"
            titel = _("Caseload per VTE van %(team)s") % {"team": team.naam}
        kolommen = caseload_kolommen()[: len(codes) + 1]
        self._maandtabel("caseload", titel, kolommen, codes, bronnen, sleutel)
        self.grafieken["caseload"] = lijngrafiek(
            ident="grafiek-caseload",
            titel=titel,
            beschrijving=_("Caseload per VTE per maand tegenover de richtwaarde %(doel)s.")
            % {"doel": doel},
            labels=self._as_labels(),
            reeksen=[
                Reeks(
                    _("caseload per VTE"),
                    "reeks-1",
                    [bronnen[m].get("caseload_per_vte") for m in self.maanden],
                )
            ],
            doel=doel,
            doel_label=_("richtwaarde %(doel)s") % {"doel": doel},
        )
        self._caseload_medewerkers()

    def _caseload_medewerkers(self) -> None:
        if not self.maanden:
            return
        maand = self.maanden[-1]
        per_mw = {
            sleutel: w
            for (dim, sleutel), w in self.md.dimensies.get(maand, {}).items()
            if dim == "medewerker"
        }
        medewerkers = Medewerker.objects.filter(pk__in=[int(k) for k in per_mw]).select_related(
            "user", "team"
        )
        if self.f.team is not None:
            medewerkers = medewerkers.filter(team=self.f.team)
        medewerkers = sorted(
            medewerkers, key=lambda m: (m.team.naam if m.team else "", str(m).lower())
        )
        periode = maand_code(maand)
        rijen = []
        for mw in medewerkers:
            w = per_mw[str(mw.pk)]
            sleutel = f"medewerker:{mw.pk}"
            rijen.append(
                [
                    Cel(str(mw), tekst=True),
                    Cel(mw.team.naam if mw.team else "–", tekst=True),
                    *cellen(
                        ("actieve_clienten", "vte_maatschappelijk_assistenten", "caseload_per_vte"),
                        w,
                        periode,
                        sleutel,
                    ),
                ]
            )
        doel = self.par.caseload_target
        self.tabellen["caseload_medewerkers"] = Tabel(
            code="caseload_medewerkers",
            titel=_("Caseload per maatschappelijk assistent, einde %(maand)s")
            % {"maand": maand_label(maand)},
            kolommen=[
                _("Maatschappelijk assistent"),
                _("Team"),
                _("Actieve cliënten"),
                _("VTE"),
                _("Caseload per VTE"),
            ],
            rijen=rijen,
            **uitleg("caseload", self.par),
            herkomst=self._herkomst_maanden([maand]),
        )
        self.grafieken["caseload_medewerkers"] = staafgrafiek(
            ident="grafiek-caseload-mw",
            titel=_("Caseload per VTE per maatschappelijk assistent"),
            beschrijving=_("Eén staaf per maatschappelijk assistent, met de richtwaarde %(doel)s.")
            % {"doel": doel},
            labels=[str(r[0].waarde).split(" ")[0] for r in rijen],
            reeks=Reeks(_("caseload per VTE"), "reeks-1", [r[4].waarde for r in rijen]),
            doel=doel,
            doel_label=_("richtwaarde %(doel)s") % {"doel": doel},
        )

    # 7 partners
    def _partners(self) -> None:
        if not self.jd:
            return
        jaar = max(self.jd)
        gegevens = self.jd[jaar]
        namen = dict(Partner.objects.values_list("code", "naam"))
        codes = sorted(gegevens.partners)
        if self.f.partner:
            codes = [c for c in codes if c == self.f.partner]
        uitkomsten = list(Uitkomst.choices)
        self.tabellen["partners"] = partners_tabel(
            code="partners",
            titel=_("Resultaten per partner in %(jaar)s") % {"jaar": jaar},
            jaar=jaar,
            partners=gegevens.partners,
            partnercodes=codes,
            namen=namen,
            herkomst=herkomst_tekst({str(jaar): gegevens.herkomst}),
            uitkomsten=[u for u, _label in uitkomsten],
        )
        self.grafieken["partners"] = gestapelde_balken(
            ident="grafiek-partners",
            titel=_("Uitkomsten per partner in %(jaar)s") % {"jaar": jaar},
            beschrijving=_("Verdeling van de afgesloten trajecten per uitkomst, per partner."),
            rijen=[
                (
                    namen.get(c, c),
                    [gegevens.partners[c].get(f"uitkomst_{u}_pct") for u, _l in uitkomsten],
                )
                for c in codes
            ],
            delen=[(str(label), f"reeks-{i + 1}") for i, (_u, label) in enumerate(uitkomsten)],
        )

    # yearly figures
    def _jaarcijfers(self) -> None:
        codes = (
            *LEEFLOON_JAAR_CODES,
            *UITSTROOM_JAAR_CODES,
            "duurzame_uitstroom_periode",
            "art60_gemiddeld_jaar",
            "art60_doorstroom_pct",
        )
        nis = self.f.gemeente.nis_code
        rijen = []
        for jaar in sorted(self.jd):
            w = self.jd[jaar].indicatoren
            label = str(jaar) + (" " + _("(voorlopig)") if self.jd[jaar].herkomst.voorlopig else "")
            rijen.append(indicatorrij(label, codes, w, str(jaar), nis))
        self.tabellen["jaarcijfers"] = Tabel(
            code="jaarcijfers",
            titel=_("Jaarcijfers"),
            kolommen=[
                _("Jaar"),
                _("LL (uniek)"),
                _("ELL (uniek)"),
                _("Instroom"),
                _("Uit binnen 6 maanden (%)"),
                _("Afhankelijk na 12 maanden (%)"),
                _("Afhankelijk na 24 maanden (%)"),
                _("Duurzame uitstroom"),
                _("Art. 60 gemiddeld per maand"),
                _("Doorstroom na art. 60 (%)"),
            ],
            rijen=rijen,
            **uitleg("jaar", self.par),
            herkomst=herkomst_tekst({str(j): self.jd[j].herkomst for j in sorted(self.jd)}),
        )

    # gemeenten side by side
    def _vergelijking(self) -> None:
        if not self.maanden:
            return
        maand = self.maanden[-1]
        gemeenten = [self.f.gemeente] + [g for g in self.f.vergelijk if g != self.f.gemeente]
        gegevens = dashboard_vergelijking(gemeenten=gemeenten, maand=maand)
        codes = (
            "leefloon_maand",
            "leefloon_per_1000",
            "equivalent_leefloon_maand",
            "equivalent_leefloon_per_1000",
            "duur_meer_dan_4_jaar_pct",
            "art60_maand",
            "duurzame_uitstroom_maand",
            "caseload_per_vte",
        )
        periode = maand_code(maand)
        rijen, herkomsten = [], {}
        for g in gemeenten:
            item = gegevens[g.nis_code]
            w = {}
            if item is not None:
                w, herkomsten[g.naam] = item
            rijen.append(indicatorrij(g.naam, codes, w, periode, g.nis_code))
        ontbreekt = [g.naam for g in gemeenten if gegevens[g.nis_code] is None]
        onderschrift = ""
        if ontbreekt:
            onderschrift = _("Nog geen momentopname voor %(maand)s: %(wie)s.") % {
                "maand": maand_label(maand),
                "wie": ", ".join(ontbreekt),
            }
        self.tabellen["vergelijking"] = Tabel(
            code="vergelijking",
            titel=_("Gemeenten naast elkaar, %(maand)s") % {"maand": maand_label(maand)},
            kolommen=[
                _("Gemeente"),
                _("LL"),
                _("LL per 1.000 inw."),
                _("ELL"),
                _("ELL per 1.000 inw."),
                _("Langer dan 4 jaar (%)"),
                _("Art. 60"),
                _("Duurzame uitstroom"),
                _("Caseload per VTE"),
            ],
            rijen=rijen,
            definitie=definitie("vergelijking"),
            herkomst=herkomst_tekst(herkomsten),
            onderschrift=onderschrift,
        )
        self.grafieken["vergelijking"] = staafgrafiek(
            ident="grafiek-vergelijking",
            titel=_("LL per 1.000 inwoners per gemeente"),
            beschrijving=_("Eén staaf per gemeente."),
            labels=[r[0].waarde for r in rijen],
            reeks=Reeks(_("LL per 1.000 inwoners"), "reeks-1", [r[2].waarde for r in rijen]),
        )


def dashboard_opbouwen(
    *, filters: Filters, vandaag: date | None = None, parameters: Parameters | None = None
) -> Dashboard:
    """Every table and chart of the dashboard for ``filters`` (stored snapshots first)."""
    vandaag = vandaag or timezone.localdate()
    return _Bouwer(filters, vandaag, parameters or Parameters.uit_settings()).bouw()
