"""Input and output shapes of the partner API (contract: ../shared/spec/partner-api.md).

The output shapes are a contract with external partners: add fields, never rename or remove.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from partners.constants import MeldingSoort
from trajecten.constants import Contracttype, TrajectSoort, TrajectStatus, Uitkomst

WERK_UITKOMSTEN = frozenset({Uitkomst.WERK_3M_PLUS, Uitkomst.WERK_TOT_3M})

DATUM_FOUTEN = {
    "invalid": gettext_lazy("Ongeldige datum; gebruik het formaat JJJJ-MM-DD."),
    "datetime": gettext_lazy("Geef een datum zonder tijd, in het formaat JJJJ-MM-DD."),
}
KEUZE_FOUTEN = {"invalid_choice": gettext_lazy("‘{input}’ is geen geldige code.")}


# --- Output ------------------------------------------------------------------------------------


# The two serializers below describe the partner's view of a traject for the OpenAPI document
# (their docstrings are part of it). ``traject_json`` writes that shape.


class DeelnemerSerializer(serializers.Serializer):
    """Only what a trajectory needs: never the rijksregisternummer, benefits or notes."""

    referentie = serializers.UUIDField(
        source="pseudoniem",
        help_text=gettext_lazy("Pseudonieme referentie van de deelnemer (niet het dossiernummer)."),
    )
    voornaam = serializers.CharField()
    achternaam = serializers.CharField()
    geboortejaar = serializers.SerializerMethodField()
    taal = serializers.CharField(help_text=gettext_lazy("Taalcode, bv. nl, fr, en."))
    telefoon = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    # Schema only: ``traject_json`` writes the deelnemer.
    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_geboortejaar(self, client) -> int | None:
        raise NotImplementedError

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_telefoon(self, client) -> str | None:
        raise NotImplementedError

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, client) -> str | None:
        raise NotImplementedError


class ContactpersoonSerializer(serializers.Serializer):
    naam = serializers.CharField(allow_null=True)
    email = serializers.EmailField(allow_null=True)


_DATUMTIJD = serializers.DateTimeField()  # ISO 8601 in the current time zone, as DRF renders


def _datum(waarde) -> str | None:
    return waarde.isoformat() if waarde else None


def _contactpersoon(rij: dict) -> dict:
    """The client's social worker when active, else whoever referred the traject."""
    if (
        rij["client__maatschappelijk_assistent_id"] is not None
        and rij["client__maatschappelijk_assistent__actief"]
    ):
        sleutel = "client__maatschappelijk_assistent__user__"
    elif rij["verwijzer_id"] is not None:
        sleutel = "verwijzer__user__"
    else:
        return {"naam": None, "email": None}
    naam = f"{rij[sleutel + 'first_name']} {rij[sleutel + 'last_name']}".strip()
    return {"naam": naam or None, "email": rij[sleutel + "email"] or None}


def traject_json(rij: dict) -> dict:
    """A traject in the contract's shape, from a ``partners.selectors.traject_api_rijen`` row.

    Written out by hand: the nested DRF serializers took about 60 µs of CPU per traject on
    model instances, this about 9 µs on a row (docs/benchmarks.md). ``TrajectSerializer``'s
    declared fields describe the same shape for the OpenAPI document; the contract tests
    check the output."""
    geboortedatum = rij["client__geboortedatum"]
    return {
        "id": str(rij["uuid"]),
        "soort": rij["soort"],
        "status": rij["status"],
        "startdatum": _datum(rij["startdatum"]),
        "einddatum_gepland": _datum(rij["einddatum_gepland"]),
        "einddatum": _datum(rij["einddatum"]),
        "uitkomst": rij["uitkomst"] or None,
        "deelnemer": {
            "referentie": str(rij["client__pseudoniem"]),
            "voornaam": rij["client__voornaam"],
            "achternaam": rij["client__achternaam"],
            "geboortejaar": geboortedatum.year if geboortedatum else None,
            "taal": rij["client__taal"],
            "telefoon": rij["client__telefoon"] or None,
            "email": rij["client__email"] or None,
        },
        "contactpersoon": _contactpersoon(rij),
        "gewijzigd_op": _DATUMTIJD.to_representation(
            max(rij["gewijzigd_op"], rij["client__gewijzigd_op"])
        ),
    }


class TrajectSerializer(serializers.Serializer):
    # Serialises rows of ``partners.selectors.traject_api_rijen`` with ``traject_json``; the
    # fields and methods describe the same shape for the OpenAPI document (no docstring: it
    # would become the schema's description).

    id = serializers.UUIDField(source="uuid", help_text=gettext_lazy("Id van het traject."))
    soort = serializers.ChoiceField(choices=TrajectSoort.choices)
    status = serializers.ChoiceField(choices=TrajectStatus.choices)
    startdatum = serializers.DateField(allow_null=True)
    einddatum_gepland = serializers.DateField(allow_null=True)
    einddatum = serializers.DateField(allow_null=True)
    uitkomst = serializers.SerializerMethodField()
    deelnemer = DeelnemerSerializer(source="client")
    contactpersoon = serializers.SerializerMethodField()
    gewijzigd_op = serializers.SerializerMethodField(
        help_text=gettext_lazy("Laatste wijziging van het traject of van de deelnemer.")
    )

    def to_representation(self, instance: dict) -> dict:
        return traject_json(instance)

    # Schema only (to_representation does not call them).
    @extend_schema_field(serializers.ChoiceField(choices=Uitkomst.choices, allow_null=True))
    def get_uitkomst(self, rij) -> str | None:
        raise NotImplementedError

    @extend_schema_field(ContactpersoonSerializer)
    def get_contactpersoon(self, rij) -> dict:
        raise NotImplementedError

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_gewijzigd_op(self, rij) -> str:
        raise NotImplementedError


