from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerSoort(models.TextChoices):
    TRAJECTPARTNER = "trajectpartner", _("trajectpartner")
    WERKGEVER = "werkgever", _("werkgever")
    SOCIALE_ECONOMIE = "sociale_economie", _("sociale economie")
    INTERIM = "interim", _("interim")
    OPLEIDING = "opleiding", _("opleiding")
    VDAB = "vdab", _("VDAB")
    WELZIJN = "welzijn", _("welzijn")
    ANDERE = "andere", _("andere")
