"""Clients (dossiers) and their benefit periods."""

import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from activering.models import Gemeente, Medewerker, TimeStampedModel

from .constants import Categorie, Drempel, Geslacht, LogboekSoort, Stopreden, Taal, UitkeringSoort


class Client(TimeStampedModel):
    """A person the OCMW supports. ``referentie`` is the dossier number of the source system;
    ``pseudoniem`` is the only identifier partners ever see."""

    referentie = models.CharField(_("dossiernummer"), max_length=64, unique=True)
    pseudoniem = models.UUIDField(_("pseudoniem"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="clienten")
    rijksregisternummer = models.CharField(
        _("rijksregisternummer"), max_length=11, null=True, blank=True, unique=True
    )
    voornaam = models.CharField(_("voornaam"), max_length=100)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    geslacht = models.CharField(_("geslacht"), max_length=1, choices=Geslacht.choices, blank=True)
    taal = models.CharField(_("taal"), max_length=8, choices=Taal.choices, default=Taal.NL)
    telefoon = models.CharField(_("telefoon"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    straat = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    huishouden = models.CharField(
        _("huishoudcategorie"), max_length=16, choices=Categorie.choices, blank=True
    )
    maatschappelijk_assistent = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clienten",
        verbose_name=_("maatschappelijk assistent"),
    )
    drempels = ArrayField(
        models.CharField(max_length=32, choices=Drempel.choices),
        default=list,
        blank=True,
        verbose_name=_("drempels naar werk"),
    )
    vdab_ingeschreven = models.BooleanField(_("ingeschreven bij VDAB"), default=False)
    vdab_inschrijvingsdatum = models.DateField(_("datum inschrijving VDAB"), null=True, blank=True)
    afgesloten_op = models.DateField(_("dossier afgesloten op"), null=True, blank=True)
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        ordering = ["achternaam", "voornaam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rijksregisternummer__regex=r"^\d{11}$")
                | Q(rijksregisternummer__isnull=True),
                name="client_rijksregisternummer_11_cijfers",
            ),
            models.CheckConstraint(
                condition=Q(geslacht__in=["", *Geslacht.values]), name="client_geslacht_geldig"
            ),
        ]
        indexes = [models.Index(fields=["gemeente", "maatschappelijk_assistent"])]

    def __str__(self) -> str:
        return self.referentie


def _closed_range(start: str, end: str) -> Func:
    """``daterange(start, end, '[]')``: both days included, NULL end = ongoing."""
    return Func(F(start), F(end), Value("[]"), function="daterange")


def _client_key() -> Func:
    """``int8range(client_id, client_id, '[]')``: equality on a range type, so that the
    exclusion constraint needs no btree_gist extension (the embedded build has none)."""
    return Func(F("client_id"), F("client_id"), Value("[]"), function="int8range")


class Uitkeringsperiode(TimeStampedModel):
    """A period of leefloon or equivalent leefloon. Periods of one soort never overlap."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="uitkeringsperiodes")
    soort = models.CharField(_("soort"), max_length=24, choices=UitkeringSoort.choices)
    categorie = models.CharField(_("categorie"), max_length=16, choices=Categorie.choices)
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    stopreden = models.CharField(
        _("stopreden"), max_length=24, choices=Stopreden.choices, blank=True
    )

    class Meta:
        verbose_name = _("uitkeringsperiode")
        verbose_name_plural = _("uitkeringsperiodes")
        ordering = ["client", "startdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "soort", "startdatum"], name="uitkeringsperiode_sleutel"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="uitkeringsperiode_einde_na_start",
            ),
            models.CheckConstraint(
                condition=Q(soort__in=UitkeringSoort.values), name="uitkeringsperiode_soort_geldig"
            ),
            models.CheckConstraint(
                condition=Q(categorie__in=Categorie.values),
                name="uitkeringsperiode_categorie_geldig",
            ),
            models.CheckConstraint(
                condition=Q(stopreden__in=["", *Stopreden.values]),
                name="uitkeringsperiode_stopreden_geldig",
            ),
            *[
                ExclusionConstraint(
                    name=f"uitkeringsperiode_geen_overlap_{soort}",
                    expressions=[
                        (_client_key(), RangeOperators.EQUAL),
                        (_closed_range("startdatum", "einddatum"), RangeOperators.OVERLAPS),
                    ],
                    condition=Q(soort=soort),
                    violation_error_message=_(
                        "Deze periode overlapt met een andere uitkeringsperiode van dezelfde soort."
                    ),
                )
                for soort in UitkeringSoort.values
            ],
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.startdatum}–{self.einddatum or '…'}"


class Logboekitem(TimeStampedModel):
    """A contact moment or event in the client's logbook (also partner reports)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="logboek")
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=16, choices=LogboekSoort.choices)
    tekst = models.TextField(_("tekst"), max_length=5000)
    auteur = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logboekitems",
        verbose_name=_("auteur"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logboekitems",
        verbose_name=_("partner"),
    )

    class Meta:
        verbose_name = _("logboekitem")
        verbose_name_plural = _("logboek")
        ordering = ["-datum", "-aangemaakt_op"]
        indexes = [models.Index(fields=["client", "-datum"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=LogboekSoort.values), name="logboekitem_soort_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.get_soort_display()}"
