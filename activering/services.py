"""Writes for cross-cutting concerns: the audit trail and notifications."""

from __future__ import annotations

from typing import Any

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


def notificatie_create(
    *, ontvanger: Medewerker, tekst: str, client_id: int | None = None, link: str = ""
) -> Notificatie:
    return Notificatie.objects.create(
        ontvanger=ontvanger, tekst=tekst, client_id=client_id, link=link
    )
