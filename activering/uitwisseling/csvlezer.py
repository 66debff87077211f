"""Reading one CSV file of the exchange format: encoding (UTF-8, optional BOM), separator
(``,`` or ``;`` from the header line), case-insensitive header names, and cell parsers for
dates (``YYYY-MM-DD`` / ``DD/MM/YYYY``) and decimals (``1234.56`` / ``1234,56``)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from .resultaat import Probleem
from .specificatie import BestandSpec

BOM = "\ufeff"
VERVANGTEKEN = "\ufffd"


class Ongeldig(ValueError):
    """A cell value that cannot be parsed; the message is Dutch and user-facing."""


@dataclass
class CsvBestand:
    spec: BestandSpec
    scheidingsteken: str
    kolommen: list[str]  # normalised header names, in file order
    kop_in_orde: bool  # False: unknown/missing/duplicate columns were reported
    _tekst: str
    _slechte_regels: frozenset[int]

    def index(self) -> dict[str, int]:
        return {naam: i for i, naam in enumerate(self.kolommen)}

    def rijen(self, problemen: list[Probleem]) -> Iterator[tuple[int, list[str]]]:
        """Yield ``(line number, stripped cells)`` for each data row. Blank rows are skipped;
        rows with a wrong number of cells or an encoding error are reported and skipped."""
        reader = csv.reader(io.StringIO(self._tekst, newline=""), delimiter=self.scheidingsteken)
        vorige = 0
        breedte = len(self.kolommen)
        kop = True
        while True:
            try:
                cellen = next(reader)
            except StopIteration:
                return
            except csv.Error as fout:  # e.g. a cell beyond the csv module's size limit
                problemen.append(
                    Probleem(self.spec.naam, vorige + 1, "-", _("onleesbare regel: %s") % fout)
                )
                return
            regel = vorige + 1
            vorige = reader.line_num
            if kop:
                kop = False
                continue
            if not any(c.strip() for c in cellen):
                continue
            if regel in self._slechte_regels:
                continue  # already reported as an encoding problem
            if len(cellen) != breedte:
                problemen.append(
                    Probleem(
                        self.spec.naam,
                        regel,
                        "-",
                        _("deze regel heeft %(n)d waarden, de kopregel %(m)d kolommen")
                        % {"n": len(cellen), "m": breedte},
                    )
                )
                continue
            yield regel, [c.strip() for c in cellen]


def _decodeer(data: bytes, bestand: str, problemen: list[Probleem]) -> tuple[str, set[int]]:
    """Decode UTF-8 (BOM stripped). Invalid bytes are reported per line and replaced."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    tekst = data.decode("utf-8", errors="replace")
    kop = tekst.split("\n", 1)[0].rstrip("\r")
    scheiding = _scheidingsteken(kop)
    koppen = [k.strip().lower() for k in kop.split(scheiding)]
    slecht: set[int] = set()
    for nr, regel_bytes in enumerate(data.split(b"\n"), start=1):
        try:
            regel_bytes.decode("utf-8")
        except UnicodeDecodeError as fout:
            slecht.add(nr)
            regel = regel_bytes.decode("utf-8", errors="replace")
            kolom = "-"
            for i, cel in enumerate(regel.split(scheiding)):
                if VERVANGTEKEN in cel:
                    kolom = koppen[i] if i < len(koppen) and nr > 1 else "-"
                    break
            problemen.append(
                Probleem(
                    bestand,
                    nr,
                    kolom,
                    _("ongeldige tekencodering: byte 0x%(byte)02x is geen UTF-8")
                    % {"byte": regel_bytes[fout.start]},
                )
            )
    return tekst, slecht


def _scheidingsteken(kopregel: str) -> str:
    return ";" if kopregel.count(";") > kopregel.count(",") else ","


def lees_csv(pad: Path, spec: BestandSpec, problemen: list[Probleem]) -> CsvBestand | None:
    """Open ``pad`` and check its header against ``spec``. Returns None when the file has
    no usable header (reported)."""
    try:
        data = pad.read_bytes()
    except OSError as fout:
        problemen.append(Probleem(spec.naam, 0, "-", _("kan niet gelezen worden: %s") % fout))
        return None
    tekst, slecht = _decodeer(data, spec.naam, problemen)
    if 1 in slecht:
        return None
    scheiding = _scheidingsteken(tekst.split("\n", 1)[0])
    try:
        kopregel = next(csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding), None)
    except csv.Error as fout:
        problemen.append(Probleem(spec.naam, 1, "-", _("onleesbare kopregel: %s") % fout))
        return None
    if not kopregel or not any(k.strip() for k in kopregel):
        problemen.append(Probleem(spec.naam, 1, "-", _("de kopregel ontbreekt")))
        return None
    kolommen = [k.strip().lower() for k in kopregel]
    in_orde = True
    gezien: set[str] = set()
    for naam in kolommen:
        if naam not in spec.kolommen:
            in_orde = False
            problemen.append(
                Probleem(
                    spec.naam,
                    1,
                    naam or "-",
                    _("onbekende kolom (toegelaten: %s)") % ", ".join(spec.kolommen),
                )
            )
        elif naam in gezien:
            in_orde = False
            problemen.append(Probleem(spec.naam, 1, naam, _("deze kolom staat er twee keer")))
        gezien.add(naam)
    for naam in spec.verplicht:
        if naam not in gezien:
            in_orde = False
            problemen.append(Probleem(spec.naam, 1, naam, _("verplichte kolom ontbreekt")))
    return CsvBestand(
        spec=spec,
        scheidingsteken=scheiding,
        kolommen=kolommen,
        kop_in_orde=in_orde,
        _tekst=tekst,
        _slechte_regels=frozenset(slecht),
    )


# --- Cell parsers: take a non-empty stripped string, raise ``Ongeldig`` -----------------------

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_BELGISCH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DECIMAAL = re.compile(r"^-?\d+(\.\d+)?$")
_GEHEEL = re.compile(r"^-?\d+$")


def parse_datum(waarde: str) -> datetime.date:
    if m := _ISO.match(waarde):
        jaar, maand, dag = (int(x) for x in m.groups())
    elif m := _BELGISCH.match(waarde):
        dag, maand, jaar = (int(x) for x in m.groups())
    else:
        raise Ongeldig(_("'%s' is geen datum (JJJJ-MM-DD of DD/MM/JJJJ)") % waarde)
    try:
        return datetime.date(jaar, maand, dag)
    except ValueError:
        raise Ongeldig(_("'%s' is geen bestaande datum") % waarde) from None


def parse_decimaal(waarde: str) -> Decimal:
    genormaliseerd = waarde.replace(",", ".")
    if not _DECIMAAL.match(genormaliseerd):
        raise Ongeldig(_("'%s' is geen getal (bv. 1234.56 of 1234,56)") % waarde)
    try:
        return Decimal(genormaliseerd)
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        raise Ongeldig(_("'%s' is geen getal") % waarde) from None


def parse_geheel(waarde: str) -> int:
    if not _GEHEEL.match(waarde):
        raise Ongeldig(_("'%s' is geen geheel getal") % waarde)
    return int(waarde)


def parse_ja_nee(waarde: str) -> bool:
    match waarde.lower():
        case "ja":
            return True
        case "nee":
            return False
    raise Ongeldig(_("'%s' moet 'ja' of 'nee' zijn") % waarde)
