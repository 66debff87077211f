"""Forms of the social workers' screens. Messages are Dutch and shown next to the field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activering.models import Medewerker
from trajecten.constants import TrajectSoort

from .alerts import alert_labels
from .constants import (
    BEWERKBARE_VELDEN,
    PERSOON_VELDEN,
    Categorie,
    Drempel,
    GpmiActor,
    GpmiDomein,
    LogboekSoort,
    UitkeringSoort,
)
from .models import Client
from .rijksregisternummer import (
    rijksregisternummer_normalize,
    rijksregisternummer_validate,
)
from .selectors import client_queryset_leesbaar, team_medewerkers

DATUM_FORMATEN = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def datumveld(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATUM_FORMATEN,
        widget=DatumInput(),
        error_messages={"invalid": _("Geef een geldige datum, bv. 31/12/2025.")},
        **kwargs,
    )


class CaseloadFilterForm(forms.Form):
    """Search, filters, sorting and page of the caseload. Submitted with POST, so that names
    and rijksregisternummers never end up in a URL (browser history, access logs)."""

    zoek = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Naam, dossiernummer of volledig rijksregisternummer"),
    )
    weergave = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[("eigen", _("mijn caseload")), ("team", _("alle dossiers van mijn team"))],
    )
    uitkering = forms.ChoiceField(
        label=_("Uitkering"),
        required=False,
        choices=[("", _("alle")), *UitkeringSoort.choices, ("geen", _("geen lopende"))],
    )
    alert = forms.ChoiceField(label=_("Signaal"), required=False)
    traject_soort = forms.ChoiceField(
        label=_("Lopend traject"), required=False, choices=[("", _("alle")), *TrajectSoort.choices]
    )
    sortering = forms.ChoiceField(
        label=_("Sorteer op"),
        required=False,
        choices=[
            ("naam", _("naam (A–Z)")),
            ("-naam", _("naam (Z–A)")),
            ("alerts", _("meeste signalen")),
            ("contact", _("langst geen contact")),
            ("uitkering", _("langst in uitkering")),
            ("taak", _("eerstvolgende taak")),
        ],
    )
    pagina = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alert"].choices = [
            ("", _("alle")),
            ("ja", _("met minstens één signaal")),
            *alert_labels().items(),
        ]

    def waarden(self) -> dict:
        """Cleaned values, or the defaults when the input is invalid (never an error page)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "zoek": data.get("zoek") or "",
            "eigen": (data.get("weergave") or "eigen") == "eigen",
            "uitkering": data.get("uitkering") or "",
            "alert": data.get("alert") or "",
            "traject_soort": data.get("traject_soort") or "",
            "sortering": data.get("sortering") or "naam",
            "pagina": data.get("pagina") or 1,
        }


class RijksregisternummerVeld(forms.CharField):
    def to_python(self, value):
        return rijksregisternummer_normalize(super().to_python(value) or "")


class IntakeForm(forms.ModelForm):
    """A new dossier. The rijksregisternummer must be valid and agree with the birth date and
    gender; a number already known, or the same name and birth date, points to that dossier
    instead of creating a duplicate (``bestaand_dossier``)."""

    rijksregisternummer = RijksregisternummerVeld(
        label=_("Rijksregisternummer"),
        required=False,
        max_length=20,
        help_text=_("11 cijfers, bv. 93.05.18-223.61. Leeg laten als het (nog) niet gekend is."),
    )
    referentie = forms.CharField(
        label=_("Dossiernummer"),
        required=False,
        max_length=64,
        help_text=_("Leeg laten voor een nieuw nummer (DOS-jaar-volgnummer)."),
    )
    geboortedatum = datumveld(_("Geboortedatum"))
    toch_aanmaken = forms.BooleanField(
        label=_("Het is een andere persoon met dezelfde naam en geboortedatum: toch aanmaken"),
        required=False,
    )

    class Meta:
        model = Client
        fields = ["rijksregisternummer", *PERSOON_VELDEN, "maatschappelijk_assistent", "referentie"]

    def __init__(self, *args, medewerker: Medewerker, **kwargs):
        super().__init__(*args, **kwargs)
        self.medewerker = medewerker
        self.bestaand_dossier: Client | None = None
        self.bestaand_leesbaar = False
        self.fields["geslacht"].required = True
        self.fields["huishouden"].choices = [("", _("(nog niet bepaald)")), *Categorie.choices]
        if medewerker.rol == "maatschappelijk_assistent":
            del self.fields["maatschappelijk_assistent"]
        else:
            veld = self.fields["maatschappelijk_assistent"]
            veld.queryset = team_medewerkers(medewerker=medewerker)
            veld.empty_label = _("(nog niet toegewezen)")
            veld.label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()

    def _bestaand(self, client: Client, veld: str, bericht: str) -> None:
        self.bestaand_dossier = client
        self.bestaand_leesbaar = (
            client_queryset_leesbaar(medewerker=self.medewerker).filter(pk=client.pk).exists()
        )
        self.add_error(veld, bericht)

    def clean_referentie(self):
        referentie = (self.cleaned_data.get("referentie") or "").strip()
        if referentie and Client.objects.filter(referentie=referentie).exists():
            raise forms.ValidationError(_("Dit dossiernummer is al in gebruik."))
        return referentie

    def clean_rijksregisternummer(self):
        return self.cleaned_data.get("rijksregisternummer") or None

    def clean(self):
        data = super().clean()
        nummer = data.get("rijksregisternummer")
        geboortedatum = data.get("geboortedatum")
        if geboortedatum and geboortedatum > timezone.localdate():
            self.add_error("geboortedatum", _("De geboortedatum ligt in de toekomst."))
        if nummer:
            fouten = rijksregisternummer_validate(
                nummer=nummer, geboortedatum=geboortedatum, geslacht=data.get("geslacht")
            )
            for fout in fouten:
                self.add_error("rijksregisternummer", fout)
            if not fouten:
                bestaand = Client.objects.filter(rijksregisternummer=nummer).first()
                if bestaand is not None:
                    self._bestaand(
                        bestaand,
                        "rijksregisternummer",
                        _("Er bestaat al een dossier met dit rijksregisternummer."),
                    )
        if (
            self.bestaand_dossier is None
            and geboortedatum
            and data.get("voornaam")
            and data.get("achternaam")
            and not data.get("toch_aanmaken")
        ):
            zelfde = Client.objects.filter(
                gemeente_id=self.medewerker.gemeente_id,
                voornaam__iexact=data["voornaam"].strip(),
                achternaam__iexact=data["achternaam"].strip(),
                geboortedatum=geboortedatum,
            ).first()
            if zelfde is not None:
                self._bestaand(
                    zelfde,
                    "achternaam",
                    _("Er bestaat al een dossier met deze naam en geboortedatum."),
                )
        return data


