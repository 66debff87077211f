"""Writes for the dossier screens that combine a status change (``trajecten.services``) with
the art. 60 §7 placement details (workplace, hours, contract end, TWE) in one transaction.

The status transitions themselves stay in ``trajecten.services`` / ``trajecten.workflow``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from activering.models import Medewerker
from clients.models import Client
from partners.models import Partner

from .constants import TrajectSoort
from .models import Traject
from .services import traject_aanmelden, traject_start

PLAATSING_VELDEN = ("werkplek", "werkplek_naam", "uren_per_week", "twe")


def _plaatsing(traject: Traject, plaatsing: dict, einddatum_gepland) -> None:
    velden = ["einddatum_gepland", "gewijzigd_op"]
    traject.einddatum_gepland = einddatum_gepland
    if traject.soort == TrajectSoort.ART60:
        for veld in PLAATSING_VELDEN:
            setattr(traject, veld, plaatsing.get(veld) or ("" if veld != "uren_per_week" else None))
        traject.twe = bool(plaatsing.get("twe"))
        velden += list(PLAATSING_VELDEN)
    traject.save(update_fields=velden)


def _art60_overlap(exc: IntegrityError) -> ValidationError:
    if "traject_art60_geen_overlap" in str(exc):
        return ValidationError(
            {"startdatum": _("Deze cliënt heeft al een art. 60-traject in die periode.")}
        )
    return ValidationError(_("Het traject kon niet bewaard worden."))


def traject_aanmelden_met_plaatsing(
    *,
    client: Client,
    soort: str,
    partner: Partner | None,
    verwijzer: Medewerker,
    aanmelddatum: datetime.date,
    einddatum_gepland: datetime.date | None,
    omschrijving: str = "",
    werkplek: str = "",
    werkplek_naam: str = "",
    uren_per_week: Decimal | None = None,
    twe: bool = False,
) -> Traject:
    """Refer a client (``traject_aanmelden``) and keep the art. 60 placement details."""
    with transaction.atomic():
        traject = traject_aanmelden(
            client=client,
            soort=soort,
            partner=partner,
            verwijzer=verwijzer,
            aanmelddatum=aanmelddatum,
            einddatum_gepland=einddatum_gepland,
            omschrijving=omschrijving,
        )
        _plaatsing(
            traject,
            {
                "werkplek": werkplek,
                "werkplek_naam": werkplek_naam,
                "uren_per_week": uren_per_week,
                "twe": twe,
            },
            einddatum_gepland,
        )
    return traject


def traject_start_met_plaatsing(
    *,
    traject: Traject,
    startdatum: datetime.date,
    einddatum_gepland: datetime.date | None,
    werkplek: str = "",
    werkplek_naam: str = "",
    uren_per_week: Decimal | None = None,
    twe: bool = False,
) -> Traject:
    """Start a traject (``traject_start``: the workflow decides whether it may) and store the
    contract period and placement. An art. 60 overlapping another one is refused."""
    try:
        with transaction.atomic():
            if einddatum_gepland is not None and einddatum_gepland < startdatum:
                raise ValidationError(
                    {"einddatum_gepland": _("De geplande einddatum ligt vóór de startdatum.")}
                )
            # The planned end is set first: traject_start checks the start against it.
            Traject.objects.filter(pk=traject.pk).update(einddatum_gepland=einddatum_gepland)
            traject.refresh_from_db()
            traject = traject_start(traject=traject, startdatum=startdatum)
            _plaatsing(
                traject,
                {
                    "werkplek": werkplek,
                    "werkplek_naam": werkplek_naam,
                    "uren_per_week": uren_per_week,
                    "twe": twe,
                },
                einddatum_gepland,
            )
    except IntegrityError as exc:
        raise _art60_overlap(exc) from exc
    return traject
