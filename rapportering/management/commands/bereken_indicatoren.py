"""``manage.py bereken_indicatoren``: the indicators of one gemeente for a month, a year, its LAP
agreements, or (stored as snapshots) a range of months. See docs/indicatoren.md."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta

from rapportering.indicatoren import OngeldigePeriode
from rapportering.selectors import (
    OngeldigeParameter,
    gemeente_get_by_nis,
    indicatoren_jaar,
    indicatoren_lap,
    indicatoren_maand,
    standaard_peildatum,
)
from rapportering.services import (
    indicatoren_bereken,
    indicatoren_bereken_reeks,
    indicatoren_jaar_bereken,
)


def _maand(tekst: str, optie: str) -> date:
    try:
        if len(tekst) != 7:
            raise ValueError
        return date.fromisoformat(f"{tekst}-01")
    except ValueError:
        raise CommandError(
            _("%(optie)s verwacht een maand als JJJJ-MM, niet %(tekst)r.")
            % {"optie": optie, "tekst": tekst}
        ) from None


def _jaar(tekst: str) -> int:
    if not (len(tekst) == 4 and tekst.isdigit() and int(tekst) >= 1900):
        raise CommandError(_("--jaar verwacht een jaartal als JJJJ, niet %(t)r.") % {"t": tekst})
    return int(tekst)


def _datum(tekst: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(
            _("--peildatum verwacht een datum als JJJJ-MM-DD, niet %(t)r.") % {"t": tekst}
        ) from None


class Command(BaseCommand):
    help = _(
        "Berekent de indicatoren van een gemeente voor een maand, een jaar of de LAP-"
        "overeenkomsten, of slaat een reeks maanden op als momentopname."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gemeente", required=True, help=_("NIS-code van de gemeente."))
        soort = parser.add_mutually_exclusive_group(required=True)
        soort.add_argument("--maand", help=_("Maand als JJJJ-MM."))
        soort.add_argument("--jaar", help=_("Jaar als JJJJ (met de partnerresultaten)."))
        soort.add_argument("--lap", action="store_true", help=_("De LAP-overeenkomsten."))
        soort.add_argument(
            "--van", help=_("Eerste maand (JJJJ-MM) van een reeks die wordt opgeslagen.")
        )
        parser.add_argument(
            "--tot", help=_("Laatste maand (JJJJ-MM) van de reeks; standaard de peildatum.")
        )
        parser.add_argument("--peildatum", help=_("Peildatum als JJJJ-MM-DD; standaard vandaag."))
        parser.add_argument("--json", action="store_true", help=_("Uitvoer als JSON-object."))
        parser.add_argument(
            "--opslaan",
            action="store_true",
            help=_("Sla het resultaat van --maand of --jaar ook op als momentopname."),
        )

    def handle(self, *args, **opties) -> None:
        peildatum = _datum(opties["peildatum"]) if opties["peildatum"] else standaard_peildatum()
        if opties["tot"] and not opties["van"]:
            raise CommandError(_("--tot kan alleen samen met --van."))
        if opties["opslaan"] and not (opties["maand"] or opties["jaar"]):
            raise CommandError(_("--opslaan kan alleen samen met --maand of --jaar."))
        try:
            gemeente = gemeente_get_by_nis(nis_code=opties["gemeente"])
            if opties["maand"]:
                maand = _maand(opties["maand"], "--maand")
                if opties["opslaan"]:
                    indicatoren_bereken(gemeente=gemeente, maand=maand, peildatum=peildatum)
                uitvoer = indicatoren_maand(gemeente=gemeente, maand=maand, peildatum=peildatum)
            elif opties["jaar"]:
                jaar = _jaar(opties["jaar"])
                if opties["opslaan"]:
                    indicatoren_jaar_bereken(gemeente=gemeente, jaar=jaar, peildatum=peildatum)
                uitvoer = indicatoren_jaar(gemeente=gemeente, jaar=jaar, peildatum=peildatum)
            elif opties["lap"]:
                uitvoer = indicatoren_lap(gemeente=gemeente, peildatum=peildatum)
            else:
                uitvoer = self._reeks(gemeente, opties, peildatum)
        except (OngeldigeParameter, OngeldigePeriode) as fout:
            raise CommandError(str(fout)) from None

        if opties["json"]:
            self.stdout.write(json.dumps(uitvoer, ensure_ascii=False, indent=2, sort_keys=True))
        else:
            self._tekst(uitvoer)

    def _reeks(self, gemeente, opties, peildatum: date) -> dict:
        van = _maand(opties["van"], "--van")
        tot = _maand(opties["tot"], "--tot") if opties["tot"] else peildatum.replace(day=1)
        if tot < van:
            raise CommandError(_("--tot ligt voor --van."))
        maanden, maand = [], van
        while maand <= tot:
            maanden.append(maand)
            maand += relativedelta(months=1)
        resultaten = indicatoren_bereken_reeks(
            gemeente=gemeente, maanden=maanden, peildatum=peildatum
        )
        return {
            "gemeente": gemeente.nis_code,
            "van": van.strftime("%Y-%m"),
            "tot": tot.strftime("%Y-%m"),
            "peildatum": peildatum.isoformat(),
            "opgeslagen": len(resultaten),
        }

    def _tekst(self, uitvoer: dict) -> None:
        kop = ", ".join(
            f"{sleutel}: {uitvoer[sleutel]}"
            for sleutel in ("gemeente", "maand", "jaar", "van", "tot", "peildatum", "opgeslagen")
            if sleutel in uitvoer
        )
        self.stdout.write(kop)
        for code, waarde in uitvoer.get("indicatoren", {}).items():
            self.stdout.write(f"  {code}: {'—' if waarde is None else waarde}")
        for partner, waarden in uitvoer.get("partners", {}).items():
            self.stdout.write(f"  {_('partner')} {partner}:")
            for code, waarde in waarden.items():
                self.stdout.write(f"    {code}: {'—' if waarde is None else waarde}")
        for overeenkomst in uitvoer.get("lap", []):
            self.stdout.write(f"  LAP {overeenkomst['startdatum']} – {overeenkomst['einddatum']}:")
            for code, waarde in overeenkomst.items():
                if code not in ("startdatum", "einddatum"):
                    self.stdout.write(f"    {code}: {'—' if waarde is None else waarde}")
