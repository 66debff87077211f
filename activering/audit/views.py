"""Audit screens: "wie bekeek dit dossier" (+ CSV) and the beheerder's search.

Access comes from ``activering.audit.selectors``: a client outside one's reach is a 404, a
role that never reads the trail a 403. Reading the trail is itself audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from activering.constants import Rol
from activering.permissions import client_ip, medewerker_van, rol_vereist
from activering.services import audit_log
from clients.models import Client

from .constants import actie_label
from .forms import AuditZoekForm
from .selectors import (
    audit_client_queryset,
    audit_events_voor_client,
    audit_mag_alles_zien,
    audit_mag_dossiers_zien,
    audit_zoeken,
    client_referenties,
)
from .services import audit_csv, wie

PAGINA = 50
ALLE_ROLLEN = list(Rol)


def _medewerker_met_toegang(request: HttpRequest):
    medewerker = medewerker_van(request.user)
    if not audit_mag_dossiers_zien(medewerker=medewerker):
        raise PermissionDenied
    return medewerker


def _client(medewerker, pk: int) -> Client:
    try:
        return audit_client_queryset(medewerker=medewerker).get(pk=pk)
    except Client.DoesNotExist as exc:
        raise Http404 from exc


def _regels(events, referenties: dict[int, str] | None = None) -> list[dict]:
    return [
        {
            "event": e,
            "wie": wie(e),
            "actie": actie_label(e.actie),
            "dossier": (referenties or {}).get(e.client_id, ""),
        }
        for e in events
    ]


@rol_vereist(ALLE_ROLLEN)
@require_GET
@never_cache
def client_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Wie bekeek dit dossier: every event about one client, newest first."""
    medewerker = _medewerker_met_toegang(request)
    client = _client(medewerker, pk)
    # First record this look (it belongs in the list), then count and page.
    audit_log(
        actie="auditlog_bekeken",
        gebruiker=request.user,
        object_type="client",
        object_id=client.pk,
        client_id=client.pk,
        ip_adres=client_ip(request),
    )
    pagina = Paginator(audit_events_voor_client(client=client), PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "audit/client.html",
        {"client": client, "pagina": pagina, "regels": _regels(pagina.object_list)},
    )


@rol_vereist(ALLE_ROLLEN)
@require_GET
@never_cache
def client_audit_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The same list as CSV (the export is audited)."""
    medewerker = _medewerker_met_toegang(request)
    client = _client(medewerker, pk)
    events = list(audit_events_voor_client(client=client))
    audit_log(
        actie="auditlog_geexporteerd",
        gebruiker=request.user,
        object_type="client",
        object_id=client.pk,
        client_id=client.pk,
        ip_adres=client_ip(request),
        details={"rijen": len(events)},
    )
    response = HttpResponse(
        "\ufeff" + audit_csv(events=events, referentie=client.referentie),
        content_type="text/csv; charset=utf-8",
    )
    stempel = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="auditlog-{client.pk}-{stempel}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@rol_vereist(ALLE_ROLLEN)
@require_GET
@never_cache
def zoeken(request: HttpRequest) -> HttpResponse:
    """The beheerder's (and data protection officer's) search by dossier number or user."""
    medewerker = medewerker_van(request.user)
    if not audit_mag_alles_zien(medewerker=medewerker):
        raise PermissionDenied
    form = AuditZoekForm(request.GET or None)
    context: dict = {"form": form, "gezocht": False}
    status = 200
    if form.is_bound:
        if form.is_valid():
            events, client, gebruiker = audit_zoeken(
                medewerker=medewerker,
                dossier=form.cleaned_data["dossier"],
                gebruiker=form.cleaned_data["gebruiker"],
            )
            # The search is recorded first (on the client's trail too), then counted and paged.
            audit_log(
                actie="auditlog_gezocht",
                gebruiker=request.user,
                object_type="client" if client else "",
                object_id=client.pk if client else "",
                client_id=client.pk if client else None,
                ip_adres=client_ip(request),
                details={"gebruiker_id": gebruiker.pk} if gebruiker else {},
            )
            pagina = Paginator(events, PAGINA).get_page(request.GET.get("pagina"))
            referenties = client_referenties(client_ids=[e.client_id for e in pagina])
            querystring = request.GET.copy()
            querystring.pop("pagina", None)
            context.update(
                gezocht=True,
                pagina=pagina,
                regels=_regels(pagina.object_list, referenties),
                client=client,
                gevonden_gebruiker=gebruiker,
                querystring=querystring,
            )
        else:
            status = 400
    return render(request, "audit/zoeken.html", context, status=status)
