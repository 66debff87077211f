"""``manage.py demo_totp``: the current TOTP code of the demo beheerder (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from activering.demo.totp import (
    DEMO_BEHEERDER,
    demo_totp_apparaat_maak,
    demo_totp_code,
    demo_totp_geheim,
)


class Command(BaseCommand):
    help = _("Toont de huidige aanmeldcode (TOTP) van beheerder.demo (enkel met DEBUG aan).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Enkel in een ontwikkelomgeving (DEBUG aan)."))
        if demo_totp_apparaat_maak() is None:
            raise CommandError(
                _("%(user)s bestaat niet: maak eerst demodata aan (manage.py demo_data).")
                % {"user": DEMO_BEHEERDER}
            )
        self.stdout.write(demo_totp_code())
        if options["verbosity"] >= 2:
            self.stdout.write(
                _("Sleutel voor een eigen authenticator-app: %(geheim)s")
                % {"geheim": demo_totp_geheim()}
            )
