"""Reads of the audit trail, with who may read what:

=========================================  =================================================
who                                         reads
=========================================  =================================================
the client's own social worker              the events of his clients ("wie bekeek dit")
data protection officer (group              the events of every client of his gemeente, and
``functionaris_gegevensbescherming``)       the search by dossier number or user
beheerder                                   same as the data protection officer
anybody else                                nothing (403 for the role, 404 for a client)
=========================================  =================================================
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from activering.constants import Rol
from activering.models import AuditEvent, Medewerker
from clients.models import Client

from .constants import PERMISSIE_DPO


def audit_mag_alles_zien(*, medewerker: Medewerker | None) -> bool:
    """Beheerder or data protection officer: the whole trail of his gemeente."""
    if medewerker is None or not medewerker.actief:
        return False
    return medewerker.rol == Rol.BEHEERDER or medewerker.user.has_perm(PERMISSIE_DPO)


def audit_mag_dossiers_zien(*, medewerker: Medewerker | None) -> bool:
    """May open "wie bekeek dit dossier" at all (for some clients)."""
    return audit_mag_alles_zien(medewerker=medewerker) or (
        medewerker is not None
        and medewerker.actief
        and medewerker.rol == Rol.MAATSCHAPPELIJK_ASSISTENT
    )


def audit_client_queryset(*, medewerker: Medewerker | None) -> QuerySet[Client]:
    """The clients whose audit trail ``medewerker`` may read."""
    if medewerker is None or not medewerker.actief:
        return Client.objects.none()
    if audit_mag_alles_zien(medewerker=medewerker):
        return Client.objects.filter(gemeente_id=medewerker.gemeente_id)
    if medewerker.rol == Rol.MAATSCHAPPELIJK_ASSISTENT:
        return Client.objects.filter(maatschappelijk_assistent=medewerker)
    return Client.objects.none()


def audit_events_voor_client(*, client: Client) -> QuerySet[AuditEvent]:
    """Every event about ``client``, newest first, with the staff member who caused it."""
    return (
        AuditEvent.objects.filter(client_id=client.pk)
        .select_related("gebruiker")
        .order_by("-tijdstip", "-id")
    )


def audit_zoeken(
    *, medewerker: Medewerker, dossier: str = "", gebruiker: str = ""
) -> tuple[QuerySet[AuditEvent], Client | None, object | None]:
    """The events of one dossier (by dossier number) and/or one user (by username), within
    ``medewerker``'s gemeente. Returns the events and the client and user that were found
    (``None`` when not searched for or not found: then no events)."""
    events = AuditEvent.objects.select_related("gebruiker").order_by("-tijdstip", "-id")
    client = gevonden_gebruiker = None
    if dossier:
        client = (
            audit_client_queryset(medewerker=medewerker)
            .filter(referentie__iexact=dossier.strip())
            .first()
        )
        events = events.filter(client_id=client.pk) if client else events.none()
    if gebruiker:
        gevonden_gebruiker = (
            get_user_model()
            .objects.filter(username__iexact=gebruiker.strip())
            .filter(Q(medewerker__gemeente_id=medewerker.gemeente_id) | Q(medewerker__isnull=True))
            .first()
        )
        events = (
            events.filter(gebruiker=gevonden_gebruiker) if gevonden_gebruiker else events.none()
        )
    if not dossier and not gebruiker:
        events = events.none()
    return events, client, gevonden_gebruiker


def client_referenties(*, client_ids) -> dict[int, str]:
    """Dossier numbers of the clients in a page of events (one query)."""
    ids = {i for i in client_ids if i is not None}
    return dict(Client.objects.filter(pk__in=ids).values_list("pk", "referentie"))
