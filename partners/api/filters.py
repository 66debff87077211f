"""Query filters of the partner's traject list."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ChoiceField, IsoDateTimeField

from partners.selectors import traject_filter_gewijzigd_sinds
from trajecten.constants import TrajectSoort, TrajectStatus
from trajecten.models import Traject

LEEG = _("Lege waarde: laat de parameter weg of geef een waarde.")


class GeenLegeWaarde:
    """A filter parameter that is present must have a value (``?status=`` is a 400, not
    silently "no filter"): a typo in a client must not return everything."""

    def clean(self, value):
        if value == "":
            raise ValidationError(LEEG, code="blank")
        return super().clean(value)


class StrictChoiceField(GeenLegeWaarde, ChoiceField):
    pass


class StrictDateField(GeenLegeWaarde, forms.DateField):
    pass


class StrictChoiceFilter(django_filters.ChoiceFilter):
    field_class = StrictChoiceField


class StrictDateFilter(django_filters.DateFilter):
    field_class = StrictDateField


#: Real-world UTC offsets lie between -12:00 and +14:00; PostgreSQL refuses beyond ±15:59.
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


class UtcIsoDateTimeField(GeenLegeWaarde, IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC before it reaches the database. An offset that
    no time zone has, or a moment outside the representable range, is a 400 (never a 500 from
    PostgreSQL, which refuses offsets beyond ±15:59)."""

    default_error_messages = {
        "invalid": _("Ongeldig tijdstip; gebruik ISO 8601, bv. 2025-02-03T10:15:00+01:00."),
        "offset": _("Ongeldige tijdzone: de afwijking van UTC ligt tussen -12:00 en +14:00."),
    }

    def to_python(self, value):
        waarde = super().to_python(value)
        if waarde is None:
            return None
        if timezone.is_naive(waarde):
            waarde = timezone.make_aware(waarde)
        if abs(waarde.utcoffset()) > MAX_UTC_OFFSET:
            raise ValidationError(self.error_messages["offset"], code="invalid")
        try:
            return waarde.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class GewijzigdSindsFilter(UtcIsoDateTimeFilter):
    """The traject or its client changed at or after the moment. Filters on both columns
    (no ``GREATEST`` annotation), so that a list without this filter counts its rows without
    joining the clients."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return traject_filter_gewijzigd_sinds(qs, sinds=value)


class PartnerTrajectFilter(django_filters.FilterSet):
    status = StrictChoiceFilter(
        choices=TrajectStatus.choices, help_text=_("Alleen trajecten met deze status.")
    )
    soort = StrictChoiceFilter(
        choices=TrajectSoort.choices, help_text=_("Alleen trajecten van deze soort.")
    )
    gewijzigd_sinds = GewijzigdSindsFilter(
        field_name="laatst_gewijzigd",
        lookup_expr="gte",
        help_text=_(
            "ISO 8601-tijdstip, bv. 2025-02-03T10:15:00+01:00: alleen trajecten die sindsdien "
            "wijzigden (ook gegevens van de deelnemer)."
        ),
    )
    startdatum_vanaf = StrictDateFilter(
        field_name="startdatum",
        lookup_expr="gte",
        help_text=_("Alleen trajecten die op of na deze datum (JJJJ-MM-DD) startten."),
    )

    class Meta:
        model = Traject
        fields = ["status", "soort", "gewijzigd_sinds", "startdatum_vanaf"]
