"""LAP agreements; indicator snapshots are added by the indicator engine."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from activering.models import Gemeente, TimeStampedModel


class LapOvereenkomst(TimeStampedModel):
    """A Lokaal Activeringspact: a gemeente's outflow commitment for a period, and its subsidy."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="lap_overeenkomsten"
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"))
    subsidie_eur = models.DecimalField(_("subsidie (EUR)"), max_digits=12, decimal_places=2)
    referentie_leefloners = models.PositiveIntegerField(
        _("referentieaantal leefloners"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg: berekend als het aantal (E)LL-gerechtigden op 31 december voor de start."
        ),
    )

    class Meta:
        verbose_name = _("LAP-overeenkomst")
        verbose_name_plural = _("LAP-overeenkomsten")
        ordering = ["gemeente", "startdatum"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "startdatum"], name="lap_sleutel"),
            models.CheckConstraint(
                condition=Q(einddatum__gte=F("startdatum")), name="lap_einde_na_start"
            ),
            models.CheckConstraint(condition=Q(subsidie_eur__gte=0), name="lap_subsidie_positief"),
        ]

    def __str__(self) -> str:
        return f"LAP {self.gemeente.naam} {self.startdatum}–{self.einddatum}"
