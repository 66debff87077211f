"""``manage.py demo_data``: a demo installation (Mechelen, Putte, Sint-Katelijne-Waver)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from activering.demo.profielen import SCHALEN
from activering.demo.services import STANDAARD_SEED, demo_cijfers_bereken, demo_data_create


def _datum(tekst: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError as exc:
        raise CommandError(_("Ongeldige datum %(d)s: gebruik JJJJ-MM-DD.") % {"d": tekst}) from exc


class Command(BaseCommand):
    help = _(
        "Maakt demodata aan: een OCMW op de schaal van Mechelen (of heel Vlaanderen) met "
        "cliënten, uitkeringsperiodes, trajecten, partners en LAP-overeenkomsten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schaal",
            choices=sorted(SCHALEN),
            default="mechelen",
            help=_("mechelen (3 gemeenten, standaard) of vlaanderen (30 gemeenten)"),
        )
        parser.add_argument(
            "--clienten",
            type=int,
            default=None,
            help=_("aantal (E)LL-cliënten van Mechelen in een maand (standaard 1900)"),
        )
        parser.add_argument(
            "--seed", type=int, default=STANDAARD_SEED, help=_("startwaarde van het toeval")
        )
        parser.add_argument(
            "--peildatum",
            type=_datum,
            default=None,
            help=_("laatste dag van de gegenereerde geschiedenis (standaard vandaag)"),
        )
        parser.add_argument(
            "--opnieuw",
            action="store_true",
            help=_("bestaande demodata eerst wissen en alles opnieuw aanmaken"),
        )
        parser.add_argument(
            "--met-cijfers",
            action="store_true",
            help=_(
                "daarna de cijfers van het dashboard opslaan (standaardperiode), ook wanneer "
                "de demodata al bestonden"
            ),
        )
        parser.add_argument(
            "--forceer",
            action="store_true",
            help=_("ook uitvoeren wanneer DEBUG uit staat"),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["forceer"]:
            raise CommandError(
                _(
                    "Demodata worden enkel aangemaakt in een ontwikkelomgeving (DEBUG aan). "
                    "Gebruik --forceer als u dit echt in deze omgeving wilt."
                )
            )
        if options["clienten"] is not None and options["clienten"] < 20:
            raise CommandError(_("--clienten moet minstens 20 zijn."))
        try:
            resultaat = demo_data_create(
                schaal=options["schaal"],
                clienten=options["clienten"],
                seed=options["seed"],
                peildatum=options["peildatum"],
                opnieuw=options["opnieuw"],
                melding=self.stdout.write if options["verbosity"] >= 2 else None,
            )
        except (ProtectedError, DatabaseError) as exc:
            raise CommandError(
                _("De demodata konden niet worden aangemaakt of gewist: %(fout)s")
                % {"fout": exc.__class__.__name__}
            ) from exc
        if not resultaat.aangemaakt:
            self.stdout.write(
                _(
                    "Demodata bestaan al (%(gemeente)s) en blijven zoals ze zijn. "
                    "Gebruik --opnieuw om ze te wissen en opnieuw aan te maken."
                )
                % {"gemeente": resultaat.bestaande_gemeente}
            )
        else:
            self._aangemaakt(resultaat)
        if options["met_cijfers"]:
            nis_codes = demo_cijfers_bereken()
            self.stdout.write(
                _("Cijfers van het dashboard opgeslagen voor %(aantal)d gemeenten.")
                % {"aantal": len(nis_codes)}
            )

    def _aangemaakt(self, resultaat) -> None:
        a = resultaat.aantallen
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demodata aangemaakt (schaal %(schaal)s, peildatum %(peildatum)s) in "
                    "%(sec).1f s: %(gemeenten)d gemeenten, %(clienten)d cliënten, "
                    "%(periodes)d uitkeringsperiodes, %(trajecten)d trajecten, "
                    "%(werk)d werkperiodes, %(logboek)d logboekitems."
                )
                % {
                    "schaal": resultaat.schaal,
                    "peildatum": resultaat.peildatum.isoformat(),
                    "sec": resultaat.seconden,
                    "gemeenten": len(resultaat.per_gemeente),
                    "clienten": a.get("clienten", 0),
                    "periodes": a.get("uitkeringsperiodes", 0),
                    "trajecten": a.get("trajecten", 0),
                    "werk": a.get("werkperiodes", 0),
                    "logboek": a.get("logboekitems", 0),
                }
            )
        )
        self.stdout.write(
            _(
                "Aanmelden met ma.demo, teamleider.demo, beheerder.demo of analist.demo "
                "(wachtwoord: de instelling DEMO_PASSWORD)."
            )
        )
