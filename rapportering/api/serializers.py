"""Query parameters of ``GET /api/v1/indicatoren/``."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import serializers


class IndicatorenQuerySerializer(serializers.Serializer):
    """Exactly one of ``maand``, ``jaar`` or ``lap``; ``peildatum`` defaults to today."""

    gemeente = serializers.RegexField(
        r"^\d{5}$",
        error_messages={
            "required": gettext_lazy("Geef de NIS-code van de gemeente mee (gemeente=12025)."),
            "invalid": gettext_lazy("Een NIS-code bestaat uit 5 cijfers."),
        },
    )
    maand = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": gettext_lazy("Geef de maand als JJJJ-MM.")},
    )
    jaar = serializers.RegexField(
        r"^(19|20|21)\d{2}$",
        required=False,
        error_messages={"invalid": gettext_lazy("Geef het jaar als JJJJ.")},
    )
    lap = serializers.BooleanField(
        required=False,
        default=False,
        error_messages={"invalid": gettext_lazy("lap verwacht 1 of 0.")},
    )
    peildatum = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Geef de peildatum als JJJJ-MM-DD.")},
    )
    opgeslagen = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "1: de opgeslagen momentopname in plaats van een nieuwe berekening."
        ),
    )

    def validate(self, attrs: dict) -> dict:
        gekozen = [naam for naam in ("maand", "jaar") if attrs.get(naam)] + (
            ["lap"] if attrs.get("lap") else []
        )
        if len(gekozen) != 1:
            raise serializers.ValidationError(
                _("Geef precies één van maand=JJJJ-MM, jaar=JJJJ of lap=1 mee.")
            )
        if attrs.get("maand"):
            attrs["maand"] = date.fromisoformat(f"{attrs['maand']}-01")
        if attrs.get("jaar"):
            attrs["jaar"] = int(attrs["jaar"])
        if attrs.get("opgeslagen") and attrs.get("lap"):
            raise serializers.ValidationError(
                _("Voor de LAP-overeenkomsten bestaat geen momentopname.")
            )
        return attrs
