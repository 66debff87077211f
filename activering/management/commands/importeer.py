"""``manage.py importeer MAP [--dry-run]``: import the CSV exchange files (docs/uitwisseling.md)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from activering.uitwisseling.resultaat import Voortgang
from activering.uitwisseling.services import uitwisseling_import


class Command(BaseCommand):
    help = "Importeert de CSV-bestanden van het uitwisselingsformaat uit een map (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("map", help="map met gemeenten.csv, clienten.csv, …")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alles controleren en tellen, maar niets bewaren",
        )

    def handle(self, *args, **options):
        start = time.monotonic()
        toon_voortgang = options["verbosity"] >= 1

        def progress(v: Voortgang) -> None:
            if not toon_voortgang:
                return
            fase = _("gelezen") if v.fase == "lezen" else _("geschreven")
            totaal = f"/{v.totaal}" if v.totaal is not None else ""
            self.stderr.write(f"  {v.bestand}: {v.verwerkt}{totaal} {fase}")
            sys.stderr.flush()

        resultaat = uitwisseling_import(
            map_pad=options["map"], dry_run=options["dry_run"], progress=progress
        )
        for waarschuwing in resultaat.waarschuwingen:
            self.stderr.write(self.style.WARNING(waarschuwing))
        if resultaat.problemen:
            for probleem in resultaat.problemen:
                self.stderr.write(str(probleem))
            raise CommandError(
                _("%d problemen gevonden; er werd niets ingeladen.") % len(resultaat.problemen)
            )
        for b in resultaat.bestanden:
            self.stdout.write(
                _("%(bestand)s: %(nieuw)d nieuw, %(bij)d bijgewerkt, %(zelfde)d ongewijzigd")
                % {
                    "bestand": b.bestand,
                    "nieuw": b.aangemaakt,
                    "bij": b.bijgewerkt,
                    "zelfde": b.ongewijzigd,
                }
            )
        duur = time.monotonic() - start
        if resultaat.dry_run:
            self.stdout.write(
                self.style.WARNING(_("Proefdraai (--dry-run): niets bewaard (%.1f s).") % duur)
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Import geslaagd (%.1f s).") % duur))
