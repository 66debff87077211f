"""The second login step (TOTP code) and setting up an authenticator app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import TotpCodeForm
from .selectors import totp_apparaat_get, totp_geheim, totp_qr_svg
from .services import totp_apparaat_voorbereiden, totp_code_controleren


def _volgende(request: HttpRequest) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or ""
    if doel and url_has_allowed_host_and_scheme(
        doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return doel
    return "/"


def _te_veel_pogingen(apparaat) -> bool:
    toegelaten, _info = apparaat.verify_is_allowed()
    return not toegelaten


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tweede_factor(request: HttpRequest) -> HttpResponse:
    """After the password: the 6-digit code of the user's authenticator app."""
    apparaat = totp_apparaat_get(user=request.user)
    if apparaat is None:
        return redirect("tweede_factor_instellen")
    if request.user.is_verified():
        return redirect(_volgende(request))
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _te_veel_pogingen(apparaat):
            form.add_error(
                "code", _("Te veel foute codes na elkaar. Wacht even en probeer opnieuw.")
            )
        elif totp_code_controleren(
            request=request, apparaat=apparaat, code=form.cleaned_data["code"]
        ):
            return redirect(_volgende(request))
        else:
            form.add_error("code", _("Deze code klopt niet of werd al gebruikt."))
    return render(
        request,
        "registration/tweede_factor.html",
        {"form": form, "next": _volgende(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tweede_factor_instellen(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: scan the QR code (or type the secret), confirm with a code."""
    if totp_apparaat_get(user=request.user) is not None:
        return redirect("tweede_factor")
    apparaat = totp_apparaat_voorbereiden(user=request.user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _te_veel_pogingen(apparaat):
            form.add_error(
                "code", _("Te veel foute codes na elkaar. Wacht even en probeer opnieuw.")
            )
        elif totp_code_controleren(
            request=request, apparaat=apparaat, code=form.cleaned_data["code"]
        ):
            return redirect(_volgende(request))
        else:
            form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw toestel."))
    return render(
        request,
        "registration/tweede_factor_instellen.html",
        {
            "form": form,
            "next": _volgende(request),
            "geheim": totp_geheim(apparaat=apparaat),
            "uri": apparaat.config_url,
            "qr_svg": totp_qr_svg(apparaat=apparaat),
        },
        status=400 if form.errors else 200,
    )
