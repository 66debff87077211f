"""LAP agreements, stored indicator snapshots and the exports of the reporting screens."""

from __future__ import annotations

from django.conf import settings
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


class LapSnapshot(models.Model):
    """The stored section 4.1 figures of one LAP agreement as known on ``peildatum`` (the
    LAP computation takes seconds on a city-sized gemeente; the dashboard reads this row).
    ``waarden`` holds the entry of ``bereken_indicatoren --lap`` exactly (ints and strings)."""

    overeenkomst = models.OneToOneField(
        LapOvereenkomst, on_delete=models.CASCADE, related_name="snapshot"
    )
    waarden = models.JSONField(_("waarden"))
    peildatum = models.DateField(_("peildatum"))
    definitie_versie = models.CharField(_("definitieversie"), max_length=16)
    berekend_op = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("LAP-momentopname")
        verbose_name_plural = _("LAP-momentopnames")

    def __str__(self) -> str:
        return f"{self.overeenkomst} @ {self.peildatum}"


#: The dashboard tables that can be exported (code → title).
TABELLEN = {
    "lap": _("LAP-opvolging"),
    "lap_verloop": _("LAP-verloop per maand"),
    "leefloners": _("LL en ELL per maand"),
    "duur": _("Duur in het leefloon"),
    "uitstroom": _("Instroom en uitstroom"),
    "art60": _("Art. 60 en duurzame uitstroom"),
    "caseload": _("Caseload"),
    "caseload_medewerkers": _("Caseload per maatschappelijk assistent"),
    "partners": _("Resultaten per partner"),
    "jaarcijfers": _("Jaarcijfers"),
    "vergelijking": _("Gemeenten naast elkaar"),
}


def _export_pad(export: Export, bestandsnaam: str) -> str:
    # No names in paths: the export id and a fixed file name.
    return f"exports/{export.aangemaakt_op:%Y/%m}/{export.pk}-{bestandsnaam}"


class Export(TimeStampedModel):
    """A download built by a background job: one dashboard table (CSV/XLSX) or the council
    report (XLSX/PDF). Only the requester and the gemeente's beheerders may download it."""

    class Soort(models.TextChoices):
        TABEL = "tabel", _("tabel van het dashboard")
        RAADSRAPPORT = "raadsrapport", _("raadsrapport")

    class Formaat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("wachtend")
        BEZIG = "bezig", _("bezig")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    soort = models.CharField(_("soort"), max_length=16, choices=Soort.choices)
    formaat = models.CharField(_("formaat"), max_length=8, choices=Formaat.choices)
    tabel = models.CharField(_("tabel"), max_length=32, blank=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="exports")
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WACHTEND
    )
    bestand = models.FileField(_("bestand"), upload_to=_export_pad, blank=True)
    foutmelding = models.CharField(_("foutmelding"), max_length=300, blank=True)
    taak_id = models.CharField(_("taak-id"), max_length=64, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rapportering_exports",
        verbose_name=_("aangevraagd door"),
    )
    voltooid_op = models.DateTimeField(_("voltooid op"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort="tabel", formaat__in=["csv", "xlsx"])
                | Q(soort="raadsrapport", formaat__in=["xlsx", "pdf"]),
                name="export_formaat_past_bij_soort",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["wachtend", "bezig", "klaar", "mislukt"]),
                name="export_status_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} {self.soort} {self.formaat} ({self.status})"

    @property
    def loopt(self) -> bool:
        return self.status in (self.Status.WACHTEND, self.Status.BEZIG)

    @property
    def omschrijving(self) -> str:
        if self.soort == self.Soort.RAADSRAPPORT:
            return str(_("Raadsrapport"))
        return str(TABELLEN.get(self.tabel, self.tabel))
