"""Writes around the audit trail: the CSV export of one client's events, and the one sanctioned
way to delete old events (the table refuses DELETE otherwise)."""

from __future__ import annotations

import csv
import io

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from activering.models import AuditEvent
from activering.services import audit_log

from .constants import actie_label

#: Transaction-local PostgreSQL setting that the append-only trigger checks before it lets a
#: DELETE through (never an UPDATE). Only ``audit_events_wissen`` sets it.
OPRUIM_INSTELLING = "activering.audit_opruimen"

CSV_KOLOMMEN = [
    "tijdstip",
    "gebruiker",
    "partner",
    "api_sleutel",
    "actie",
    "omschrijving",
    "objecttype",
    "object_id",
    "dossier",
    "ip_adres",
]


def wie(event: AuditEvent) -> str:
    """Who caused the event: the staff member's username, or the partner organisation."""
    if event.gebruiker_id:
        return event.gebruiker.get_username()
    if event.partner_code:
        return _("partner %(code)s") % {"code": event.partner_code}
    return _("systeem")


def _cel(waarde) -> str:
    """A CSV cell that a spreadsheet never runs as a formula."""
    tekst = str(waarde)
    return f"'{tekst}" if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst


def audit_csv(*, events, referentie: str) -> str:
    """The events as CSV (semicolon-separated, as Excel in nl-BE expects). Holds usernames,
    ids and the dossier number, never client names or numbers."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(CSV_KOLOMMEN)
    for e in events:
        schrijver.writerow(
            _cel(c)
            for c in [
                timezone.localtime(e.tijdstip).isoformat(timespec="seconds"),
                e.gebruiker.get_username() if e.gebruiker_id else "",
                e.partner_code,
                e.api_sleutel,
                e.actie,
                actie_label(e.actie),
                e.object_type,
                e.object_id,
                referentie,
                e.ip_adres or "",
            ]
        )
    return uit.getvalue()


def audit_events_wissen(*, events: QuerySet[AuditEvent], reden: str, gebruiker=None) -> int:
    """Delete ``events`` (e.g. those of removed demo data, or past their retention period):
    the one sanctioned way past the append-only trigger, which refuses DELETE unless this
    transaction set ``activering.audit_opruimen``. The deletion is itself recorded as a new
    event (``auditlog_opgeruimd``, with the count and the reason). UPDATE stays refused."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'aan', true)", [OPRUIM_INSTELLING])
        try:
            gewist = events.delete()[0]
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', true)", [OPRUIM_INSTELLING])
        if gewist:
            audit_log(
                actie="auditlog_opgeruimd",
                gebruiker=gebruiker,
                details={"reden": reden, "gewist": gewist},
            )
    return gewist