class ClientBewerkForm(forms.ModelForm):
    """The dossier's editable identity, contact and activation data. ``versie`` is the version
    the form was opened with (optimistic locking)."""

    versie = forms.IntegerField(widget=forms.HiddenInput)
    geboortedatum = datumveld(_("Geboortedatum"), required=False)
    vdab_inschrijvingsdatum = datumveld(_("Datum inschrijving VDAB"), required=False)
    drempels = forms.MultipleChoiceField(
        label=_("Drempels naar werk"),
        required=False,
        choices=Drempel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Client
        fields = list(BEWERKBARE_VELDEN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versie"] = self.instance.versie

    def clean(self):
        data = super().clean()
        if self.instance.rijksregisternummer and not self.errors:
            for fout in rijksregisternummer_validate(
                nummer=self.instance.rijksregisternummer,
                geboortedatum=data.get("geboortedatum"),
                geslacht=data.get("geslacht"),
            ):
                self.add_error("geboortedatum", fout)
        if data.get("vdab_inschrijvingsdatum") and not data.get("vdab_ingeschreven"):
            self.add_error(
                "vdab_ingeschreven",
                _("Vink ‘ingeschreven bij VDAB’ aan of laat de inschrijvingsdatum leeg."),
            )
        return data

    def velden(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "versie"}


class LogboekForm(forms.Form):
    prefix = "logboek"

    datum = datumveld(_("Datum"))
    soort = forms.ChoiceField(
        label=_("Soort contact"),
        choices=[c for c in LogboekSoort.choices if c[0] != LogboekSoort.PARTNERMELDING],
    )
    tekst = forms.CharField(
        label=_("Verslag"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"datum": timezone.localdate(), "soort": "gesprek"})
        super().__init__(*args, **kwargs)

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Een contact kan niet in de toekomst liggen."))
        return datum


class TaakForm(forms.Form):
    prefix = "taak"

    omschrijving = forms.CharField(label=_("Taak"), max_length=300)
    vervaldatum = datumveld(_("Tegen"))


class DocumentForm(forms.Form):
    prefix = "document"

    bestand = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, PNG, JPEG of Word (DOCX)."),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
        },
    )


class GpmiForm(forms.Form):
    prefix = "gpmi"

    startdatum = datumveld(_("Startdatum"))
    einddatum = datumveld(_("Einddatum"), required=False)
    domein = forms.ChoiceField(label=_("Actiedomein"), choices=GpmiDomein.choices)
    doelen = forms.CharField(
        label=_("Doelen"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("einddatum")
            and data.get("startdatum")
            and data["einddatum"] < data["startdatum"]
        ):
            self.add_error("einddatum", _("De einddatum ligt vóór de startdatum."))
        return data


class GpmiActieForm(forms.Form):
    prefix = "actie"

    actor = forms.ChoiceField(label=_("Wie"), choices=GpmiActor.choices)
    omschrijving = forms.CharField(label=_("Afspraak"), max_length=500)
    deadline = datumveld(_("Tegen"), required=False)


class GpmiEvaluatieForm(forms.Form):
    prefix = "evaluatie"

    datum = datumveld(_("Datum"))
    verslag = forms.CharField(
        label=_("Verslag"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"datum": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ToewijzingForm(forms.Form):
    """Reassign one or many dossiers of the team to a social worker, with a reason."""

    clienten = forms.ModelMultipleChoiceField(
        label=_("Cliënten"),
        queryset=Client.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één cliënt.")},
    )
    NIEMAND = "niemand"

    naar = forms.ChoiceField(
        label=_("Toewijzen aan"),
        error_messages={"required": _("Kies aan wie de dossiers toegewezen worden.")},
    )
    reden = forms.CharField(
        label=_("Reden"),
        max_length=200,
        error_messages={"required": _("Geef een reden voor de herverdeling.")},
    )

    def __init__(self, *args, clienten, medewerkers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clienten"].queryset = clienten
        self.medewerkers = {str(m.pk): m for m in medewerkers}
        self.fields["naar"].choices = [
            ("", _("— kies —")),
            *(
                (pk, m.user.get_full_name() or m.user.get_username())
                for pk, m in self.medewerkers.items()
            ),
            (self.NIEMAND, _("(niemand: dossiers worden niet toegewezen)")),
        ]

    def clean_naar(self) -> Medewerker | None:
        """The chosen social worker, or None for ‘niemand’ (an explicit choice)."""
        waarde = self.cleaned_data["naar"]
        return None if waarde == self.NIEMAND else self.medewerkers[waarde]
