"""Partner management for the beheerder, under /beheer/partners/: partners, their yearly
agreements, API keys, webhooks and what each partner did (referrals per status, reports,
outcomes).

Only the ``beheerder`` role (403 for the others). Agreements and figures are those of the
beheerder's own gemeente. Views are thin: selectors read, services write and audit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from activering.constants import Rol
from activering.permissions import client_ip, rol_vereist

from . import selectors, services
from .forms import OvereenkomstForm, PartnerForm, SleutelForm, WebhookForm
from .models import Overeenkomst, Partner, PartnerAPIKey, PartnerWebhook

beheerder_vereist = rol_vereist((Rol.BEHEERDER,))


def _partner(pk: int) -> Partner:
    try:
        return selectors.partner_get(pk=pk)
    except Partner.DoesNotExist as exc:
        raise Http404 from exc


def _wie(request: HttpRequest) -> dict:
    return {"door": request.medewerker, "ip_adres": client_ip(request)}


def _fouten_op_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


def _formulier(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@beheerder_vereist
@require_http_methods(["GET"])
def partner_lijst(request: HttpRequest) -> HttpResponse:
    partners = selectors.partner_list_voor_beheer(gemeente=request.medewerker.gemeente)
    return render(request, "partners/lijst.html", {"partners": partners})


@beheerder_vereist
@require_http_methods(["GET", "POST"])
def partner_nieuw(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(**form.cleaned_data, **_wie(request))
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            messages.success(request, _("Partner %(naam)s aangemaakt.") % {"naam": partner.naam})
            return redirect("partners:detail", pk=partner.pk)
    return _formulier(request, "partners/partner_form.html", {"partner": None}, form)


@beheerder_vereist
@require_http_methods(["GET", "POST"])
def partner_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(pk)
    form = PartnerForm(request.POST or None, instance=Partner.objects.get(pk=partner.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(partner=partner, **form.cleaned_data, **_wie(request))
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            messages.success(request, _("Partner bewaard."))
            return redirect("partners:detail", pk=partner.pk)
    return _formulier(request, "partners/partner_form.html", {"partner": partner}, form)


def _detail_context(request: HttpRequest, partner: Partner) -> dict:
    gemeente = request.medewerker.gemeente
    statussen = selectors.partner_traject_statussen(partner=partner, gemeente=gemeente)
    uitkomsten = selectors.partner_uitkomst_verdeling(partner=partner, gemeente=gemeente)
    return {
        "partner": partner,
        "gemeente": gemeente,
        "statussen": statussen,
        "trajecten_totaal": sum(t.aantal for t in statussen),
        "uitkomsten": uitkomsten,
        "afgesloten_totaal": sum(t.aantal for t in uitkomsten),
        "melding_tellingen": selectors.partner_melding_tellingen(
            partner=partner, gemeente=gemeente
        ),
        "meldingen": selectors.melding_list_for_partner(partner=partner, gemeente=gemeente),
        "overeenkomsten": selectors.overeenkomst_list_for_partner(
            partner=partner, gemeente=gemeente
        ),
        "sleutels": selectors.partner_api_key_list(partner=partner),
        "webhooks": selectors.webhook_list_for_partner(partner=partner),
        "mislukte_afleveringen": selectors.webhook_aflevering_list_for_partner(
            partner=partner, alleen_mislukt=True
        ),
        "sleutel_form": SleutelForm(),
        "webhook_form": WebhookForm(),
    }


@beheerder_vereist
@require_http_methods(["GET"])
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(pk)
    return render(request, "partners/detail.html", _detail_context(request, partner))


# --- Agreements --------------------------------------------------------------------------------


@beheerder_vereist
@require_http_methods(["GET", "POST"])
def overeenkomst_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(pk)
    form = OvereenkomstForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.overeenkomst_create(
                partner=partner,
                gemeente=request.medewerker.gemeente,
                **form.cleaned_data,
                **_wie(request),
            )
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            messages.success(
                request,
                _("Overeenkomst %(jaar)s bewaard.") % {"jaar": form.cleaned_data["jaar"]},
            )
            return redirect("partners:detail", pk=partner.pk)
    context = {"partner": partner, "overeenkomst": None}
    return _formulier(request, "partners/overeenkomst_form.html", context, form)


@beheerder_vereist
@require_http_methods(["GET", "POST"])
def overeenkomst_bewerken(request: HttpRequest, pk: int, overeenkomst_pk: int) -> HttpResponse:
    partner = _partner(pk)
    try:
        overeenkomst = selectors.overeenkomst_get(
            partner=partner, gemeente=request.medewerker.gemeente, pk=overeenkomst_pk
        )
    except Overeenkomst.DoesNotExist as exc:
        raise Http404 from exc
    initial = {
        veld: getattr(overeenkomst, veld) for veld in ("jaar", "subsidie_eur", "capaciteit")
    } | {"omschrijving": overeenkomst.omschrijving}
    form = OvereenkomstForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.overeenkomst_update(
                overeenkomst=overeenkomst, **form.cleaned_data, **_wie(request)
            )
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            messages.success(
                request, _("Overeenkomst %(jaar)s bewaard.") % {"jaar": overeenkomst.jaar}
            )
            return redirect("partners:detail", pk=partner.pk)
    context = {"partner": partner, "overeenkomst": overeenkomst}
    return _formulier(request, "partners/overeenkomst_form.html", context, form)


# --- API keys ----------------------------------------------------------------------------------


@never_cache
@beheerder_vereist
@require_POST
def sleutel_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a key and show it this once (the page is not cached; only its hash is kept)."""
    partner = _partner(pk)
    form = SleutelForm(request.POST)
    if not partner.actief:
        messages.error(request, _("Een inactieve partner kan geen API-sleutel krijgen."))
        return redirect("partners:detail", pk=partner.pk)
    if not form.is_valid():
        context = _detail_context(request, partner) | {"sleutel_form": form}
        return render(request, "partners/detail.html", context, status=400)
    api_key, sleutel = services.partner_api_key_create(
        partner=partner, naam=form.cleaned_data["naam"], **_wie(request)
    )
    return render(
        request,
        "partners/geheim_eenmalig.html",
        {
            "partner": partner,
            "titel": _("Nieuwe API-sleutel"),
            "geheim": sleutel,
            "uitleg": _(
                "Geef deze sleutel veilig door aan %(partner)s. Hij wordt niet opnieuw getoond: "
                "enkel een hash wordt bewaard. Gebruik: Authorization: Api-Key <sleutel>."
            )
            % {"partner": partner.naam},
            "kenmerk": api_key.prefix,
        },
        status=201,
    )


