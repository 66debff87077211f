"""Partner organisations and their yearly agreements with a gemeente."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activering.models import Gemeente, TimeStampedModel

from .constants import PartnerSoort


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

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="overeenkomsten")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="overeenkomsten")
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
