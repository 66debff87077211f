"""Subject access (GDPR art. 15): a page in the dossier and the export of everything the
system holds about one client as JSON or PDF. For beheerders and the client's teamleider
only; every export is audited. The work is in ``clients.gdpr``."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activering.permissions import client_ip, teambeheer_rol_vereist

from . import gdpr
from .models import Client
from .selectors import client_queryset_leesbaar


def _client(request: HttpRequest, pk: int) -> Client:
    """404 outside the reader's reach, 403 when readable but not his to export."""
    try:
        client = (
            client_queryset_leesbaar(medewerker=request.medewerker)
            .select_related("gemeente")
            .get(pk=pk)
        )
    except Client.DoesNotExist as exc:
        raise Http404 from exc
    if not gdpr.mag_inzage_exporteren(medewerker=request.medewerker, client=client):
        raise PermissionDenied(
            _("Enkel een beheerder of de teamleider van de cliënt kan een inzage exporteren.")
        )
    return client


def _bijlage(response: HttpResponse, naam: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    response["Cache-Control"] = "private, no-store"
    return response


@teambeheer_rol_vereist
@require_GET
def inzage(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    return render(request, "clients/inzage.html", {"client": client})


@teambeheer_rol_vereist
@require_GET
def inzage_json(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    gegevens = gdpr.client_inzage_exporteren(
        client=client, medewerker=request.medewerker, formaat="json", ip_adres=client_ip(request)
    )
    inhoud = json.dumps(gegevens, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _bijlage(
        HttpResponse(inhoud, content_type="application/json; charset=utf-8"),
        f"inzage-{client.pk}.json",
    )


@teambeheer_rol_vereist
@require_GET
def inzage_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    gegevens = gdpr.client_inzage_exporteren(
        client=client, medewerker=request.medewerker, formaat="pdf", ip_adres=client_ip(request)
    )
    return _bijlage(
        HttpResponse(gdpr.inzage_pdf(gegevens), content_type="application/pdf"),
        f"inzage-{client.pk}.pdf",
    )
