"""`manage.py partner_sleutel`: creates a key that works, prints it last; revokes by prefix."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from partners.models import PartnerAPIKey
from partners.selectors import partner_api_key_from_key


def test_command_prints_a_working_key_as_last_line(partner_a):
    out = StringIO()
    call_command("partner_sleutel", "jobroad", "--naam", "CRM-koppeling", stdout=out)
    sleutel = out.getvalue().strip().splitlines()[-1]
    api_key = partner_api_key_from_key(sleutel=sleutel)
    assert api_key is not None
    assert api_key.partner == partner_a
    assert api_key.name == "CRM-koppeling"
    assert sleutel not in PartnerAPIKey.objects.get(pk=api_key.pk).hashed_key


def test_command_revokes_by_prefix(partner_a):
    out = StringIO()
    call_command("partner_sleutel", "JOBROAD", stdout=out)
    sleutel = out.getvalue().strip().splitlines()[-1]
    call_command("partner_sleutel", "JOBROAD", "--intrekken", sleutel.split(".")[0], stdout=out)
    assert partner_api_key_from_key(sleutel=sleutel) is None


@pytest.mark.django_db
def test_command_refuses_unknown_partner():
    with pytest.raises(CommandError, match="Onbekende partner"):
        call_command("partner_sleutel", "NIEMAND", stdout=StringIO())
    assert not PartnerAPIKey.objects.exists()
