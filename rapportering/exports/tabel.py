"""Writers for ``Tabel`` objects: CSV (Belgian Excel: semicolons, decimal comma, UTF-8 with
BOM) and XLSX (openpyxl: numbers stay numbers, exact decimals, one sheet per table plus a
machine-readable sheet "Gegevens" with one row per figure)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..tabellen import Cel, Tabel

KOP_VULLING = PatternFill("solid", fgColor="DCE6F0")


def _xlsx_waarde(cel: Cel):
    if cel.tekst or cel.waarde is None:
        return cel.waarde
    if isinstance(cel.waarde, int):
        return cel.waarde
    return Decimal(str(cel.waarde))


def _decimalen(waarde) -> int:
    if isinstance(waarde, str) and "." in waarde:
        return len(waarde.split(".")[1])
    return 0


def _csv_waarde(cel: Cel) -> str:
    if cel.waarde is None:
        return ""
    if cel.tekst:
        return str(cel.waarde)
    return str(cel.waarde).replace(".", ",")


def tabel_csv(tabel: Tabel) -> bytes:
    """The table, then an empty line and the definition, settings and origin."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(tabel.kolommen)
    for rij in tabel.rijen:
        schrijver.writerow([_csv_waarde(cel) for cel in rij])
    schrijver.writerow([])
    schrijver.writerow([tabel.titel])
    for regel in (tabel.definitie, tabel.aanname, tabel.herkomst, tabel.onderschrift):
        if regel:
            schrijver.writerow([regel])
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def _blad_titel(tekst: str, gebruikt: set[str]) -> str:
    titel = "".join(c for c in tekst if c not in "[]:*?/\\")[:28] or _("Tabel")
    basis, n = titel, 2
    while titel in gebruikt:
        titel = f"{basis[:26]}{n}"
        n += 1
    gebruikt.add(titel)
    return titel


def tabel_naar_blad(blad, tabel: Tabel, begin_rij: int = 1) -> int:
    """Write ``tabel`` from ``begin_rij``: title, header, rows, definition lines. Returns the
    next free row."""
    blad.cell(row=begin_rij, column=1, value=tabel.titel).font = Font(bold=True, size=12)
    rij_nr = begin_rij + 1
    for k, kop in enumerate(tabel.kolommen, start=1):
        cel = blad.cell(row=rij_nr, column=k, value=str(kop))
        cel.font = Font(bold=True)
        cel.fill = KOP_VULLING
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    for rij in tabel.rijen:
        rij_nr += 1
        for k, cel in enumerate(rij, start=1):
            doel = blad.cell(row=rij_nr, column=k, value=_xlsx_waarde(cel))
            if not cel.tekst and cel.waarde is not None:
                decimalen = _decimalen(cel.waarde)
                doel.number_format = "#,##0" if decimalen == 0 else "0." + "0" * decimalen
    rij_nr += 1
    for regel in (tabel.definitie, tabel.aanname, tabel.herkomst, tabel.onderschrift):
        if regel:
            rij_nr += 1
            cel = blad.cell(row=rij_nr, column=1, value=str(regel))
            cel.font = Font(italic=True, size=9, color="4A5562")
    return rij_nr + 2


def gegevens_blad(werkboek: Workbook, tabellen: Sequence[Tabel]) -> None:
    """One row per figure: table, indicator code, period, key, value (exact)."""
    blad = werkboek.create_sheet(_("Gegevens"))
    koppen = [_("tabel"), _("indicator"), _("periode"), _("sleutel"), _("waarde")]
    blad.append(koppen)
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for tabel in tabellen:
        for rij in tabel.rijen:
            for cel in rij:
                if cel.indicator:
                    blad.append(
                        [tabel.code, cel.indicator, cel.periode, cel.sleutel, _xlsx_waarde(cel)]
                    )
    for k in range(1, 6):
        blad.column_dimensions[get_column_letter(k)].width = 28


def _breedtes(blad) -> None:
    blad.column_dimensions["A"].width = 34
    for k in range(2, blad.max_column + 1):
        blad.column_dimensions[get_column_letter(k)].width = 16


def tabellen_xlsx(tabellen: Sequence[Tabel], *, titel: str = "") -> bytes:
    """One sheet per table and a sheet "Gegevens"."""
    werkboek = Workbook()
    werkboek.remove(werkboek.active)
    gebruikt: set[str] = set()
    for tabel in tabellen:
        blad = werkboek.create_sheet(_blad_titel(tabel.titel, gebruikt))
        rij = 1
        if titel:
            blad.cell(row=1, column=1, value=titel).font = Font(bold=True, size=14)
            rij = 3
        tabel_naar_blad(blad, tabel, rij)
        _breedtes(blad)
        blad.freeze_panes = blad.cell(row=rij + 2, column=2)
    gegevens_blad(werkboek, tabellen)
    uit = io.BytesIO()
    werkboek.save(uit)
    return uit.getvalue()
