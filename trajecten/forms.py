"""Forms to refer, start and close a traject from the dossier."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateutil.relativedelta import relativedelta

from clients.forms import datumveld
from clients.selectors import partner_list_actief

from .constants import TrajectSoort, TrajectStatus, Uitkomst, Werkplek

TWE_MAXIMUM = relativedelta(months=24)


class Art60Velden(forms.Form):
    """Placement details of an art. 60 §7 traject (ignored for other soorten)."""

    werkplek = forms.ChoiceField(
        label=_("Werkplek"), required=False, choices=[("", "—"), *Werkplek.choices]
    )
    werkplek_naam = forms.CharField(label=_("Naam werkplek"), required=False, max_length=200)
    uren_per_week = forms.DecimalField(
        label=_("Uren per week"),
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal("38"),
        decimal_places=1,
        error_messages={
            "min_value": _("Minstens 1 uur per week."),
            "max_value": _("Hoogstens 38 uur per week (voltijds)."),
            "invalid": _("Geef een getal, bv. 19 of 30,5."),
        },
        localize=True,
    )
    twe = forms.BooleanField(label=_("TWE-traject (tijdelijke werkervaring)"), required=False)

    def art60_controleren(self, *, soort: str, start, einde) -> None:
        """Art. 60 needs a workplace and a contract end; TWE lasts at most 24 months."""
        data = self.cleaned_data
        if soort != TrajectSoort.ART60:
            if data.get("twe"):
                self.add_error("twe", _("Enkel een art. 60-traject kan een TWE-traject zijn."))
            return
        if not data.get("werkplek"):
            self.add_error("werkplek", _("Kies waar de art. 60-werknemer tewerkgesteld wordt."))
        if einde is None:
            self.add_error(
                "einddatum_gepland", _("Een art. 60-contract heeft een geplande einddatum.")
            )
        elif start and data.get("twe") and einde > start + TWE_MAXIMUM:
            self.add_error(
                "einddatum_gepland",
                _("Een TWE-traject duurt hoogstens 24 maanden (tot %(datum)s).")
                % {"datum": (start + TWE_MAXIMUM).strftime("%d/%m/%Y")},
            )


class AanmeldenForm(Art60Velden):
    soort = forms.ChoiceField(label=_("Soort traject"), choices=TrajectSoort.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        required=False,
        empty_label=_("(intern traject, zonder partner)"),
        help_text=_("De partner ziet enkel wat het traject vraagt, nooit het rijksregisternummer."),
    )
    aanmelddatum = datumveld(_("Aanmelddatum"))
    einddatum_gepland = datumveld(_("Geplande einddatum"), required=False)
    omschrijving = forms.CharField(
        label=_("Toelichting voor de partner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = [
        "soort",
        "partner",
        "aanmelddatum",
        "einddatum_gepland",
        "omschrijving",
        "werkplek",
        "werkplek_naam",
        "uren_per_week",
        "twe",
    ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"aanmelddatum": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_list_actief()

    def clean(self):
        data = super().clean()
        if data.get("aanmelddatum") and data["aanmelddatum"] > timezone.localdate():
            self.add_error("aanmelddatum", _("De aanmelddatum ligt in de toekomst."))
        self.art60_controleren(
            soort=data.get("soort"),
            start=data.get("aanmelddatum"),
            einde=data.get("einddatum_gepland"),
        )
        return data


class StartForm(Art60Velden):
    startdatum = datumveld(_("Startdatum"))
    einddatum_gepland = datumveld(_("Geplande einddatum"), required=False)

    field_order = [
        "startdatum",
        "einddatum_gepland",
        "werkplek",
        "werkplek_naam",
        "uren_per_week",
        "twe",
    ]

    def __init__(self, *args, traject, **kwargs):
        self.traject = traject
        kwargs.setdefault(
            "initial",
            {
                "startdatum": timezone.localdate(),
                "einddatum_gepland": traject.einddatum_gepland,
                "werkplek": traject.werkplek,
                "werkplek_naam": traject.werkplek_naam,
                "uren_per_week": traject.uren_per_week,
                "twe": traject.twe,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("startdatum") and data["startdatum"] > timezone.localdate():
            self.add_error("startdatum", _("Een traject kan niet in de toekomst starten."))
        self.art60_controleren(
            soort=self.traject.soort,
            start=data.get("startdatum"),
            einde=data.get("einddatum_gepland"),
        )
        return data


class AfsluitenForm(forms.Form):
    einddatum = datumveld(_("Einddatum"))
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), choices=Uitkomst.choices)
    status = forms.ChoiceField(
        label=_("Afgesloten als"),
        choices=[
            ("", _("automatisch")),
            (TrajectStatus.AFGEROND, _("afgerond")),
            (TrajectStatus.STOPGEZET, _("stopgezet")),
        ],
        required=False,
        help_text=_("Automatisch: stopgezet bij ‘afgehaakt’, anders afgerond."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"einddatum": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_einddatum(self):
        einddatum = self.cleaned_data["einddatum"]
        if einddatum > timezone.localdate():
            raise forms.ValidationError(_("De einddatum ligt in de toekomst."))
        return einddatum
