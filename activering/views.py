from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from activering.constants import Rol
from activering.permissions import medewerker_van, rol_vereist
from activering.selectors import health_status, notificatie_list, notificatie_ongelezen_aantal
from activering.services import notificatie_markeer_gelezen

medewerker_vereist = rol_vereist(Rol.values)


@require_GET
@never_cache
def health(request):
    status = health_status()
    return JsonResponse(status, status=200 if status["ok"] else 503)


@login_required
def home(request):
    """The start page: one block per role (``templates/home/<rol>.html``)."""
    medewerker = medewerker_van(request.user)
    rol_template = f"home/{medewerker.rol}.html" if medewerker and medewerker.rol in Rol else None
    return render(request, "home.html", {"medewerker": medewerker, "rol_template": rol_template})


@medewerker_vereist
@require_GET
def notificaties(request):
    """My notifications (partner reports, reassignments, alerts), unread first."""
    pagina = Paginator(notificatie_list(medewerker=request.medewerker), 25).get_page(
        request.GET.get("pagina")
    )
    return render(request, "notificaties/lijst.html", {"pagina": pagina})


@medewerker_vereist
@require_GET
@never_cache
def notificaties_teller(request):
    """The unread counter of the top bar, loaded by HTMX so that pages pay no query for it."""
    aantal = notificatie_ongelezen_aantal(medewerker=request.medewerker)
    return render(request, "notificaties/_teller.html", {"aantal": aantal})


@medewerker_vereist
@require_POST
def notificaties_gelezen(request, pk: int | None = None):
    """Mark one notification (``pk``) or all of mine as read, then go back or follow its link."""
    notificatie_markeer_gelezen(medewerker=request.medewerker, notificatie_id=pk)
    volgende = request.POST.get("volgende", "")
    if not url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        volgende = "notificaties"
    return redirect(volgende)
