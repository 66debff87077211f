"""Create (or revoke) an API key of a partner organisation.

python manage.py partner_sleutel JOBROAD              # prints the new key as the last line
python manage.py partner_sleutel JOBROAD --naam "Koppeling CRM"
python manage.py partner_sleutel JOBROAD --intrekken AbCd1234   # by key prefix
"""

from django.core.management.base import BaseCommand, CommandError

from partners.models import Partner, PartnerAPIKey
from partners.services import partner_api_key_create, partner_api_key_revoke


class Command(BaseCommand):
    help = (
        "Maakt een API-sleutel voor een partner en toont die één keer (laatste regel), "
        "of trekt een sleutel in met --intrekken PREFIX."
    )

    def add_arguments(self, parser):
        parser.add_argument("partnercode", help="Code van de partner, bv. JOBROAD.")
        parser.add_argument("--naam", default="", help="Omschrijving van de sleutel (max. 50).")
        parser.add_argument(
            "--intrekken", metavar="PREFIX", help="Trek de sleutel met dit prefix in."
        )

    def handle(self, *args, partnercode: str, naam: str, intrekken: str | None, **options):
        try:
            partner = Partner.objects.get(code__iexact=partnercode)
        except Partner.DoesNotExist as exc:
            raise CommandError(f"Onbekende partner: {partnercode}") from exc
        if intrekken:
            api_key = PartnerAPIKey.objects.filter(partner=partner, prefix=intrekken).first()
            if api_key is None:
                raise CommandError(f"Geen sleutel met prefix {intrekken} voor {partner.code}.")
            partner_api_key_revoke(api_key=api_key)
            self.stdout.write(f"Sleutel {api_key.prefix} van {partner.code} is ingetrokken.")
            return
        if not partner.actief:
            raise CommandError(f"Partner {partner.code} is niet actief.")
        api_key, sleutel = partner_api_key_create(partner=partner, naam=naam)
        self.stdout.write(
            f"API-sleutel {api_key.prefix} aangemaakt voor {partner.code}. "
            "Bewaar ze nu: ze wordt niet opnieuw getoond. "
            "Gebruik: Authorization: Api-Key <sleutel>"
        )
        self.stdout.write(sleutel)
