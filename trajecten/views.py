"""Refer, start and close trajecten from a client's dossier.

Status changes go through ``trajecten.services`` (and so ``trajecten.workflow``); a refused
transition is shown with the workflow's own explanation. Only staff who may change the
client's dossier reach these screens (404 outside their reach, 403 for a colleague's client)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activering.permissions import client_ip, dossier_rol_vereist
from clients.models import Client
from clients.selectors import client_queryset_bewerkbaar, client_queryset_leesbaar
from clients.services import dossier_audit

from .forms import AanmeldenForm, AfsluitenForm, StartForm
from .models import Traject
from .services import (
    traject_aanmelden_met_plaatsing,
    traject_afsluiten,
    traject_start_met_plaatsing,
)
from .workflow import OngeldigeOvergang, overgang_uitleg


def _client_bewerkbaar(request: HttpRequest, client_pk: int) -> Client:
    medewerker = request.medewerker
    try:
        client = client_queryset_leesbaar(medewerker=medewerker).get(pk=client_pk)
    except Client.DoesNotExist as exc:
        raise Http404 from exc
    if not client_queryset_bewerkbaar(medewerker=medewerker).filter(pk=client_pk).exists():
        raise PermissionDenied(_("U kan enkel dossiers van uw eigen caseload wijzigen."))
    return client


def _traject(request: HttpRequest, pk: int) -> Traject:
    try:
        traject = Traject.objects.select_related("partner").get(pk=pk)
    except Traject.DoesNotExist as exc:
        raise Http404 from exc
    traject.client = _client_bewerkbaar(request, traject.client_id)
    return traject


def _fouten_op_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


def _audit(request: HttpRequest, actie: str, traject: Traject) -> None:
    dossier_audit(
        actie=actie,
        client_id=traject.client_id,
        medewerker=request.medewerker,
        ip_adres=client_ip(request),
        object_type="traject",
        object_id=traject.pk,
    )


@dossier_rol_vereist
@require_http_methods(["GET", "POST"])
def aanmelden(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Refer the client to a partner, or start an internal traject."""
    client = _client_bewerkbaar(request, client_pk)
    form = AanmeldenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            traject = traject_aanmelden_met_plaatsing(
                client=client, verwijzer=request.medewerker, **form.cleaned_data
            )
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            _audit(request, "traject_aangemeld", traject)
            messages.success(
                request,
                _("%(soort)s aangemeld.") % {"soort": traject.get_soort_display().capitalize()},
            )
            return redirect("clients:dossier", pk=client.pk)
    return render(
        request,
        "trajecten/aanmelden.html",
        {"client": client, "form": form},
        status=400 if form.errors else 200,
    )


@dossier_rol_vereist
@require_http_methods(["GET", "POST"])
def starten(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    form = StartForm(request.POST or None, traject=traject)
    weigering = None
    if request.method == "GET" and traject.status != "aangemeld":
        weigering = overgang_uitleg(van=traject.status, naar="lopend")
    if request.method == "POST" and form.is_valid():
        try:
            traject = traject_start_met_plaatsing(traject=traject, **form.cleaned_data)
        except OngeldigeOvergang as exc:
            weigering = exc.bericht
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            _audit(request, "traject_gestart", traject)
            messages.success(request, _("Traject gestart."))
            return redirect("clients:dossier", pk=traject.client_id)
    return render(
        request,
        "trajecten/starten.html",
        {"traject": traject, "client": traject.client, "form": form, "weigering": weigering},
        status=409 if weigering and request.method == "POST" else (400 if form.errors else 200),
    )


@dossier_rol_vereist
@require_http_methods(["GET", "POST"])
def afsluiten(request: HttpRequest, pk: int) -> HttpResponse:
    traject = _traject(request, pk)
    form = AfsluitenForm(request.POST or None)
    weigering = None
    if request.method == "GET" and traject.status not in ("aangemeld", "lopend"):
        weigering = overgang_uitleg(van=traject.status, naar="afgerond")
    if request.method == "POST" and form.is_valid():
        try:
            traject = traject_afsluiten(
                traject=traject,
                einddatum=form.cleaned_data["einddatum"],
                uitkomst=form.cleaned_data["uitkomst"],
                status=form.cleaned_data["status"] or None,
            )
        except OngeldigeOvergang as exc:
            weigering = exc.bericht
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            _audit(request, "traject_afgesloten", traject)
            messages.success(
                request,
                _("Traject afgesloten: %(uitkomst)s.")
                % {"uitkomst": traject.get_uitkomst_display()},
            )
            return redirect("clients:dossier", pk=traject.client_id)
    return render(
        request,
        "trajecten/afsluiten.html",
        {"traject": traject, "client": traject.client, "form": form, "weigering": weigering},
        status=409 if weigering and request.method == "POST" else (400 if form.errors else 200),
    )
