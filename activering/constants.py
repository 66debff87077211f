from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    MAATSCHAPPELIJK_ASSISTENT = "maatschappelijk_assistent", _("Maatschappelijk assistent")
    TEAMLEIDER = "teamleider", _("Teamleider")
    BEHEERDER = "beheerder", _("Beheerder")
    ANALIST = "analist", _("Analist")
