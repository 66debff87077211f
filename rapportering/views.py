"""The reporting screens: dashboard, recomputation with progress, exports and the council
report. Views stay thin: forms check the input (Dutch messages, 400), ``tabellen`` assembles
the figures from the stored snapshots, ``services`` writes and queues the jobs."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from celery.result import AsyncResult

from activering.constants import Rol
from activering.permissions import client_ip, rol_vereist
from activering.services import audit_log

from .forms import (
    TABELLEN,
    DashboardFilterForm,
    HerberekenForm,
    RaadsrapportForm,
    TabelExportForm,
    mag_vergelijken,
    standaard_filters,
)
from .models import Export
from .selectors import export_get_voor_download, export_list_voor_gebruiker
from .services import export_aanvragen, export_download_registreren
from .tabellen import dashboard_opbouwen, maand_code
from .tasks import herbereken_dashboard

#: Who opens the dashboard and asks for exports (not the social workers).
ROLLEN_RAPPORTERING = (Rol.TEAMLEIDER, Rol.ANALIST, Rol.BEHEERDER)
#: Who may recompute the stored figures of his own gemeente.
ROLLEN_HERBEREKENEN = (Rol.TEAMLEIDER, Rol.BEHEERDER)

rapportering_rol_vereist = rol_vereist(ROLLEN_RAPPORTERING)
herbereken_rol_vereist = rol_vereist(ROLLEN_HERBEREKENEN)

SESSIE_TAKEN = "rapportering_taken"
MAX_TAKEN_IN_SESSIE = 20


# --- dashboard ------------------------------------------------------------------------------


@require_GET
@rapportering_rol_vereist
def dashboard(request: HttpRequest) -> HttpResponse:
    medewerker = request.medewerker
    vandaag = timezone.localdate()
    data = request.GET.copy()
    standaard = standaard_filters(medewerker=medewerker, vandaag=vandaag)
    for naam, waarde in standaard.items():
        if not data.get(naam):
            data[naam] = waarde
    form = DashboardFilterForm(data, medewerker=medewerker, vandaag=vandaag)
    if not form.is_valid():
        context = {"form": form, "teams": form.teams(), "fout": True}
        return render(request, "rapportering/dashboard.html", context, status=400)
    filters = form.filters()
    gegevens = dashboard_opbouwen(filters=filters, vandaag=vandaag)
    parameters = filters.als_parameters()
    verborgen = [
        (naam, parameters[naam] or "")
        for naam in ("gemeente", "van", "tot", "team", "partner")
        if parameters[naam]
    ] + [("vergelijk", nis) for nis in parameters["vergelijk"]]
    context = {
        "form": form,
        "teams": form.teams(),
        "d": gegevens,
        "t": gegevens.tabellen,
        "g": gegevens.grafieken,
        "verborgen_filters": verborgen,
        "mag_herberekenen": medewerker.rol in ROLLEN_HERBEREKENEN
        and filters.gemeente.pk == medewerker.gemeente_id,
        "mag_vergelijken": mag_vergelijken(medewerker),
        "herbereken_form": HerberekenForm(
            initial={"van": maand_code(filters.van), "tot": maand_code(filters.tot)}
        ),
        "tabel_namen": TABELLEN,
    }
    return render(request, "rapportering/dashboard.html", context)


# --- recomputation --------------------------------------------------------------------------


def _taak_context(taak_id: str) -> dict:
    resultaat = AsyncResult(taak_id)
    status = resultaat.state
    info = resultaat.info if isinstance(resultaat.info, dict) else {}
    percentage = 0
    if status == "PROGRESS":
        percentage = int(info.get("percentage", 0))
    elif status == "SUCCESS":
        percentage = 100
    return {
        "taak_id": taak_id,
        "status": status,
        "percentage": percentage,
        "klaar": status == "SUCCESS",
        "mislukt": status in ("FAILURE", "REVOKED"),
        "bezig": status not in ("SUCCESS", "FAILURE", "REVOKED"),
        "resultaat": resultaat.result if status == "SUCCESS" else None,
    }


@require_POST
@herbereken_rol_vereist
def herberekenen(request: HttpRequest) -> HttpResponse:
    """Start the recomputation of the medewerker's own gemeente for a period (Celery)."""
    medewerker = request.medewerker
    form = HerberekenForm(request.POST)
    if not form.is_valid():
        return _fouten(
            request, form, _("De herberekening kon niet starten:"), doel_id="herberekening"
        )
    gemeente = medewerker.gemeente
    van, tot = maand_code(form.cleaned_data["van"]), maand_code(form.cleaned_data["tot"])
    taak = herbereken_dashboard.delay(gemeente.nis_code, van, tot, timezone.localdate().isoformat())
    taken = [taak.id, *request.session.get(SESSIE_TAKEN, [])][:MAX_TAKEN_IN_SESSIE]
    request.session[SESSIE_TAKEN] = taken
    audit_log(
        actie="indicatoren_herberekenen",
        gebruiker=request.user,
        object_type="rapportering.gemeente",
        object_id=gemeente.nis_code,
        ip_adres=client_ip(request),
        details={"van": van, "tot": tot, "taak": taak.id},
    )
    if request.htmx:
        return render(request, "rapportering/_taak.html", _taak_context(taak.id))
    return redirect("rapportering:taak", taak_id=taak.id)


