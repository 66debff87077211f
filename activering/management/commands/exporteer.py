"""``manage.py exporteer MAP [--gemeente NIS]``: write the CSV exchange files
(docs/uitwisseling.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from activering.models import Gemeente
from activering.uitwisseling.resultaat import Voortgang
from activering.uitwisseling.services import uitwisseling_export


class Command(BaseCommand):
    help = "Schrijft alle gegevens naar de CSV-bestanden van het uitwisselingsformaat."

    def add_arguments(self, parser):
        parser.add_argument("map", help="doelmap (wordt aangemaakt als ze niet bestaat)")
        parser.add_argument("--gemeente", metavar="NIS", help="enkel de gegevens van deze gemeente")

    def handle(self, *args, **options):
        toon_voortgang = options["verbosity"] >= 1

        def progress(v: Voortgang) -> None:
            if toon_voortgang and v.totaal is None:
                self.stderr.write(f"  {v.bestand}: {v.verwerkt} {_('geschreven')}")

        try:
            resultaat = uitwisseling_export(
                map_pad=options["map"], gemeente=options["gemeente"], progress=progress
            )
        except Gemeente.DoesNotExist:
            raise CommandError(
                _("Onbekende gemeente met NIS-code '%s'.") % options["gemeente"]
            ) from None
        except OSError as fout:
            raise CommandError(_("Kan niet schrijven naar de map: %s") % fout) from None
        for bestand, aantal in resultaat.rijen.items():
            self.stdout.write(_("%(bestand)s: %(n)d rijen") % {"bestand": bestand, "n": aantal})
        self.stdout.write(self.style.SUCCESS(_("Export geschreven naar %s.") % resultaat.map_pad))
