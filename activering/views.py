from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from activering.constants import Rol
from activering.permissions import medewerker_van
from activering.selectors import health_status


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
