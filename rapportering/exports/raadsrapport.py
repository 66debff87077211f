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
from ..grafieken import getal_tekst
from ..indicatoren import Parameters
from ..selectors import indicatoren_jaar, indicatoren_lap, indicatoren_maand
from ..tabellen import (
    CASELOAD_CODES,
    LAP_CODES,
    LEEFLOON_JAAR_CODES,
    UITSTROOM_JAAR_CODES,
    Cel,
    Tabel,
    caseload_kolommen,
    datum_label,
    duur_rijen,
    indicatorrij,
    maand_code,
    maand_label,
    partners_tabel,
    uitleg,
)
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
            "peildatum": datum_label(self.peildatum),
            "op": self.berekend_op,
        }

    def tabellen(self) -> list[Tabel]:
        return [t for s in self.secties for t in s.tabellen]


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
    herkomst = _("Berekend met peildatum %(p)s.") % {"p": datum_label(peildatum)}
    ml = maand_label(maand)

    def jaarrijen(codes) -> list[list[Cel]]:
        return [indicatorrij(str(j), codes, jaar[j]["indicatoren"], str(j), nis) for j in jaren]

    namen = dict(Partner.objects.values_list("code", "naam"))
    secties = [
        # 1. numbers and rates
        Sectie(
            _("1. Wat zijn de exacte cijfers inzake leefloonklanten?"),
            [
                Tabel(
                    code="raad_aantallen",
                    titel=_("Leefloners in %(maand)s") % {"maand": ml},
                    kolommen=[_("Soort"), _("Aantal"), _("Per 1.000 inwoners")],
                    rijen=[
                        indicatorrij(
                            _("Leefloon (LL)"),
                            ("leefloon_maand", "leefloon_per_1000"),
                            m,
                            periode,
                            nis,
                        ),
                        indicatorrij(
                            _("Equivalent leefloon (ELL)"),
                            ("equivalent_leefloon_maand", "equivalent_leefloon_per_1000"),
                            m,
                            periode,
                            nis,
                        ),
                    ],
                    definitie=definitie("leefloners"),
                    herkomst=herkomst,
                ),
                Tabel(
                    code="raad_jaar_uniek",
                    titel=_("Uniek aantal op jaarbasis"),
                    kolommen=[_("Jaar"), _("LL"), _("ELL")],
                    rijen=jaarrijen(LEEFLOON_JAAR_CODES),
                    definitie=_(
                        "Aantal verschillende cliënten met minstens één dag (equivalent) leefloon "
                        "in het jaar; wie meerdere periodes had, telt één keer."
                    ),
                    herkomst=herkomst,
                ),
                Tabel(
                    code="raad_duur",
                    titel=_("Duur in het leefloon, einde %(maand)s") % {"maand": ml},
                    kolommen=[_("Duur"), _("Aantal"), _("Aandeel (%)")],
                    rijen=duur_rijen(m, periode, nis),
                    **uitleg("duur", par),
                    herkomst=herkomst,
                ),
            ],
        ),
        # 2. outflow and dependency
        Sectie(
            _(
                "2. Hoeveel procent stroomt uit binnen zes maanden? Hoeveel blijven afhankelijk "
                "na een jaar of langer?"
            ),
            [
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
                    rijen=jaarrijen(UITSTROOM_JAAR_CODES),
                    definitie=definitie("uitstroom")
                    + " "
                    + _("Per jaar: de twaalf instroommaanden samen; leeg = nog niet bekend."),
                    aanname=aanname("uitstroom", par),
                    herkomst=herkomst,
                )
            ],
        ),
        # 3. art. 60
        Sectie(
            _(
                "3. Hoeveel leefloongerechtigden worden door een artikel 60-traject naar werk "
                "begeleid en hoeveel stroomden door naar werk?"
            ),
            [
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
                        *jaarrijen(
                            (
                                "art60_gemiddeld_jaar",
                                "art60_doorstroom_pct",
                                "duurzame_uitstroom_periode",
                            )
                        ),
                        indicatorrij(
                            ml, ("art60_maand", "", "duurzame_uitstroom_maand"), m, periode, nis
                        ),
                    ],
                    **uitleg("art60", par),
                    herkomst=herkomst,
                    onderschrift=_(
                        "Laatste rij: de maand %(maand)s (art. 60-tewerkgestelden in die maand "
                        "en de duurzame uitstroom van die maand)."
                    )
                    % {"maand": ml},
                )
            ],
        ),
        # 4. social workers and caseload
        Sectie(
            _(
                "4. Hoeveel maatschappelijk werkers begeleiden leefloongerechtigden en hoeveel "
                "cliënten heeft een maatschappelijk werker gemiddeld?"
            ),
            [
                Tabel(
                    code="raad_caseload",
                    titel=_("Maatschappelijk assistenten en caseload, einde %(maand)s")
                    % {"maand": ml},
                    kolommen=caseload_kolommen(),
                    rijen=[indicatorrij(ml, CASELOAD_CODES, m, periode, nis)],
                    **uitleg("caseload", par),
                    herkomst=herkomst,
                )
            ],
        ),
        # 5. partners
        Sectie(
            _(
                "5. Welke partners werden ingeschakeld om leefloongerechtigden te activeren, wat "
                "is de kostprijs en welke resultaten werden behaald?"
            ),
            [
                partners_tabel(
                    code=f"raad_partners_{j}",
                    titel=_("Partners in %(jaar)s") % {"jaar": j},
                    jaar=j,
                    partners=jaar[j]["partners"],
                    partnercodes=sorted(jaar[j]["partners"]),
                    namen=namen,
                    herkomst=herkomst,
                )
                for j in jaren
            ],
        ),
        # 6. LAP
        Sectie(
            _("6. Duurzame uitstroom naar werk: het lokaal activeringspact (LAP)"),
            [
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
                        indicatorrij(
                            f"{datum_label(date.fromisoformat(o['startdatum']))} – "
                            f"{datum_label(date.fromisoformat(o['einddatum']))}",
                            LAP_CODES,
                            o,
                            o["startdatum"],
                            nis,
                        )
                        for o in lap
                    ],
                    **uitleg("lap", par),
                    herkomst=herkomst,
                )
            ],
        ),
    ]
    return Raadsrapport(
        gemeente=gemeente,
        van=van,
        tot=tot,
        peildatum=peildatum,
        secties=secties,
        berekend_op=date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
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
    return getal_tekst(cel.waarde)


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
