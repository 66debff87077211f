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


class IndicatorSnapshot(models.Model):
    """One stored indicator value of a gemeente for a month (or a year), optionally broken
    down by a dimension (team, medewerker, partner). Written by
    ``rapportering.services.indicatoren_bereken`` with an idempotent upsert; read back by
    ``rapportering.selectors``."""

    class Periode(models.TextChoices):
        MAAND = "maand", _("maand")
        JAAR = "jaar", _("jaar")

    class Dimensie(models.TextChoices):
        TOTAAL = "", _("totaal")
        TEAM = "team", _("team")
        MEDEWERKER = "medewerker", _("medewerker")
        PARTNER = "partner", _("partner")

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="indicator_snapshots"
    )
    periode = models.CharField(
        _("periode"), max_length=8, choices=Periode.choices, default=Periode.MAAND
    )
    maand = models.DateField(_("maand"), help_text=_("Eerste dag van de maand (of van het jaar)."))
    indicator = models.CharField(_("indicator"), max_length=64)
    dimensie = models.CharField(
        _("dimensie"), max_length=16, choices=Dimensie.choices, blank=True, default=""
    )
    dimensie_sleutel = models.CharField(_("dimensiesleutel"), max_length=64, blank=True, default="")
    waarde = models.DecimalField(
        _("waarde"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    waarde_tekst = models.CharField(
        _("afgeronde waarde"),
        max_length=32,
        blank=True,
        default="",
        help_text=_("De afgeronde waarde exact zoals gerapporteerd; leeg voor aantallen."),
    )
    teller = models.DecimalField(_("teller"), max_digits=20, decimal_places=6, null=True)
    noemer = models.DecimalField(_("noemer"), max_digits=20, decimal_places=6, null=True)
    peildatum = models.DateField(_("peildatum"))
    voorlopig = models.BooleanField(
        _("voorlopig"), default=False, help_text=_("De maand liep nog op de peildatum.")
    )
    definitie_versie = models.CharField(_("definitieversie"), max_length=16)
    berekend_op = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("indicatorsnapshot")
        verbose_name_plural = _("indicatorsnapshots")
        ordering = ["gemeente", "periode", "maand", "indicator", "dimensie", "dimensie_sleutel"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "gemeente",
                    "periode",
                    "maand",
                    "indicator",
                    "dimensie",
                    "dimensie_sleutel",
                ],
                name="indicatorsnapshot_sleutel",
            ),
            models.CheckConstraint(
                condition=Q(maand__day=1), name="indicatorsnapshot_maand_eerste_dag"
            ),
            models.CheckConstraint(
                condition=Q(periode__in=["maand", "jaar"]), name="indicatorsnapshot_periode_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.maand:%Y-%m} {self.indicator}"

    @property
    def uitvoer(self) -> int | str | None:
        """The value as in the output contract: int for counts, exact string, or None."""
        if self.waarde is None:
            return None
        if self.waarde_tekst:
            return self.waarde_tekst
        return int(self.waarde)
