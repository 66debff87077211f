from django import forms
from django.utils.translation import gettext_lazy as _


class AuditZoekForm(forms.Form):
    """Search the audit trail by dossier number and/or username (no client names: the log
    holds none, and they must not end up in URLs)."""

    dossier = forms.RegexField(
        label=_("Dossiernummer"),
        regex=r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,63}$",
        required=False,
        error_messages={
            "invalid": _("Een dossiernummer bestaat uit letters, cijfers, punten en streepjes.")
        },
    )
    gebruiker = forms.RegexField(
        label=_("Gebruikersnaam"),
        regex=r"^[\w.@+\-]{1,150}$",
        required=False,
        error_messages={"invalid": _("Ongeldige gebruikersnaam.")},
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("dossier") and not data.get("gebruiker"):
            raise forms.ValidationError(_("Geef een dossiernummer of een gebruikersnaam."))
        return data
