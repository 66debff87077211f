"""Forms of the partner management screens (beheerder). They only validate input; writes go
through ``partners.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Partner


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["code", "naam", "soort", "actief", "contact_naam", "contact_email"]
        help_texts = {
            "code": _("Korte code in hoofdletters, bv. JOBROAD. Partners zien deze code niet."),
            "actief": _(
                "Een inactieve partner krijgt geen nieuwe verwijzingen en zijn API-sleutels "
                "werken niet meer."
            ),
        }
        error_messages = {"code": {"unique": _("Er bestaat al een partner met deze code.")}}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not code.replace("_", "").replace("-", "").isalnum():
            raise forms.ValidationError(
                _("Gebruik enkel letters, cijfers, - en _ in de code."), code="invalid"
            )
        qs = Partner.objects.filter(code__iexact=code)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        if qs.exists():
            raise forms.ValidationError(
                _("Er bestaat al een partner met deze code."), code="unique"
            )
        return code


class OvereenkomstForm(forms.Form):
    jaar = forms.IntegerField(
        label=_("Jaar"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Geef een jaar tussen 2000 en 2100."),
            "max_value": _("Geef een jaar tussen 2000 en 2100."),
            "invalid": _("Geef een jaartal, bv. 2025."),
        },
    )
    subsidie_eur = forms.DecimalField(
        label=_("Subsidie (EUR)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages={
            "min_value": _("De subsidie kan niet negatief zijn."),
            "invalid": _("Geef een bedrag, bv. 70000 of 70000,50."),
        },
    )
    capaciteit = forms.IntegerField(
        label=_("Capaciteit (deelnemers)"),
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={"min_value": _("De capaciteit kan niet negatief zijn.")},
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "jaar" not in self.initial:
            self.initial["jaar"] = timezone.localdate().year


class SleutelForm(forms.Form):
    naam = forms.CharField(
        label=_("Omschrijving van de sleutel"),
        max_length=50,
        required=False,
        help_text=_("Bv. de toepassing die hem gebruikt: ‘CRM-koppeling’."),
    )


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Adres (URL)"),
        max_length=500,
        help_text=_(
            "Het adres van de partner dat een ondertekend bericht krijgt wanneer een traject "
            "aangemeld wordt of wijzigt. Enkel https://."
        ),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
