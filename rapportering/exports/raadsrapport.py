"""The council report ("raadsrapport"): the standing questions of the gemeenteraad
(seeds/000: numbers and rates, outflow, dependency after one and two years, art. 60 and
doorstroom, social workers and caseload, partners with cost and results) answered for one
gemeente and period, with the definition printed under every figure.

The figures are computed fresh with one peildatum by the same selectors as
``bereken_indicatoren --json`` (month ``tot``, every year of the period, the LAP agreements),
so the report and the command give the same numbers for the same peildatum."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from activering.models import Gemeente
from partners.models import Partner

from ..definities import aanname, definitie
from ..grafieken import nl_getal
from ..indicatoren import Parameters
from ..selectors import indicatoren_jaar, indicatoren_lap, indicatoren_maand
from ..tabellen import Cel, Tabel, maand_code, maand_label
from .tabel import gegevens_blad, tabel_naar_blad


@dataclass
class Sectie:
    vraag: str
    tabellen: list[Tabel] = field(default_factory=list)


@dataclass
class Raadsrapport:
    gemeente: Gemeente
    van: date
    tot: date
    peildatum: date
    secties: list[Sectie]
    berekend_op: str

    @property
    def titel(self) -> str:
        return _("Raadsrapport activering leefloners – %(gemeente)s") % {
            "gemeente": self.gemeente.naam
        }

    @property
    def ondertitel(self) -> str:
        return _("Periode %(van)s – %(tot)s · peildatum %(peildatum)s · berekend op %(op)s") % {
            "van": maand_label(self.van),
            "tot": maand_label(self.tot),
            "peildatum": self.peildatum.isoformat(),
            "op": self.berekend_op,
        }

    def tabellen(self) -> list[Tabel]:
        return [t for s in self.secties for t in s.tabellen]


def _rij(label: str, codes, waarden: dict, periode: str, sleutel: str) -> list[Cel]:
    return [Cel(label, tekst=True)] + [Cel(waarden.get(c), c, periode, sleutel) for c in codes]


def raadsrapport_opbouwen(
    *, gemeente: Gemeente, van: date, tot: date, peildatum: date
) -> Raadsrapport:
    par = Parameters.uit_settings()
    nis = gemeente.nis_code
    maand = min(tot, peildatum.replace(day=1))
    m = indicatoren_maand(gemeente=gemeente, maand=maand, peildatum=peildatum)["indicatoren"]
    jaren = [j for j in range(van.year, tot.year + 1) if date(j, 1, 1) <= peildatum]
    jaar = {j: indicatoren_jaar(gemeente=gemeente, jaar=j, peildatum=peildatum) for j in jaren}
    lap = indicatoren_lap(gemeente=gemeente, peildatum=peildatum)["lap"]
    periode = maand_code(maand)
    herkomst = _("Berekend met peildatum %(p)s.") % {"p": peildatum.isoformat()}
    ml = maand_label(maand)

    secties = []
    # 1. numbers and rates
    s1 = Sectie(_("1. Wat zijn de exacte cijfers inzake leefloonklanten?"))
    s1.tabellen.append(
        Tabel(
            code="raad_aantallen",
            titel=_("Leefloners in %(maand)s") % {"maand": ml},
            kolommen=[_("Soort"), _("Aantal"), _("Per 1.000 inwoners")],
            rijen=[
                _rij(_("Leefloon (LL)"), ("leefloon_maand", "leefloon_per_1000"), m, periode, nis),
                _rij(
                    _("Equivalent leefloon (ELL)"),
                    ("equivalent_leefloon_maand", "equivalent_leefloon_per_1000"),
                    m,
                    periode,
                    nis,
                ),
            ],
            definitie=definitie("leefloners"),
            herkomst=herkomst,
        )
    )
    s1.tabellen.append(
        Tabel(
            code="raad_jaar_uniek",
            titel=_("Uniek aantal op jaarbasis"),
            kolommen=[_("Jaar"), _("LL"), _("ELL")],
            rijen=[
                _rij(
                    str(j),
                    ("leefloon_jaar", "equivalent_leefloon_jaar"),
                    jaar[j]["indicatoren"],
                    str(j),
                    nis,
                )
                for j in jaren
            ],
            definitie=_(
                "Aantal verschillende cliënten met minstens één dag (equivalent) leefloon in het "
                "jaar; wie meerdere periodes had, telt één keer."
            ),
            herkomst=herkomst,
        )
    )
    duur = [
        ("duur_tot_1_jaar", _("minder dan 1 jaar")),
        ("duur_1_tot_2_jaar", _("1 tot 2 jaar")),
        ("duur_2_tot_4_jaar", _("2 tot 4 jaar")),
        ("duur_meer_dan_4_jaar", _("4 jaar of langer")),
    ]
    s1.tabellen.append(
        Tabel(
            code="raad_duur",
            titel=_("Duur in het leefloon, einde %(maand)s") % {"maand": ml},
            kolommen=[_("Duur"), _("Aantal"), _("Aandeel (%)")],
            rijen=[_rij(label, (c, f"{c}_pct"), m, periode, nis) for c, label in duur],
            definitie=definitie("duur"),
            aanname=aanname("duur", par),
            herkomst=herkomst,
        )
    )
    secties.append(s1)

    # 2. outflow and dependency
    s2 = Sectie(
        _(
            "2. Hoeveel procent stroomt uit binnen zes maanden? Hoeveel blijven afhankelijk na "
            "een jaar of langer?"
        )
    )
    s2.tabellen.append(
        Tabel(
            code="raad_uitstroom",
            titel=_("Uitstroom per instroomjaar"),
            kolommen=[
                _("Instroomjaar"),
                _("Instroom (episodes)"),
                _("Uit binnen 6 maanden (%)"),
                _("Afhankelijk na 1 jaar (%)"),
                _("Afhankelijk na 2 jaar (%)"),
            ],
            rijen=[
                _rij(
                    str(j),
                    (
                        "instroom_jaar",
                        "uitstroom_binnen_6_maanden_pct_jaar",
                        "afhankelijk_na_12_maanden_pct_jaar",
                        "afhankelijk_na_24_maanden_pct_jaar",
                    ),
                    jaar[j]["indicatoren"],
                    str(j),
                    nis,
                )
                for j in jaren
            ],
            definitie=definitie("uitstroom")
            + " "
            + _("Per jaar: de twaalf instroommaanden samen; leeg = nog niet bekend."),
            aanname=aanname("uitstroom", par),
            herkomst=herkomst,
        )
    )
    secties.append(s2)

    # 3. art. 60
    s3 = Sectie(
        _(
            "3. Hoeveel leefloongerechtigden worden door een artikel 60-traject naar werk "
            "begeleid en hoeveel stroomden door naar werk?"
        )
    )
    s3.tabellen.append(
        Tabel(
            code="raad_art60",
            titel=_("Artikel 60 en duurzame uitstroom per jaar"),
            kolommen=[
                _("Jaar"),
                _("Art. 60 gemiddeld per maand"),
                _("Doorstroom na art. 60 (%)"),
                _("Duurzame uitstroom naar werk"),
            ],
            rijen=[
                _rij(
                    str(j),
                    ("art60_gemiddeld_jaar", "art60_doorstroom_pct", "duurzame_uitstroom_periode"),
                    jaar[j]["indicatoren"],
                    str(j),
                    nis,
                )
                for j in jaren
            ]
            + [
                _rij(
                    ml,
                    ("art60_maand", "", "duurzame_uitstroom_maand"),
                    m,
                    periode,
                    nis,
                )
            ],
            definitie=definitie("art60"),
            aanname=aanname("art60", par),
            herkomst=herkomst,
            onderschrift=_(
                "Laatste rij: de maand %(maand)s (art. 60-tewerkgestelden in die maand en de "
                "duurzame uitstroom van die maand)."
            )
            % {"maand": ml},
        )
    )
    secties.append(s3)

    # 4. social workers and caseload
    s4 = Sectie(
        _(
            "4. Hoeveel maatschappelijk werkers begeleiden leefloongerechtigden en hoeveel "
            "cliënten heeft een maatschappelijk werker gemiddeld?"
        )
    )
    s4.tabellen.append(
        Tabel(
            code="raad_caseload",
            titel=_("Maatschappelijk assistenten en caseload, einde %(maand)s") % {"maand": ml},
            kolommen=[
                _("Maand"),
                _("Maatschappelijk assistenten"),
                _("VTE"),
                _("Actieve cliënten"),
                _("Caseload per VTE"),
                _("Zonder maatschappelijk assistent"),
            ],
            rijen=[
                _rij(
                    ml,
                    (
                        "maatschappelijk_assistenten",
                        "vte_maatschappelijk_assistenten",
                        "actieve_clienten",
                        "caseload_per_vte",
                        "clienten_zonder_maatschappelijk_assistent",
                    ),
                    m,
                    periode,
                    nis,
                )
            ],
            definitie=definitie("caseload"),
            aanname=aanname("caseload", par),
            herkomst=herkomst,
        )
    )
    secties.append(s4)

    # 5. partners
    s5 = Sectie(
        _(
            "5. Welke partners werden ingeschakeld om leefloongerechtigden te activeren, wat is "
            "de kostprijs en welke resultaten werden behaald?"
        )
    )
    namen = dict(Partner.objects.values_list("code", "naam"))
    codes = (
        "deelnemers",
        "afgesloten",
        "werk_pct",
        "ruimer_resultaat_pct",
        "kost_per_deelnemer",
        "kost_per_werkresultaat",
    )
    for j in jaren:
        partners = jaar[j]["partners"]
        s5.tabellen.append(
            Tabel(
                code=f"raad_partners_{j}",
                titel=_("Partners in %(jaar)s") % {"jaar": j},
                kolommen=[
                    _("Partner"),
                    _("Deelnemers"),
                    _("Afgesloten"),
                    _("Werk (%)"),
                    _("Ruimer resultaat (%)"),
                    _("Kost per deelnemer (EUR)"),
                    _("Kost per werkresultaat (EUR)"),
                ],
                rijen=[
                    _rij(namen.get(c, c), codes, partners[c], str(j), f"partner:{c}")
                    for c in sorted(partners)
                ],
                definitie=definitie("partners"),
                herkomst=herkomst,
            )
        )
    secties.append(s5)

    # 6. LAP
    s6 = Sectie(_("6. Duurzame uitstroom naar werk: het lokaal activeringspact (LAP)"))
    lap_codes = (
        "lap_referentie_leefloners",
        "lap_basis",
        "lap_bijkomend_engagement",
        "lap_doel",
        "lap_resultaat",
        "lap_prognose",
        "lap_bijkomend_behaald_pct",
        "lap_subsidie_behaald_pct",
    )
    s6.tabellen.append(
        Tabel(
            code="raad_lap",
            titel=_("LAP-overeenkomsten"),
            kolommen=[
                _("Periode"),
                _("Referentie"),
                _("Basis"),
                _("Bijkomend"),
                _("Doel"),
                _("Resultaat"),
                _("Prognose"),
                _("Bijkomend behaald (%)"),
                _("Subsidie (%)"),
            ],
            rijen=[
                _rij(
                    f"{o['startdatum']} – {o['einddatum']}",
                    lap_codes,
                    o,
                    o["startdatum"],
                    nis,
                )
                for o in lap
            ],
            definitie=definitie("lap"),
            aanname=aanname("lap", par),
            herkomst=herkomst,
        )
    )
    secties.append(s6)
    return Raadsrapport(
        gemeente=gemeente,
        van=van,
        tot=tot,
        peildatum=peildatum,
        secties=secties,
        berekend_op=date_format(timezone.localtime(), "j-n-Y H:i"),
    )


# --- XLSX -------------------------------------------------------------------------------------


def raadsrapport_xlsx(rapport: Raadsrapport) -> bytes:
    werkboek = Workbook()
    blad = werkboek.active
    blad.title = _("Raadsrapport")
    blad.cell(row=1, column=1, value=rapport.titel).font = Font(bold=True, size=14)
    blad.cell(row=2, column=1, value=rapport.ondertitel).font = Font(italic=True)
    rij = 4
    for sectie in rapport.secties:
        blad.cell(row=rij, column=1, value=sectie.vraag).font = Font(bold=True, size=12)
        rij += 2
        for tabel in sectie.tabellen:
            rij = tabel_naar_blad(blad, tabel, rij)
    blad.column_dimensions["A"].width = 34
    for kolom in "BCDEFGHIJ":
        blad.column_dimensions[kolom].width = 18
    gegevens_blad(werkboek, rapport.tabellen())
    uit = io.BytesIO()
    werkboek.save(uit)
    return uit.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def _pdf_tekst(cel: Cel) -> str:
    if cel.tekst:
        return escape(str(cel.waarde))
    if cel.waarde is None:
        return "–" if cel.indicator else ""
    return nl_getal(cel.waarde)


def raadsrapport_pdf(rapport: Raadsrapport) -> bytes:
    uit = io.BytesIO()
    stijlen = getSampleStyleSheet()
    titel = ParagraphStyle("titel", parent=stijlen["Title"], alignment=TA_LEFT, fontSize=18)
    vraag = ParagraphStyle(
        "vraag", parent=stijlen["Heading2"], textColor=colors.HexColor("#1f5f8b"), fontSize=12.5
    )
    kop = ParagraphStyle("kop", parent=stijlen["Heading4"], spaceBefore=6, spaceAfter=3)
    klein = ParagraphStyle(
        "klein",
        parent=stijlen["BodyText"],
        fontSize=8,
        leading=10,
        textColor=colors.HexColor("#3d4752"),
    )
    cel_stijl = ParagraphStyle("cel", parent=stijlen["BodyText"], fontSize=8.5, leading=10)
    cel_kop = ParagraphStyle("celkop", parent=cel_stijl, fontName="Helvetica-Bold")
    cel_getal = ParagraphStyle("celgetal", parent=cel_stijl, alignment=TA_RIGHT)
    cel_kop_getal = ParagraphStyle("celkopgetal", parent=cel_kop, alignment=TA_RIGHT)

    def voet(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#4a5562"))
        canvas.drawString(15 * mm, 10 * mm, rapport.titel)
        canvas.drawRightString(
            doc.pagesize[0] - 15 * mm, 10 * mm, _("pagina %(n)s") % {"n": doc.page}
        )
        canvas.restoreState()

    document = SimpleDocTemplate(
        uit,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=rapport.titel,
        author="Activering",
        subject=rapport.ondertitel,
    )
    breedte = document.width
    inhoud = [
        Paragraph(escape(rapport.titel), titel),
        Paragraph(escape(rapport.ondertitel), stijlen["Italic"]),
        Spacer(1, 4 * mm),
    ]
    for sectie in rapport.secties:
        inhoud.append(Paragraph(escape(sectie.vraag), vraag))
        for tabel in sectie.tabellen:
            data = [
                [
                    Paragraph(escape(str(k)), cel_kop if i == 0 else cel_kop_getal)
                    for i, k in enumerate(tabel.kolommen)
                ]
            ]
            data += [
                [Paragraph(_pdf_tekst(c), cel_stijl if c.tekst else cel_getal) for c in rij]
                for rij in tabel.rijen
            ]
            if not tabel.rijen:
                leeg = [Paragraph(_("Geen gegevens."), cel_stijl)]
                data.append(leeg + [""] * (len(tabel.kolommen) - 1))
            eerste = min(70 * mm, breedte * 0.3)
            rest = min(40 * mm, (breedte - eerste) / max(1, len(tabel.kolommen) - 1))
            t = Table(
                data,
                colWidths=[eerste] + [rest] * (len(tabel.kolommen) - 1),
                repeatRows=1,
                hAlign="LEFT",
            )
            t.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f0")),
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        (
                            "ROWBACKGROUNDS",
                            (0, 1),
                            (-1, -1),
                            [colors.white, colors.HexColor("#f4f6f9")],
                        ),
                    ]
                )
            )
            blok = [Paragraph(escape(str(tabel.titel)), kop), t, Spacer(1, 1.5 * mm)]
            if tabel.onderschrift:
                blok.append(Paragraph(escape(str(tabel.onderschrift)), klein))
            blok.append(
                Paragraph(f"<b>{_('Definitie')}:</b> {escape(str(tabel.definitie))}", klein)
            )
            for regel in (tabel.aanname, tabel.herkomst):
                if regel:
                    blok.append(Paragraph(escape(str(regel)), klein))
            blok.append(Spacer(1, 3 * mm))
            inhoud.append(KeepTogether(blok))
        inhoud.append(HRFlowable(width="100%", color=colors.HexColor("#c9ced6")))
    document.build(inhoud, onFirstPage=voet, onLaterPages=voet)
    return uit.getvalue()
