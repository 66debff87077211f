"""Writes for cross-cutting concerns: the audit trail, notifications and planner statistics."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone, translation

from activering.models import AuditEvent, Medewerker, Notificatie


def audit_log(
    *,
    actie: str,
    gebruiker=None,
    partner_code: str = "",
    api_sleutel: str = "",
    object_type: str = "",
    object_id: Any = "",
    client_id: int | None = None,
    ip_adres: str | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one audit event. ``details`` must never hold personal data (names, numbers)."""
    return AuditEvent.objects.create(
        actie=actie,
        gebruiker=gebruiker if gebruiker is not None and gebruiker.is_authenticated else None,
        partner_code=partner_code,
        api_sleutel=api_sleutel,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        client_id=client_id,
        ip_adres=ip_adres,
        details=details or {},
    )


def notificatie_create(*, ontvanger: Medewerker, **velden) -> Notificatie:
    """Store a notification for ``ontvanger`` (the fields of ``notificatie_maak``)."""
    notificatie = notificatie_maak(ontvanger_id=ontvanger.pk, **velden)
    notificatie.save()
    return notificatie


def notificatie_maak(
    *,
    ontvanger_id: int,
    tekst: str = "",
    sjabloon: str = "",
    parameters: dict | None = None,
    client_id: int | None = None,
    link: str = "",
) -> Notificatie:
    """An unsaved notification (``notificatie_create`` saves one, a job may ``bulk_create``
    many): a fixed ``tekst``, or a ``sjabloon`` (a Dutch msgid marked with ``gettext_noop``)
    with ``parameters``, which each reader sees in his own language (``Notificatie.weergave``;
    ``tekst`` then holds the Dutch wording). Never put a client's name in either."""
    parameters = parameters or {}
    if sjabloon:
        with translation.override("nl-be"):
            tekst = Notificatie.opmaken(sjabloon, parameters)
    return Notificatie(
        ontvanger_id=ontvanger_id,
        tekst=tekst[:300],
        sjabloon=sjabloon,
        parameters=parameters,
        client_id=client_id,
        link=link,
    )


def notificatie_markeer_gelezen(
    *, medewerker: Medewerker, notificatie_id: int | None = None
) -> int:
    """Mark one notification (or, without ``notificatie_id``, all) of ``medewerker`` as read.
    Another staff member's notification is never touched. Returns the number marked."""
    qs = Notificatie.objects.filter(ontvanger=medewerker, gelezen_op__isnull=True)
    if notificatie_id is not None:
        qs = qs.filter(pk=notificatie_id)
    return qs.update(gelezen_op=timezone.now(), gewijzigd_op=timezone.now())


def statistieken_bijwerken(*, modellen: Iterable[type[Model]]) -> None:
    """``ANALYZE`` the tables of ``modellen`` after a bulk load (demo data, an import).

    The indicator queries are planned from these statistics; right after tens of thousands of
    new rows, before autovacuum has noticed, the planner picks nested loops over tables it
    believes empty (the demo dashboard took 16 s instead of 1.2 s)."""
    with connection.cursor() as cursor:
        for model in modellen:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
