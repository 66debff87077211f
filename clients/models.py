"""Clients (dossiers) and their benefit periods."""

import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from activering.models import Gemeente, Medewerker, TimeStampedModel

from .constants import (
    Categorie,
    DocumentSoort,
    Drempel,
    Geslacht,
    GpmiActor,
    GpmiDomein,
    LogboekSoort,
    Stopreden,
    Taal,
    UitkeringSoort,
)


class Client(TimeStampedModel):
    """A person the OCMW supports. ``referentie`` is the dossier number of the source system;
    ``pseudoniem`` is the only identifier partners ever see."""

    referentie = models.CharField(_("dossiernummer"), max_length=64, unique=True)
    pseudoniem = models.UUIDField(_("pseudoniem"), default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="clienten", verbose_name=_("gemeente")
    )
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
    gewijzigd_door = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatst gewijzigd door"),
        editable=False,
    )

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
    return Func(F("client"), F("client"), Value("[]"), function="int8range")


class Uitkeringsperiode(TimeStampedModel):
    """A period of leefloon or equivalent leefloon. Periods of one soort never overlap."""

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="uitkeringsperiodes",
        verbose_name=_("cliënt"),
    )
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

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="logboek", verbose_name=_("cliënt")
    )
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


class Gpmi(TimeStampedModel):
    """A GPMI (geïndividualiseerd project voor maatschappelijke integratie): a written
    agreement with goals and both parties' steps, evaluated at least once a quarter."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="gpmis", verbose_name=_("cliënt")
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    domein = models.CharField(_("actiedomein"), max_length=24, choices=GpmiDomein.choices)
    doelen = models.TextField(_("doelen"), max_length=5000)
    opgesteld_door = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgesteld door"),
    )

    class Meta:
        verbose_name = _("GPMI")
        verbose_name_plural = _("GPMI's")
        ordering = ["-startdatum", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=F("startdatum")),
                name="gpmi_einde_na_start",
            ),
            models.CheckConstraint(
                condition=Q(domein__in=GpmiDomein.values), name="gpmi_domein_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"GPMI {self.startdatum}"


class GpmiActie(TimeStampedModel):
    """An agreed step in a GPMI: who does what, by when."""

    gpmi = models.ForeignKey(
        Gpmi, on_delete=models.CASCADE, related_name="acties", verbose_name=_("GPMI")
    )
    actor = models.CharField(_("wie"), max_length=16, choices=GpmiActor.choices)
    omschrijving = models.CharField(_("afspraak"), max_length=500)
    deadline = models.DateField(_("tegen"), null=True, blank=True)
    afgerond_op = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("GPMI-afspraak")
        verbose_name_plural = _("GPMI-afspraken")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__in=GpmiActor.values), name="gpmiactie_actor_geldig"
            ),
        ]

    def __str__(self) -> str:
        return self.omschrijving


class GpmiEvaluatie(TimeStampedModel):
    """A (quarterly) evaluation of a GPMI."""

    gpmi = models.ForeignKey(
        Gpmi, on_delete=models.CASCADE, related_name="evaluaties", verbose_name=_("GPMI")
    )
    datum = models.DateField(_("datum"))
    verslag = models.TextField(_("verslag"), max_length=5000)
    auteur = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )

    class Meta:
        verbose_name = _("GPMI-evaluatie")
        verbose_name_plural = _("GPMI-evaluaties")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["gpmi", "-datum"])]

    def __str__(self) -> str:
        return f"evaluatie {self.datum}"


class Taak(TimeStampedModel):
    """A to-do on a dossier with a due date (call back, check a document, ...)."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="taken", verbose_name=_("cliënt")
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    vervaldatum = models.DateField(_("vervaldatum"))
    toegewezen_aan = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken",
        verbose_name=_("toegewezen aan"),
    )
    afgewerkt_op = models.DateField(_("afgewerkt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["afgewerkt_op", "vervaldatum", "id"]
        indexes = [models.Index(fields=["client", "afgewerkt_op", "vervaldatum"])]

    def __str__(self) -> str:
        return self.omschrijving


def _document_pad(instance: "Document", filename: str) -> str:
    """Random file name: the original name (often a person's name) stays in the database."""
    return f"documenten/{instance.client_id}/{uuid.uuid4().hex}.{instance.soort}"


class Document(TimeStampedModel):
    """A file in a dossier. Its type is recognised from the content, never from the name."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="documenten", verbose_name=_("cliënt")
    )
    bestand = models.FileField(_("bestand"), upload_to=_document_pad, max_length=200)
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=8, choices=DocumentSoort.choices)
    grootte = models.PositiveIntegerField(_("grootte (bytes)"))
    opgeladen_door = models.ForeignKey(
        Medewerker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgeladen door"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=DocumentSoort.values), name="document_soort_geldig"
            ),
        ]

    def __str__(self) -> str:
        return self.naam
