"""Forms of the reporting screens: dashboard filters, recomputation and exports.

Every message is Dutch; bad input never reaches the engine (the view answers 400 with the
message next to the field)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateutil.relativedelta import relativedelta

from activering.constants import Rol
from activering.models import Gemeente, Medewerker, Team
from partners.models import Partner

from .models import TABELLEN, Export
from .selectors import gemeenten_voor_rapportering
from .tabellen import Filters

#: Longest period the dashboard shows at once, and the longest recomputation.
MAX_MAANDEN_DASHBOARD = 60
MAX_MAANDEN_HERBEREKENEN = 36
STANDAARD_MAANDEN = 24
EERSTE_MAAND = date(2000, 1, 1)


class MaandVeld(forms.CharField):
    """A month as ``JJJJ-MM`` (``<input type="month">``), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": _("JJJJ-MM")})
    default_error_messages = {
        "invalid": _("Geef een maand op als JJJJ-MM, bijvoorbeeld 2025-01."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) != 7 or value[4] != "-":
                raise ValueError
            maand = date.fromisoformat(f"{value}-01")
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if maand < EERSTE_MAAND:
            raise forms.ValidationError(_("Kies een maand vanaf januari 2000."), code="te_vroeg")
        return maand


def _aantal_maanden(van: date, tot: date) -> int:
    return (tot.year - van.year) * 12 + tot.month - van.month + 1


class _PeriodeMixin:
    """Shared checks of a ``van``–``tot`` period."""

    max_maanden = MAX_MAANDEN_DASHBOARD

    def _controleer_periode(self, cleaned: dict) -> None:
        van, tot = cleaned.get("van"), cleaned.get("tot")
        deze_maand = self.vandaag.replace(day=1)
        if tot is not None and tot > deze_maand:
            self.add_error("tot", _("De laatste maand ligt in de toekomst."))
        if van is not None and van > deze_maand:
            self.add_error("van", _("De eerste maand ligt in de toekomst."))
        if van is not None and tot is not None:
            if van > tot:
                self.add_error("van", _("De eerste maand ligt na de laatste maand."))
            elif _aantal_maanden(van, tot) > self.max_maanden:
                self.add_error(
                    "van",
                    _("Kies een periode van hoogstens %(n)s maanden.") % {"n": self.max_maanden},
                )


class DashboardFilterForm(_PeriodeMixin, forms.Form):
    """Filters of the dashboard (GET). Empty fields take their defaults: the staff member's
    own gemeente and the last 24 months."""

    gemeente = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        error_messages={"invalid_choice": _("U kunt de cijfers van deze gemeente niet bekijken.")},
    )
    van = MaandVeld(label=_("Van (maand)"), required=False)
    tot = MaandVeld(label=_("Tot en met (maand)"), required=False)
    team = forms.CharField(label=_("Team"), required=False, max_length=12)
    partner = forms.ChoiceField(
        label=_("Partner"),
        required=False,
        error_messages={"invalid_choice": _("Onbekende partner.")},
    )
    vergelijk = forms.MultipleChoiceField(
        label=_("Vergelijk met"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("U kunt de cijfers van gemeente %(value)s niet vergelijken.")
        },
    )

    def __init__(self, *args, medewerker: Medewerker, vandaag: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.medewerker = medewerker
        self.vandaag = vandaag or timezone.localdate()
        self.gemeenten = {g.nis_code: g for g in gemeenten_toegelaten(medewerker)}
        keuzes = [(nis, g.naam) for nis, g in self.gemeenten.items()]
        self.fields["gemeente"].choices = keuzes
        partners = Partner.objects.order_by("naam").values_list("code", "naam")
        self.fields["partner"].choices = [("", _("alle partners")), *partners]
        if mag_vergelijken(medewerker):
            self.fields["vergelijk"].choices = keuzes
        else:
            del self.fields["vergelijk"]
            if self.data and self.data.getlist("vergelijk"):
                self.vergelijk_geweigerd = True

    def gekozen_gemeente(self) -> Gemeente:
        nis = (self.cleaned_data.get("gemeente") if hasattr(self, "cleaned_data") else "") or ""
        return self.gemeenten.get(nis) or self.medewerker.gemeente

    def teams(self) -> list[Team]:
        gemeente = self.medewerker.gemeente
        if self.is_bound:
            nis = self.data.get("gemeente") or ""
            gemeente = self.gemeenten.get(nis, gemeente)
        return list(Team.objects.filter(gemeente=gemeente).order_by("naam"))

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "vergelijk_geweigerd", False):
            raise forms.ValidationError(
                _("Enkel analisten en beheerders kunnen gemeenten vergelijken.")
            )
        gemeente = self.gekozen_gemeente()
        tot = cleaned.get("tot") or self.vandaag.replace(day=1)
        van = cleaned.get("van") or tot - relativedelta(months=STANDAARD_MAANDEN - 1)
        if "van" not in self.errors and "tot" not in self.errors:
            cleaned["van"], cleaned["tot"] = van, tot
            self._controleer_periode(cleaned)
        team = None
        if cleaned.get("team"):
            if not cleaned["team"].isdigit():
                self.add_error("team", _("Onbekend team."))
            else:
                team = Team.objects.filter(pk=int(cleaned["team"]), gemeente=gemeente).first()
                if team is None:
                    self.add_error("team", _("Dit team hoort niet bij de gekozen gemeente."))
        cleaned["team_object"] = team
        cleaned["gemeente_object"] = gemeente
        return cleaned

    def filters(self) -> Filters:
        c = self.cleaned_data
        return Filters(
            gemeente=c["gemeente_object"],
            van=c["van"],
            tot=c["tot"],
            team=c["team_object"],
            partner=c.get("partner") or "",
            vergelijk=[self.gemeenten[nis] for nis in c.get("vergelijk") or []],
        )