@require_GET
@herbereken_rol_vereist
def taak(request: HttpRequest, taak_id: str) -> HttpResponse:
    """Progress of a recomputation this session started (HTMX polls this fragment)."""
    if taak_id not in request.session.get(SESSIE_TAKEN, []):
        raise Http404
    context = _taak_context(taak_id)
    if request.htmx:
        return render(request, "rapportering/_taak.html", context)
    return render(request, "rapportering/taak.html", context)


# --- exports --------------------------------------------------------------------------------


@require_POST
@rapportering_rol_vereist
def export_nieuw(request: HttpRequest) -> HttpResponse:
    """Ask for a table export (with the dashboard's filters) or a council report."""
    medewerker = request.medewerker
    vandaag = timezone.localdate()
    if request.POST.get("soort") == Export.Soort.RAADSRAPPORT:
        form = RaadsrapportForm(request.POST, medewerker=medewerker, vandaag=vandaag)
        if not form.is_valid():
            return _export_fout(request, form, medewerker, vandaag)
        c = form.cleaned_data
        export = export_aanvragen(
            user=request.user,
            soort=Export.Soort.RAADSRAPPORT,
            formaat=c["formaat"],
            gemeente=c["gemeente_object"],
            parameters={
                "van": maand_code(c["van"]),
                "tot": maand_code(c["tot"]),
                "peildatum": vandaag.isoformat(),
            },
            ip_adres=client_ip(request),
        )
    else:
        form = TabelExportForm(request.POST, medewerker=medewerker, vandaag=vandaag)
        if not form.is_valid():
            return _export_fout(request, form, medewerker, vandaag)
        filters = form.filters()
        export = export_aanvragen(
            user=request.user,
            soort=Export.Soort.TABEL,
            formaat=form.cleaned_data["formaat"],
            tabel=form.cleaned_data["tabel"],
            gemeente=filters.gemeente,
            parameters={**filters.als_parameters(), "vandaag": vandaag.isoformat()},
            ip_adres=client_ip(request),
        )
    if request.htmx:
        return render(request, "rapportering/_export.html", {"export": export})
    return redirect(f"{reverse('rapportering:exports')}#export-{export.pk}")


def _export_fout(request, form, medewerker, vandaag) -> HttpResponse:
    inleiding = _("De export kon niet worden aangevraagd:")
    if request.htmx:
        return _fouten(request, form, inleiding)
    context = {
        "exports": export_list_voor_gebruiker(user=request.user),
        "raadsrapport_form": form
        if isinstance(form, RaadsrapportForm)
        else _raadsrapport_form(medewerker, vandaag),
        "fout_form": form,
    }
    return render(request, "rapportering/exports.html", context, status=400)


def _fouten(request, form, inleiding: str, doel_id: str = "") -> HttpResponse:
    """The form's Dutch messages: a fragment for HTMX (200, so that htmx swaps it in), a page
    with status 400 otherwise."""
    context = {"form": form, "inleiding": inleiding, "doel_id": doel_id}
    if request.htmx:
        return render(request, "rapportering/_fouten.html", context)
    return render(request, "rapportering/fout.html", context, status=400)


def _raadsrapport_form(medewerker, vandaag) -> RaadsrapportForm:
    return RaadsrapportForm(
        medewerker=medewerker,
        vandaag=vandaag,
        initial={
            "gemeente": medewerker.gemeente.nis_code,
            "van": f"{vandaag.year - 1}-01",
            "tot": maand_code(vandaag.replace(day=1)),
            "formaat": Export.Formaat.PDF,
        },
    )


@require_GET
@rapportering_rol_vereist
def exports(request: HttpRequest) -> HttpResponse:
    """My exports and the council report form."""
    vandaag = timezone.localdate()
    context = {
        "exports": export_list_voor_gebruiker(user=request.user),
        "raadsrapport_form": _raadsrapport_form(request.medewerker, vandaag),
    }
    return render(request, "rapportering/exports.html", context)


@require_GET
@rapportering_rol_vereist
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = export_get_voor_download(user=request.user, export_id=pk)
    if export is None:
        raise Http404
    return render(request, "rapportering/_export.html", {"export": export})


@require_GET
@rapportering_rol_vereist
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, for the requester and the beheerders of the gemeente only (audited)."""
    export = export_get_voor_download(user=request.user, export_id=pk)
    if export is None or export.status != Export.Status.KLAAR or not export.bestand:
        raise Http404(_("Deze export bestaat niet of is nog niet klaar."))
    export_download_registreren(export=export, user=request.user, ip_adres=client_ip(request))
    naam = export.bestand.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    return FileResponse(export.bestand.open("rb"), as_attachment=True, filename=naam)
