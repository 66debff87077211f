"""The browser import for the beheerder, under /beheer/import/: upload CSV files (or one ZIP)
as a proefimport or a real import, follow the background job's progress (HTMX polling of a
``<progress>`` element) and read the same report as ``manage.py importeer``.

Only the ``beheerder`` role (403 for the other roles, the login page for anonymous users).
Imports are installation-wide, so every beheerder sees every job."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from activering.constants import Rol
from activering.models import Importopdracht
from activering.permissions import client_ip, rol_vereist

from . import opdrachten, selectors
from .forms import ImportForm

beheerder_vereist = rol_vereist((Rol.BEHEERDER,))


def _opdracht(pk: int) -> Importopdracht:
    try:
        return selectors.importopdracht_get(pk=pk)
    except Importopdracht.DoesNotExist as exc:
        raise Http404 from exc


@beheerder_vereist
@require_GET
def import_lijst(request: HttpRequest) -> HttpResponse:
    opdrachten.importopdrachten_verlopen_afsluiten()
    pagina = Paginator(selectors.importopdracht_list(), 25).get_page(request.GET.get("pagina"))
    return render(request, "beheer/import_lijst.html", {"pagina": pagina})


@beheerder_vereist
@require_http_methods(["GET", "POST"])
def import_nieuw(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        try:
            opdracht = opdrachten.importopdracht_create(
                bestanden=form.cleaned_data["bestanden"],
                dry_run=form.dry_run,
                gebruiker=request.user,
                ip_adres=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error("bestanden", exc.messages)
        else:
            opdrachten.importopdracht_inplannen(opdracht=opdracht)
            return redirect("uitwisseling:detail", pk=opdracht.pk)
    context = {
        "form": form,
        "max_mb": formats.number_format(settings.IMPORT_MAX_BYTES / (1024 * 1024), 0),
    }
    return render(request, "beheer/import_nieuw.html", context, status=400 if form.errors else 200)


def _status_context(opdracht: Importopdracht) -> dict:
    return {
        "opdracht": opdracht,
        "voortgang": selectors.importopdracht_voortgang(opdracht=opdracht),
    }


@beheerder_vereist
@require_GET
@never_cache
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opdrachten.importopdrachten_verlopen_afsluiten()
    opdracht = _opdracht(pk)
    return render(request, "beheer/import_detail.html", _status_context(opdracht))


@beheerder_vereist
@require_GET
@never_cache
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status block alone, polled by HTMX while the job runs; once it has finished the
    block holds the result and no longer polls."""
    opdracht = _opdracht(pk)
    return render(request, "beheer/import_status.html", _status_context(opdracht))


@beheerder_vereist
@require_GET
@never_cache
def import_problemen(request: HttpRequest, pk: int) -> HttpResponse:
    """The problems as a text file, one ``file:line: column: message`` per line."""
    opdracht = _opdracht(pk)
    if not opdracht.problemen:
        raise Http404
    response = HttpResponse(
        "\n".join(opdracht.problemen) + "\n", content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{opdracht.pk}-problemen.txt"'
    return response
