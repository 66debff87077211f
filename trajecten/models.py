"""Activation trajecten (art. 60, partner programmes, training, …) and work spells."""

import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from activering.models import Medewerker, TimeStampedModel
from clients.models import Client
from partners.models import Partner

from .constants import (
    GESLOTEN_STATUSSEN,
    OPEN_STATUSSEN,
    Contracttype,
    TrajectSoort,
    TrajectStatus,
    Uitkomst,
    Werkplek,
)


class Traject(TimeStampedModel):
    """One activation traject of a client. Status changes go through ``trajecten.services``
    and the transitions in ``trajecten.workflow``. ``uuid`` is the id partners see."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referentie = models.CharField(_("referentie"), max_length=64, unique=True)
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="trajecten", verbose_name=_("cliënt")
    )
    soort = models.CharField(_("soort"), max_length=24, choices=TrajectSoort.choices)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten",
        verbose_name=_("partner"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TrajectStatus.choices, default=TrajectStatus.AANGEMELD
    )
    aanmelddatum = models.DateField(_("aanmelddatum"), null=True, blank=True)
    startdatum = models.DateField(_("startdatum"), null=True, blank=True)
    einddatum_gepland = models.DateField(_("geplande einddatum"), null=True, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=24, choices=Uitkomst.choices, blank=True)
    verwijzer = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verwezen_trajecten",
        verbose_name=_("verwezen door"),
    )
    # Art. 60 placement details (empty for other soorten).
    werkplek = models.CharField(_("werkplek"), max_length=24, choices=Werkplek.choices, blank=True)
    werkplek_naam = models.CharField(_("naam werkplek"), max_length=200, blank=True)
    uren_per_week = models.DecimalField(
        _("uren per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    twe = models.BooleanField(_("TWE-traject"), default=False)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    # When the social worker and the team lead were told that this referral had not started
    # 30 days after it was made (trajecten.services.aanmeldingen_niet_gestart_melden); once.
    niet_gestart_gemeld_op = models.DateTimeField(
        _("niet-gestart gemeld op"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-startdatum", "-aangemaakt_op"]
        indexes = [
            models.Index(fields=["partner", "-gewijzigd_op"]),
            models.Index(fields=["client", "soort"]),
            # The partner API's list order (partners.selectors.traject_list_for_partner_api):
            # a page of 50 is read from the index instead of sorting all of a partner's rows.
            models.Index(
                F("partner"),
                F("aanmelddatum").desc(nulls_last=True),
                F("id").desc(),
                name="traject_partner_aanmelding",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=TrajectSoort.values), name="traject_soort_geldig"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TrajectStatus.values), name="traject_status_geldig"
            ),
            models.CheckConstraint(
                condition=Q(uitkomst__in=["", *Uitkomst.values]), name="traject_uitkomst_geldig"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True)
                | Q(startdatum__isnull=True)
                | Q(einddatum__gte=F("startdatum")),
                name="traject_einde_na_start",
            ),
            models.CheckConstraint(
                condition=Q(einddatum_gepland__isnull=True)
                | Q(startdatum__isnull=True)
                | Q(einddatum_gepland__gte=F("startdatum")),
                name="traject_geplande_einde_na_start",
            ),
            # Closed trajecten have an end date, open ones none.
            models.CheckConstraint(
                condition=Q(status__in=GESLOTEN_STATUSSEN, einddatum__isnull=False)
                | Q(status__in=OPEN_STATUSSEN, einddatum__isnull=True),
                name="traject_einddatum_volgens_status",
            ),
            # A running or completed traject has started; a referral stopped before it
            # started (status stopgezet straight from aangemeld) has no startdatum.
            models.CheckConstraint(
                condition=Q(status__in=[TrajectStatus.AANGEMELD, TrajectStatus.STOPGEZET])
                | Q(startdatum__isnull=False),
                name="traject_gestart_heeft_startdatum",
            ),
            models.CheckConstraint(
                condition=Q(uitkomst="") | Q(status__in=GESLOTEN_STATUSSEN),
                name="traject_uitkomst_enkel_gesloten",
            ),
            ExclusionConstraint(
                name="traject_art60_geen_overlap",
                expressions=[
                    (
                        Func(F("client"), F("client"), Value("[]"), function="int8range"),
                        RangeOperators.EQUAL,
                    ),
                    (
                        Func(F("startdatum"), F("einddatum"), Value("[]"), function="daterange"),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(soort=TrajectSoort.ART60, startdatum__isnull=False),
                violation_error_message=_(
                    "Deze cliënt heeft al een art. 60-traject in die periode."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.referentie})"


class Werkperiode(TimeStampedModel):
    """An employment spell of a client. Spells may overlap (two part-time jobs)."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="werkperiodes", verbose_name=_("cliënt")
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    werkgever = models.CharField(_("werkgever"), max_length=200)
    contracttype = models.CharField(_("contracttype"), max_length=24, choices=Contracttype.choices)
    uren_per_week = models.DecimalField(
        _("uren per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    bron_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gemelde_werkperiodes",
        verbose_name=_("gemeld door partner"),
    )

    class Meta:
        verbose_name = _("werkperiode")
        verbose_name_plural = _("werkperiodes")
        ordering = ["client", "startdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "startdatum", "werkgever"], name="werkperiode_sleutel"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="werkperiode_einde_na_start",
            ),
            models.CheckConstraint(
                condition=Q(contracttype__in=Contracttype.values),
                name="werkperiode_contracttype_geldig",
            ),
            models.CheckConstraint(
                condition=Q(uren_per_week__isnull=True)
                | (Q(uren_per_week__gt=0) & Q(uren_per_week__lte=60)),
                name="werkperiode_uren_redelijk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.werkgever} {self.startdatum}–{self.einddatum or '…'}"