@beheerder_vereist
@require_POST
def sleutel_intrekken(request: HttpRequest, pk: int, prefix: str) -> HttpResponse:
    partner = _partner(pk)
    try:
        api_key = selectors.partner_api_key_get(partner=partner, prefix=prefix)
    except PartnerAPIKey.DoesNotExist as exc:
        raise Http404 from exc
    if not api_key.revoked:
        services.partner_api_key_revoke(api_key=api_key, **_wie(request))
    messages.success(
        request,
        _("Sleutel %(prefix)s is ingetrokken; ze werkt niet meer vanaf het volgende verzoek.")
        % {"prefix": api_key.prefix},
    )
    return redirect("partners:detail", pk=partner.pk)


# --- Webhooks ----------------------------------------------------------------------------------


def _geheim_tonen(
    request: HttpRequest, partner: Partner, webhook: PartnerWebhook, titel: str, status: int
) -> HttpResponse:
    return render(
        request,
        "partners/geheim_eenmalig.html",
        {
            "partner": partner,
            "titel": titel,
            "geheim": webhook.secret,
            "uitleg": _(
                "Geef dit geheim veilig door aan %(partner)s: elk bericht naar %(url)s is "
                "ondertekend met HMAC-SHA256 over ‘tijdstip.body’ met dit geheim (header "
                "X-Activering-Handtekening). Het wordt niet opnieuw getoond."
            )
            % {"partner": partner.naam, "url": webhook.url},
            "kenmerk": webhook.url,
        },
        status=status,
    )


@never_cache
@beheerder_vereist
@require_POST
def webhook_geheim(request: HttpRequest, pk: int, webhook_pk: int) -> HttpResponse:
    """A new signing secret for the address, shown this once; the old one stops working."""
    partner = _partner(pk)
    webhook = services.webhook_geheim_vernieuwen(
        webhook=_webhook(partner, webhook_pk), **_wie(request)
    )
    return _geheim_tonen(request, partner, webhook, _("Nieuw geheim voor een webhook"), 200)


@never_cache
@beheerder_vereist
@require_POST
def webhook_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """Register an address and show its signing secret this once."""
    partner = _partner(pk)
    form = WebhookForm(request.POST)
    webhook = None
    if form.is_valid():
        try:
            webhook = services.webhook_create(
                partner=partner, url=form.cleaned_data["url"], **_wie(request)
            )
        except ValidationError as exc:
            _fouten_op_form(form, exc)
    if webhook is None:
        context = _detail_context(request, partner) | {"webhook_form": form}
        return render(request, "partners/detail.html", context, status=400)
    return _geheim_tonen(request, partner, webhook, _("Nieuwe webhook"), 201)


def _webhook(partner: Partner, webhook_pk: int) -> PartnerWebhook:
    try:
        return selectors.webhook_get(partner=partner, pk=webhook_pk)
    except PartnerWebhook.DoesNotExist as exc:
        raise Http404 from exc


@beheerder_vereist
@require_POST
def webhook_actief(request: HttpRequest, pk: int, webhook_pk: int) -> HttpResponse:
    partner = _partner(pk)
    webhook = _webhook(partner, webhook_pk)
    actief = request.POST.get("actief") == "1"
    services.webhook_set_actief(webhook=webhook, actief=actief, **_wie(request))
    messages.success(
        request,
        _("Webhook ingeschakeld.") if actief else _("Webhook uitgeschakeld."),
    )
    return redirect("partners:detail", pk=partner.pk)