class WerkperiodeSerializer(serializers.Serializer):
    werkgever = serializers.CharField()
    startdatum = serializers.DateField()
    einddatum = serializers.DateField(allow_null=True)
    contracttype = serializers.ChoiceField(choices=Contracttype.choices)
    uren_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class MeldingSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    traject = serializers.UUIDField(source="traject.uuid")
    soort = serializers.ChoiceField(choices=MeldingSoort.choices)
    datum = serializers.DateField()
    omschrijving = serializers.CharField()
    uitkomst = serializers.SerializerMethodField()
    werkperiode = WerkperiodeSerializer(allow_null=True)
    ontvangen_op = serializers.DateTimeField()

    @extend_schema_field(serializers.ChoiceField(choices=Uitkomst.choices, allow_null=True))
    def get_uitkomst(self, melding) -> str | None:
        return melding.uitkomst or None


class FoutSerializer(serializers.Serializer):
    veld = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "Pad van het invoerveld met punten (bv. werk.startdatum); null als de fout het "
            "hele verzoek betreft."
        ),
    )
    code = serializers.CharField(help_text=gettext_lazy("Vaste foutcode voor programma's."))
    bericht = serializers.CharField(help_text=gettext_lazy("Uitleg in het Nederlands."))


class FoutenSerializer(serializers.Serializer):
    fouten = FoutSerializer(many=True)


# --- Input -------------------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know (a typo must not be silently ignored)."""

    def to_internal_value(self, data):
        onbekend = {}
        if isinstance(data, Mapping):
            onbekend = {
                str(key): [ErrorDetail(_("Onbekend veld."), code="unknown_field")]
                for key in data
                if key not in self.fields
            }
        try:
            waarde = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if onbekend and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **onbekend}) from exc
            raise
        if onbekend:
            raise serializers.ValidationError(onbekend)
        return waarde


class WerkInputSerializer(StrictSerializer):
    werkgever = serializers.CharField(max_length=200)
    startdatum = serializers.DateField(error_messages=DATUM_FOUTEN)
    einddatum = serializers.DateField(
        required=False, allow_null=True, default=None, error_messages=DATUM_FOUTEN
    )
    contracttype = serializers.ChoiceField(
        choices=Contracttype.choices, error_messages=KEUZE_FOUTEN
    )
    uren_per_week = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("60"),
        required=False,
        allow_null=True,
        default=None,
    )

    def validate(self, attrs):
        if attrs.get("einddatum") and attrs["einddatum"] < attrs["startdatum"]:
            raise serializers.ValidationError(
                {
                    "einddatum": ErrorDetail(
                        _("De einddatum ligt vóór de startdatum."), code="before_start"
                    )
                }
            )
        return attrs


class MeldingInputSerializer(StrictSerializer):
    """A report. Which fields are required depends on ``soort`` (see the API description)."""

    soort = serializers.ChoiceField(choices=MeldingSoort.choices, error_messages=KEUZE_FOUTEN)
    datum = serializers.DateField(error_messages=DATUM_FOUTEN)
    omschrijving = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    uitkomst = serializers.ChoiceField(
        choices=Uitkomst.choices, required=False, allow_null=True, error_messages=KEUZE_FOUTEN
    )
    werk = WerkInputSerializer(required=False, allow_null=True)

    def validate_datum(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("De datum ligt in de toekomst."), code="in_future")
        return value

    def validate(self, attrs):
        soort = attrs["soort"]
        fouten: dict[str, ErrorDetail] = {}
        verplicht = _("Dit veld is verplicht bij een melding van soort ‘%(soort)s’.") % {
            "soort": soort
        }
        niet_toegelaten = _("Dit veld hoort niet bij een melding van soort ‘%(soort)s’.") % {
            "soort": soort
        }
        if soort == MeldingSoort.VOORTGANG and not attrs.get("omschrijving"):
            fouten["omschrijving"] = ErrorDetail(verplicht, code="required")
        if soort == MeldingSoort.WERK and not attrs.get("werk"):
            fouten["werk"] = ErrorDetail(verplicht, code="required")
        if soort == MeldingSoort.UITKOMST:
            if not attrs.get("uitkomst"):
                fouten["uitkomst"] = ErrorDetail(verplicht, code="required")
            elif attrs["uitkomst"] in WERK_UITKOMSTEN and not attrs.get("werk"):
                fouten["werk"] = ErrorDetail(
                    _("Bij een uitkomst met werk is het veld ‘werk’ verplicht."), code="required"
                )
        else:
            if attrs.get("uitkomst") is not None:
                fouten["uitkomst"] = ErrorDetail(niet_toegelaten, code="not_allowed")
            if soort != MeldingSoort.WERK and attrs.get("werk") is not None:
                fouten["werk"] = ErrorDetail(niet_toegelaten, code="not_allowed")
        if fouten:
            raise serializers.ValidationError(fouten)
        return attrs
