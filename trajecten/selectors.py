"""Reads on trajecten. Query performance (joins, annotations) is decided here."""

from __future__ import annotations

import uuid

from django.db.models import F, QuerySet
from django.db.models.functions import Greatest

from partners.models import Partner

from .models import Traject


def traject_list_for_partner(*, partner: Partner) -> QuerySet[Traject]:
    """The trajecten referred to ``partner``, newest referral first, with everything the partner
    API shows joined in (constant number of queries per page).

    ``laatst_gewijzigd`` is the latest change of the traject or of the client data a partner
    sees, so that ``gewijzigd_sinds`` also finds a new phone number."""
    return (
        Traject.objects.filter(partner=partner)
        .select_related(
            "client",
            "client__maatschappelijk_assistent__user",
            "verwijzer__user",
        )
        .annotate(laatst_gewijzigd=Greatest("gewijzigd_op", "client__gewijzigd_op"))
        .order_by(F("aanmelddatum").desc(nulls_last=True), "-id")
    )


def traject_get_for_partner(*, partner: Partner, traject_id: str) -> Traject | None:
    """One traject of ``partner`` by its public uuid; None when it does not exist, is not a
    valid uuid or belongs to another partner (the API answers 404 in all three cases)."""
    try:
        traject_uuid = uuid.UUID(str(traject_id))
    except ValueError:
        return None
    return traject_list_for_partner(partner=partner).filter(uuid=traject_uuid).first()
