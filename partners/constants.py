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


class MeldingSoort(models.TextChoices):
    """What a partner reports on a traject through the API."""

    START = "start", _("start")
    VOORTGANG = "voortgang", _("voortgang")
    AFWEZIGHEID = "afwezigheid", _("afwezigheid")
    WERK = "werk", _("werk")
    UITKOMST = "uitkomst", _("uitkomst")


class VerzoekStatus(models.TextChoices):
    """State of a request made with an ``Idempotency-Key``."""

    BEZIG = "bezig", _("bezig")
    KLAAR = "klaar", _("klaar")