class TabelExportForm(DashboardFilterForm):
    """One dashboard table as CSV or XLSX, with the filters of the page."""

    tabel = forms.ChoiceField(
        label=_("Tabel"),
        choices=list(TABELLEN.items()),
        error_messages={"invalid_choice": _("Onbekende tabel.")},
    )
    formaat = forms.ChoiceField(
        label=_("Formaat"),
        choices=[(Export.Formaat.CSV, "CSV"), (Export.Formaat.XLSX, "XLSX")],
        error_messages={"invalid_choice": _("Kies CSV of XLSX.")},
    )


class HerberekenForm(_PeriodeMixin, forms.Form):
    """Recompute the stored figures of the staff member's own gemeente for a period."""

    max_maanden = MAX_MAANDEN_HERBEREKENEN
    van = MaandVeld(label=_("Van (maand)"))
    tot = MaandVeld(label=_("Tot en met (maand)"))

    def __init__(self, *args, vandaag: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag or timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        self._controleer_periode(cleaned)
        return cleaned


class RaadsrapportForm(_PeriodeMixin, forms.Form):
    """The council report of a gemeente for a period, as XLSX or PDF."""

    max_maanden = MAX_MAANDEN_DASHBOARD
    gemeente = forms.ChoiceField(
        label=_("Gemeente"),
        error_messages={"invalid_choice": _("U kunt de cijfers van deze gemeente niet bekijken.")},
    )
    van = MaandVeld(label=_("Van (maand)"))
    tot = MaandVeld(label=_("Tot en met (maand)"))
    formaat = forms.ChoiceField(
        label=_("Formaat"),
        choices=[(Export.Formaat.PDF, "PDF"), (Export.Formaat.XLSX, "XLSX")],
        error_messages={"invalid_choice": _("Kies PDF of XLSX.")},
    )

    def __init__(self, *args, medewerker: Medewerker, vandaag: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag or timezone.localdate()
        self.gemeenten = {g.nis_code: g for g in gemeenten_toegelaten(medewerker)}
        self.fields["gemeente"].choices = [(nis, g.naam) for nis, g in self.gemeenten.items()]

    def clean(self):
        cleaned = super().clean()
        self._controleer_periode(cleaned)
        if cleaned.get("gemeente"):
            cleaned["gemeente_object"] = self.gemeenten[cleaned["gemeente"]]
        return cleaned


def standaard_filters(*, medewerker: Medewerker, vandaag: date) -> dict[str, str]:
    """The filters of a dashboard opened without any: own gemeente, the last 24 months."""
    tot = vandaag.replace(day=1)
    van = tot - relativedelta(months=STANDAARD_MAANDEN - 1)
    return {
        "gemeente": medewerker.gemeente.nis_code,
        "van": van.strftime("%Y-%m"),
        "tot": tot.strftime("%Y-%m"),
    }


def mag_vergelijken(medewerker: Medewerker) -> bool:
    """Analisten and beheerders compare every gemeente of the installation (ADR 0012)."""
    return medewerker.rol in (Rol.ANALIST, Rol.BEHEERDER)


def gemeenten_toegelaten(medewerker: Medewerker) -> list[Gemeente]:
    return gemeenten_voor_rapportering(medewerker=medewerker)
