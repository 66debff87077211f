"""Screens for social workers and team leads: caseload, dossier, intake, team.

Views stay thin: access comes from the selectors' querysets (404 outside one's reach), writes
from ``clients.services``; every dossier view, change and download is audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activering.permissions import (
    client_ip,
    dossier_rol_vereist,
    mag_team_beheren,
    teambeheer_rol_vereist,
)
from trajecten.workflow import overgang_toegelaten

from . import services
from .forms import (
    CaseloadFilterForm,
    ClientBewerkForm,
    DocumentForm,
    GpmiActieForm,
    GpmiEvaluatieForm,
    GpmiForm,
    IntakeForm,
    LogboekForm,
    TaakForm,
    ToewijzingForm,
)
from .models import Client, Document, Gpmi, Taak
from .selectors import (
    caseload_list,
    client_dossier,
    client_queryset_bewerkbaar,
    client_queryset_leesbaar,
    team_caseloads,
    team_clienten,
    team_medewerkers,
    tijdlijn,
)

# --- caseload -------------------------------------------------------------------------------


@dossier_rol_vereist
@require_http_methods(["GET", "POST"])
def caseload(request: HttpRequest) -> HttpResponse:
    """‘Mijn caseload’: my open dossiers at a glance. Search terms travel by POST only."""
    if request.method == "POST":
        form = CaseloadFilterForm(request.POST)
    else:
        form = CaseloadFilterForm(request.GET.copy())
        form.data.pop("zoek", None)  # never take names or numbers from a URL
    waarden = form.waarden()
    vandaag = timezone.localdate()
    qs = caseload_list(
        medewerker=request.medewerker,
        vandaag=vandaag,
        eigen=waarden["eigen"],
        zoek=waarden["zoek"],
        uitkering=waarden["uitkering"],
        alert=waarden["alert"],
        traject_soort=waarden["traject_soort"],
        sortering=waarden["sortering"],
    )
    pagina = Paginator(qs, settings.CASELOAD_PAGE_SIZE).get_page(waarden["pagina"])
    context = {
        "form": form,
        "pagina": pagina,
        "waarden": waarden,
        "vandaag": vandaag,
        "mag_team_beheren": mag_team_beheren(request.medewerker),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "clients/_caseload_resultaten.html", context)
    return render(request, "clients/caseload.html", context)


# --- dossier --------------------------------------------------------------------------------


def _dossier_context(request: HttpRequest, pk: int, **extra) -> dict:
    vandaag = timezone.localdate()
    alles = request.GET.get("logboek") == "alles"
    try:
        dossier = client_dossier(
            medewerker=request.medewerker,
            pk=pk,
            vandaag=vandaag,
            logboek_limiet=None if alles else 50,
        )
    except Client.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "dossier": dossier,
        "client": dossier.client,
        "vandaag": vandaag,
        "tijdlijn": tijdlijn(dossier=dossier, vandaag=vandaag),
        "logboek_form": LogboekForm(),
        "taak_form": TaakForm(),
        "document_form": DocumentForm(),
        "gpmi_form": GpmiForm(initial={"startdatum": vandaag}),
        "actie_form": GpmiActieForm(),
        "evaluatie_form": GpmiEvaluatieForm(),
        "overgang_toegelaten": overgang_toegelaten,
        "max_mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024),
    }
    context.update(extra)
    return context


def _dossier_audit(request: HttpRequest, pk: int, actie: str) -> None:
    services.dossier_audit(
        actie=actie, client_id=pk, medewerker=request.medewerker, ip_adres=client_ip(request)
    )


@dossier_rol_vereist
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    context = _dossier_context(request, pk)
    _dossier_audit(request, pk, "client_bekeken")
    return render(request, "clients/dossier.html", context)


def _leesbaar_of_404(request: HttpRequest, pk: int) -> Client:
    try:
        return client_queryset_leesbaar(medewerker=request.medewerker).get(pk=pk)
    except Client.DoesNotExist as exc:
        raise Http404 from exc


def _bewerkbaar(request: HttpRequest, pk: int) -> Client:
    """404 when the client is not readable, 403 when it is readable but not changeable (a
    colleague's client: a social worker changes only his own caseload)."""
    client = _leesbaar_of_404(request, pk)
    if not client_queryset_bewerkbaar(medewerker=request.medewerker).filter(pk=pk).exists():
        raise PermissionDenied(_("U kan enkel dossiers van uw eigen caseload wijzigen."))
    return client


@dossier_rol_vereist
@require_POST
def rijksregisternummer_tonen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reveal the full number on a deliberate click (audited)."""
    client = _leesbaar_of_404(request, pk)
    nummer = services.client_rijksregisternummer_tonen(
        client=client, medewerker=request.medewerker, ip_adres=client_ip(request)
    )
    if request.htmx:
        return render(request, "clients/dossier/_rrn.html", {"client": client, "nummer": nummer})
    return render(request, "clients/dossier.html", _dossier_context(request, pk, nummer=nummer))


def _sectie(
    request: HttpRequest, pk: int, sectie: str, *, ok: bool, form_naam: str, form, bericht: str
) -> HttpResponse:
    """Answer of an inline form: with HTMX the section again (fresh form on success, the form
    with its errors otherwise); without JavaScript a redirect or the whole page."""
    if ok and not request.htmx:
        messages.success(request, bericht)
        return redirect(reverse("clients:dossier", args=[pk]) + f"#{sectie}")
    extra = {} if ok else {form_naam: form}
    if ok:
        extra["sectie_bericht"] = bericht
    context = _dossier_context(request, pk, **extra)
    if request.htmx:
        return render(request, f"clients/dossier/_{sectie}.html", context)
    return render(request, "clients/dossier.html", context, status=400)


def _valideer(form, service, **kwargs) -> bool:
    """Run ``service`` when the form is valid; put a service ``ValidationError`` on the form."""
    if not form.is_valid():
        return False
    try:
        service(**form.cleaned_data, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for veld, fouten in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


def _sectie_formulier(
    request: HttpRequest,
    pk: int,
    sectie: str,
    *,
    form,
    form_naam: str,
    service,
    bericht: str,
    **doel,
) -> HttpResponse:
    """Submit an inline form of a dossier section to ``service`` (with ``doel``, the staff
    member and his IP address) and answer with the section (see ``_sectie``)."""
    ok = _valideer(
        form, service, **doel, medewerker=request.medewerker, ip_adres=client_ip(request)
    )
    return _sectie(request, pk, sectie, ok=ok, form_naam=form_naam, form=form, bericht=bericht)


@dossier_rol_vereist
@require_POST
def logboek_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    client = _bewerkbaar(request, pk)
    return _sectie_formulier(
        request,
        pk,
        "logboek",
        form=LogboekForm(request.POST),
        form_naam="logboek_form",
        service=services.logboekitem_create,
        bericht=_("Contact toegevoegd aan het logboek."),
        client=client,
    )


@dossier_rol_vereist
@require_GET
def logboek(request: HttpRequest, pk: int) -> HttpResponse:
    """The logbook section (``?logboek=alles`` for the whole history)."""
    context = _dossier_context(request, pk)
    _dossier_audit(request, pk, "logboek_bekeken")
    if request.htmx:
        return render(request, "clients/dossier/_logboek.html", context)
    return render(request, "clients/dossier.html", context)


@dossier_rol_vereist
@require_POST
def taak_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    client = _bewerkbaar(request, pk)
    return _sectie_formulier(
        request,
        pk,
        "taken",
        form=TaakForm(request.POST),
        form_naam="taak_form",
        service=services.taak_create,
        bericht=_("Taak toegevoegd."),
        client=client,
    )


@dossier_rol_vereist
@require_POST
def taak_afwerken(request: HttpRequest, pk: int, taak_pk: int) -> HttpResponse:
    _bewerkbaar(request, pk)
    try:
        taak = Taak.objects.get(pk=taak_pk, client_id=pk)
    except Taak.DoesNotExist as exc:
        raise Http404 from exc
    services.taak_afwerken(taak=taak, medewerker=request.medewerker, ip_adres=client_ip(request))
    return _sectie(
        request, pk, "taken", ok=True, form_naam="", form=None, bericht=_("Taak afgewerkt.")
    )


@dossier_rol_vereist
@require_POST
def document_opladen(request: HttpRequest, pk: int) -> HttpResponse:
    client = _bewerkbaar(request, pk)
    return _sectie_formulier(
        request,
        pk,
        "documenten",
        form=DocumentForm(request.POST, request.FILES),
        form_naam="document_form",
        service=services.document_create,
        bericht=_("Document opgeladen."),
        client=client,
    )


@dossier_rol_vereist
@require_GET
def document_downloaden(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    client = _leesbaar_of_404(request, pk)
    try:
        document = Document.objects.get(pk=document_pk, client=client)
    except Document.DoesNotExist as exc:
        raise Http404 from exc
    inhoud = services.document_inhoud(
        document=document, medewerker=request.medewerker, ip_adres=client_ip(request)
    )
    response = FileResponse(
        inhoud,
        as_attachment=True,
        filename=document.naam,
        content_type=services.document_mime(document.soort),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@dossier_rol_vereist
@require_POST
def gpmi_toevoegen(request: HttpRequest, pk: int) -> HttpResponse:
    client = _bewerkbaar(request, pk)
    return _sectie_formulier(
        request,
        pk,
        "gpmi",
        form=GpmiForm(request.POST),
        form_naam="gpmi_form",
        service=services.gpmi_create,
        bericht=_("GPMI opgesteld."),
        client=client,
    )


def _gpmi(pk: int, gpmi_pk: int) -> Gpmi:
    try:
        return Gpmi.objects.get(pk=gpmi_pk, client_id=pk)
    except Gpmi.DoesNotExist as exc:
        raise Http404 from exc


@dossier_rol_vereist
@require_POST
def gpmi_actie_toevoegen(request: HttpRequest, pk: int, gpmi_pk: int) -> HttpResponse:
    _bewerkbaar(request, pk)
    return _sectie_formulier(
        request,
        pk,
        "gpmi",
        form=GpmiActieForm(request.POST),
        form_naam="actie_form",
        service=services.gpmi_actie_create,
        bericht=_("Afspraak toegevoegd aan het GPMI."),
        gpmi=_gpmi(pk, gpmi_pk),
    )


@dossier_rol_vereist
@require_POST
def gpmi_evaluatie_toevoegen(request: HttpRequest, pk: int, gpmi_pk: int) -> HttpResponse:
    _bewerkbaar(request, pk)
    return _sectie_formulier(
        request,
        pk,
        "gpmi",
        form=GpmiEvaluatieForm(request.POST),
        form_naam="evaluatie_form",
        service=services.gpmi_evaluatie_create,
        bericht=_("Evaluatie bewaard."),
        gpmi=_gpmi(pk, gpmi_pk),
    )


# --- edit (optimistic locking) --------------------------------------------------------------


@dossier_rol_vereist
@require_http_methods(["GET", "POST"])
def bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    client = _bewerkbaar(request, pk)
    conflict = None
    verschillen: dict[str, object] = {}
    if request.method == "POST":
        form = ClientBewerkForm(request.POST, instance=Client.objects.get(pk=pk))
        if form.is_valid():
            try:
                services.client_update(
                    client_id=pk,
                    versie=form.cleaned_data["versie"],
                    velden=form.velden(),
                    medewerker=request.medewerker,
                    ip_adres=client_ip(request),
                )
            except services.VersieConflict as exc:
                conflict = exc.bericht
                nieuw = exc.client
                # Show what is stored now next to each field that differs; submitting again
                # deliberately keeps this person's version.
                verschillen = {
                    str(form.fields[veld].label): getattr(nieuw, veld)
                    for veld, waarde in form.velden().items()
                    if getattr(nieuw, veld) != waarde
                }
                data = request.POST.copy()
                data["versie"] = nieuw.versie
                form = ClientBewerkForm(data, instance=nieuw)
                form.is_valid()
            except Client.DoesNotExist as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Dossiergegevens bewaard."))
                return redirect("clients:dossier", pk=pk)
    else:
        form = ClientBewerkForm(instance=client)
        _dossier_audit(request, pk, "client_bewerken_geopend")
    return render(
        request,
        "clients/bewerken.html",
        {
            "client": client,
            "form": form,
            "conflict": conflict,
            "verschillen": verschillen,
        },
        status=409 if conflict else 200,
    )


# --- intake ---------------------------------------------------------------------------------


@dossier_rol_vereist
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST or None, medewerker=request.medewerker)
    if request.method == "POST" and form.is_valid():
        velden = {k: v for k, v in form.cleaned_data.items() if k != "toch_aanmaken"}
        try:
            client = services.client_create(
                medewerker=request.medewerker, velden=velden, ip_adres=client_ip(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Dossier %(ref)s aangemaakt.") % {"ref": client.referentie})
            return redirect("clients:dossier", pk=client.pk)
    return render(
        request, "clients/intake.html", {"form": form}, status=400 if form.errors else 200
    )


# --- team -----------------------------------------------------------------------------------


@teambeheer_rol_vereist
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    return _team_pagina(request)


def _team_pagina(request: HttpRequest, form: ToewijzingForm | None = None) -> HttpResponse:
    vandaag = timezone.localdate()
    medewerker = request.medewerker
    regels = team_caseloads(medewerker=medewerker, vandaag=vandaag)
    # Which caseload to show for reassignment: ?van=<medewerker id> or ?van=niemand.
    van_keuze = request.GET.get("van", "")
    van = next((r["medewerker"] for r in regels if str(r["medewerker"].pk) == van_keuze), None)
    clienten = team_clienten(
        medewerker=medewerker,
        vandaag=vandaag,
        niet_toegewezen=van_keuze == "niemand",
        van=van,
    )
    if form is None:
        form = ToewijzingForm(clienten=clienten, medewerkers=[r["medewerker"] for r in regels])
    return render(
        request,
        "clients/team.html",
        {
            "regels": regels,
            "clienten": clienten,
            "form": form,
            "doel": settings.CASELOAD_TARGET,
            "niet_toegewezen": team_clienten(
                medewerker=medewerker, vandaag=vandaag, niet_toegewezen=True
            ).count(),
            "van_keuze": van_keuze if (van or van_keuze == "niemand") else "",
        },
        status=400 if form.errors else 200,
    )


@teambeheer_rol_vereist
@require_POST
def toewijzen(request: HttpRequest) -> HttpResponse:
    medewerker = request.medewerker
    form = ToewijzingForm(
        request.POST,
        clienten=client_queryset_bewerkbaar(medewerker=medewerker).filter(
            afgesloten_op__isnull=True
        ),
        medewerkers=team_medewerkers(medewerker=medewerker),
    )
    if form.is_valid():
        try:
            aantal = services.clients_toewijzen(
                client_ids=[c.pk for c in form.cleaned_data["clienten"]],
                naar=form.cleaned_data["naar"],
                reden=form.cleaned_data["reden"],
                door=medewerker,
                ip_adres=client_ip(request),
            )
        except ValidationError as exc:
            for veld, fouten in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
        else:
            messages.success(request, _("%(n)s dossier(s) opnieuw toegewezen.") % {"n": aantal})
            return redirect("clients:team")
    return _team_pagina(request, form=form)
