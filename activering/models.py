"""The OCMW's own organisation: gemeenten, their inhabitants, teams and staff."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .constants import Rol


class TimeStampedModel(models.Model):
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class Gemeente(TimeStampedModel):
    """A municipality whose OCMW uses the installation, identified by its NIS code."""

    nis_code = models.CharField(
        _("NIS-code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Een NIS-code bestaat uit 5 cijfers."))],
    )
    naam = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nis_code__regex=r"^\d{5}$"), name="gemeente_nis_code_5_cijfers"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.nis_code})"


class Inwoners(TimeStampedModel):
    """Number of inhabitants of a gemeente in a year (denominator of the rates per 1,000)."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="inwoners", verbose_name=_("gemeente")
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    inwoners = models.PositiveIntegerField(_("inwoners"))

    class Meta:
        verbose_name = _("inwonersaantal")
        verbose_name_plural = _("inwonersaantallen")
        ordering = ["gemeente", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="inwoners_uniek_per_jaar"),
            models.CheckConstraint(condition=Q(inwoners__gt=0), name="inwoners_positief"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente.naam} {self.jaar}: {self.inwoners}"


class Team(TimeStampedModel):
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="teams", verbose_name=_("gemeente")
    )
    naam = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["gemeente", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "naam"], name="team_naam_uniek_per_gemeente"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Medewerker(TimeStampedModel):
    """Staff profile on a Django user: role, gemeente, team and FTE."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="medewerker",
        verbose_name=_("gebruiker"),
    )
    rol = models.CharField(_("rol"), max_length=32, choices=Rol.choices)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="medewerkers", verbose_name=_("gemeente")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        verbose_name=_("team"),
    )
    vte = models.DecimalField(
        _("VTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1.0"))],
        help_text=_("Voltijdse equivalenten, van 0,1 tot 1,0."),
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vte__gte=Decimal("0.1")) & Q(vte__lte=Decimal("1.0")),
                name="medewerker_vte_tussen_0_1_en_1",
            ),
            models.CheckConstraint(condition=Q(rol__in=Rol.values), name="medewerker_rol_geldig"),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class AuditEvent(models.Model):
    """Who did what to which dossier, when and from where. Append-only; holds ids, never
    names or rijksregisternummers. Write through ``activering.services.audit_log``."""

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    partner_code = models.CharField(_("partner"), max_length=32, blank=True)
    api_sleutel = models.CharField(_("API-sleutel (prefix)"), max_length=16, blank=True)
    actie = models.CharField(_("actie"), max_length=64)
    object_type = models.CharField(_("objecttype"), max_length=64, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    client_id = models.BigIntegerField(_("cliënt-id"), null=True, blank=True, db_index=True)
    ip_adres = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.actie}"


class Notificatie(TimeStampedModel):
    """An in-app notification for a staff member (e.g. a partner report on a client).

    A notification made from a ``sjabloon`` (a Dutch msgid) and ``parameters`` is shown in the
    reader's language (``weergave``); ``tekst`` holds its Dutch wording, and is all that older
    or free-text notifications have."""

    ontvanger = models.ForeignKey(
        Medewerker,
        on_delete=models.CASCADE,
        related_name="notificaties",
        verbose_name=_("ontvanger"),
    )
    client_id = models.BigIntegerField(_("cliënt-id"), null=True, blank=True)
    tekst = models.CharField(_("tekst"), max_length=300)
    sjabloon = models.CharField(_("sjabloon"), max_length=300, blank=True, editable=False)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True, editable=False)
    link = models.CharField(_("link"), max_length=300, blank=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-aangemaakt_op"]
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"])]

    def __str__(self) -> str:
        return self.tekst

    @staticmethod
    def opmaken(sjabloon: str, parameters: dict) -> str:
        """``sjabloon`` translated into the active language and filled in; text values are
        translated too when the catalogue knows them (a report kind such as ‘voortgang’),
        names, references and dates stay as they are."""
        waarden = {
            sleutel: gettext(waarde) if isinstance(waarde, str) and waarde else waarde
            for sleutel, waarde in parameters.items()
        }
        return (gettext(sjabloon) % waarden)[:300]

    @property
    def weergave(self) -> str:
        """The text in the reader's language (the stored Dutch text when there is no
        template, or when the template no longer fits its parameters)."""
        if not self.sjabloon:
            return self.tekst
        try:
            return self.opmaken(self.sjabloon, self.parameters)
        except (KeyError, TypeError, ValueError):
            return self.tekst


class Importopdracht(models.Model):
    """A CSV import uploaded in the browser (``/beheer/import/``), run as a background job.

    The uploaded files live in a private folder under ``MEDIA_ROOT`` (``map``) until the job
    has run; then they are deleted and ``map`` is emptied. ``problemen`` holds the problems as
    ``file:line: column: message`` lines, exactly as ``manage.py importeer`` prints them."""

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("wachtend")
        BEZIG = "bezig", _("bezig")
        GESLAAGD = "geslaagd", _("geslaagd")
        MISLUKT = "mislukt", _("mislukt")

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgeladen door"),
    )
    aangemaakt_op = models.DateTimeField(_("opgeladen op"), auto_now_add=True, db_index=True)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    beeindigd_op = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WACHTEND
    )
    dry_run = models.BooleanField(_("proefimport"), default=False)
    # Folder of the uploaded files, relative to MEDIA_ROOT; empty once they are deleted.
    map = models.CharField(_("map"), max_length=200, blank=True)
    # [{"naam": "clienten.csv", "grootte": 1234}, ...]
    bestanden = models.JSONField(_("bestanden"), default=list, blank=True)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    # [{"bestand", "rijen", "aangemaakt", "bijgewerkt", "ongewijzigd"}, ...]
    samenvatting = models.JSONField(_("samenvatting per bestand"), default=list, blank=True)
    problemen = models.JSONField(_("problemen"), default=list, blank=True)
    aantal_problemen = models.PositiveIntegerField(_("aantal problemen"), default=0)
    waarschuwingen = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    taak_id = models.CharField(_("Celery-taak"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("importopdracht")
        verbose_name_plural = _("importopdrachten")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(voortgang__lte=100), name="importopdracht_voortgang_max_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["wachtend", "bezig", "geslaagd", "mislukt"]),
                name="importopdracht_status_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"importopdracht {self.pk} ({self.status})"

    @property
    def afgelopen(self) -> bool:
        return self.status in (self.Status.GESLAAGD, self.Status.MISLUKT)
