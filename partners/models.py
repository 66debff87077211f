"""Partner organisations, their yearly agreements with a gemeente, their API keys and the
reports (meldingen) they send through the partner API."""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rest_framework_api_key.models import AbstractAPIKey

from activering.models import Gemeente, TimeStampedModel
from trajecten.constants import Uitkomst

from .constants import MeldingSoort, PartnerSoort, VerzoekStatus


class Partner(TimeStampedModel):
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Korte code, bv. JOBROAD.")
    )
    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=24, choices=PartnerSoort.choices)
    actief = models.BooleanField(_("actief"), default=True)
    contact_naam = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=PartnerSoort.values), name="partner_soort_geldig"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Overeenkomst(TimeStampedModel):
    """A partner's agreement with a gemeente for one year: subsidy and capacity."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="overeenkomsten", verbose_name=_("partner")
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        related_name="overeenkomsten",
        verbose_name=_("gemeente"),
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    subsidie_eur = models.DecimalField(_("subsidie (EUR)"), max_digits=12, decimal_places=2)
    capaciteit = models.PositiveIntegerField(_("capaciteit"), null=True, blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("overeenkomst")
        verbose_name_plural = _("overeenkomsten")
        ordering = ["partner", "gemeente", "jaar"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "gemeente", "jaar"], name="overeenkomst_sleutel"
            ),
            models.CheckConstraint(
                condition=Q(subsidie_eur__gte=0), name="overeenkomst_subsidie_positief"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.gemeente.naam} {self.jaar}"


class PartnerAPIKey(AbstractAPIKey):
    """An API key of one partner organisation. Only a SHA-512 hash of the key is stored (a fast
    hash is safe for a long random key and keeps authentication cheap); the key itself is shown
    once. ``prefix`` (8 characters) identifies the key in logs and the audit trail."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="api_sleutels", verbose_name=_("partner")
    )
    laatst_gebruikt = models.DateTimeField(
        _("laatst gebruikt"),
        null=True,
        blank=True,
        help_text=_("Bijgewerkt hoogstens één keer per minuut."),
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API-sleutel van partner")
        verbose_name_plural = _("API-sleutels van partners")


class Melding(models.Model):
    """A report a partner sent on one of its trajecten (start, progress, absence, work, outcome).
    Stored as received; its effects (status change, logbook, werkperiode) are made by
    ``partners.services.melding_create`` in the same transaction."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    traject = models.ForeignKey(
        "trajecten.Traject",
        on_delete=models.CASCADE,
        related_name="meldingen",
        verbose_name=_("traject"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="meldingen", verbose_name=_("partner")
    )
    api_sleutel = models.ForeignKey(
        PartnerAPIKey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("API-sleutel"),
    )
    soort = models.CharField(_("soort"), max_length=16, choices=MeldingSoort.choices)
    datum = models.DateField(_("datum"))
    omschrijving = models.TextField(_("omschrijving"), max_length=2000, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=24, choices=Uitkomst.choices, blank=True)
    werkperiode = models.ForeignKey(
        "trajecten.Werkperiode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("werkperiode"),
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"), default=timezone.now)

    class Meta:
        verbose_name = _("melding van partner")
        verbose_name_plural = _("meldingen van partners")
        ordering = ["-ontvangen_op", "-id"]
        indexes = [models.Index(fields=["traject", "soort", "datum"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=MeldingSoort.values), name="melding_soort_geldig"
            ),
            models.CheckConstraint(
                condition=Q(uitkomst__in=["", *Uitkomst.values]), name="melding_uitkomst_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum}"


class IdempotentVerzoek(models.Model):
    """A write request sent with an ``Idempotency-Key``: the key, a hash of the request and,
    once it finished, the response, so that a retry gets the first answer back."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    sleutel = models.CharField(_("sleutel"), max_length=255)
    verzoek_hash = models.CharField(_("hash van het verzoek"), max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=VerzoekStatus.choices)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotent verzoek")
        verbose_name_plural = _("idempotente verzoeken")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "sleutel"], name="idempotent_verzoek_sleutel_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.sleutel[:20]}"


class PartnerWebhook(TimeStampedModel):
    """An HTTPS address of a partner that receives a signed POST when one of its trajecten is
    referred or changes (see docs/partner-api.md, "Webhooks"). ``secret`` signs the body
    (HMAC-SHA256); it has to be stored as such, since the signature is computed per delivery."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("partner")
    )
    url = models.URLField(_("adres (URL)"), max_length=500)
    secret = models.CharField(_("geheim"), max_length=128)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("webhook van partner")
        verbose_name_plural = _("webhooks van partners")
        ordering = ["partner", "-aangemaakt_op"]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.url}"


class WebhookAflevering(models.Model):
    """One delivery attempt of one event to one webhook (``poging`` 1, 2, … per event;
    0 when the event could not even be queued)."""

    webhook = models.ForeignKey(
        PartnerWebhook,
        on_delete=models.CASCADE,
        related_name="afleveringen",
        verbose_name=_("webhook"),
    )
    event_id = models.UUIDField(_("event-id"), db_index=True)
    event = models.CharField(_("event"), max_length=40)
    traject = models.ForeignKey(
        "trajecten.Traject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traject"),
    )
    poging = models.PositiveSmallIntegerField(_("poging"), default=1)
    status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    fout = models.CharField(_("fout"), max_length=500, blank=True)
    afgeleverd_op = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("aflevering van webhook")
        verbose_name_plural = _("afleveringen van webhooks")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [models.Index(fields=["webhook", "-aangemaakt_op"])]

    def __str__(self) -> str:
        return f"{self.event} #{self.poging} ({self.status_code or self.fout[:20]})"

    @property
    def geslaagd(self) -> bool:
        return self.afgeleverd_op is not None
