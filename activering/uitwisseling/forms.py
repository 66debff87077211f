"""Upload form of the browser import."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MeerdereBestandenInput(forms.FileInput):
    allow_multiple_selected = True


class MeerdereBestandenVeld(forms.FileField):
    """A file field taking several files; ``cleaned_data`` is a list."""

    widget = MeerdereBestandenInput

    def clean(self, data, initial=None):
        enkel = super().clean
        if isinstance(data, list | tuple):
            if not data:
                return enkel(None, initial)
            return [enkel(bestand, initial) for bestand in data]
        return [enkel(data, initial)]


class ImportForm(forms.Form):
    PROEF = "proef"
    ECHT = "echt"

    bestanden = MeerdereBestandenVeld(
        label=_("Bestanden"),
        help_text=_(
            "Een of meer CSV-bestanden van het uitwisselingsformaat (gemeenten.csv, "
            "clienten.csv, …) of één ZIP-bestand dat ze bevat."
        ),
        error_messages={
            "required": _("Kies minstens één CSV-bestand of één ZIP-bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Er werd geen bestand opgeladen."),
        },
        widget=MeerdereBestandenInput(attrs={"accept": ".csv,.zip,text/csv,application/zip"}),
    )
    modus = forms.ChoiceField(
        label=_("Soort import"),
        choices=[
            (PROEF, _("Proefimport (dry-run): alles controleren en tellen, niets bewaren")),
            (ECHT, _("Importeren: alles bewaren als er geen enkel probleem is")),
        ],
        initial=PROEF,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies proefimport of importeren.")},
    )

    @property
    def dry_run(self) -> bool:
        return self.cleaned_data["modus"] == self.PROEF
