"""Partner management screens for the beheerder (/beheer/partners/)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

import pytest

from activering.constants import Rol
from activering.models import AuditEvent, Gemeente, Medewerker
from partners.models import (
    Melding,
    Overeenkomst,
    Partner,
    PartnerAPIKey,
    PartnerWebhook,
    WebhookAflevering,
)
from partners.services import melding_create, overeenkomst_create
from trajecten.constants import TrajectStatus, Uitkomst
from trajecten.services import traject_afsluiten

from .conftest import api_client, dagen_geleden, maak_client, maak_traject

LIJST = "/beheer/partners/"


def _medewerker(gemeente, rol: str, username: str) -> Medewerker:
    user = get_user_model().objects.create_user(username=username, first_name=username)
    return Medewerker.objects.create(user=user, rol=rol, gemeente=gemeente)


@pytest.fixture
def beheerder(gemeente):
    return _medewerker(gemeente, Rol.BEHEERDER, "beheerder")


@pytest.fixture
def web(client, beheerder):
    client.force_login(beheerder.user)
    return client


def _detail(partner) -> str:
    return reverse("partners:detail", args=[partner.pk])


def _inhoud(response) -> str:
    return response.content.decode()


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rol", [Rol.MAATSCHAPPELIJK_ASSISTENT, Rol.TEAMLEIDER, Rol.ANALIST], ids=str
)
def test_other_roles_get_403_and_change_nothing(client, gemeente, partner_a, rol):
    client.force_login(_medewerker(gemeente, rol, f"u-{rol}").user)
    for url in (LIJST, reverse("partners:nieuw"), _detail(partner_a)):
        assert client.get(url).status_code == 403
    response = client.post(reverse("partners:sleutel_nieuw", args=[partner_a.pk]), {"naam": "x"})
    assert response.status_code == 403
    response = client.post(
        reverse("partners:bewerken", args=[partner_a.pk]),
        {"code": "JOBROAD", "naam": "Gekaapt", "soort": "andere"},
    )
    assert response.status_code == 403
    assert not PartnerAPIKey.objects.exists()
    assert Partner.objects.get(pk=partner_a.pk).naam == "Jobroad"


def test_anonymous_is_sent_to_the_login(client, partner_a):
    response = client.get(_detail(partner_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_partner_is_404(web):
    assert web.get("/beheer/partners/999999/").status_code == 404


# --- Partners ----------------------------------------------------------------------------------


def test_list_counts_open_trajecten_of_the_own_gemeente_only(
    web, gemeente, maatschappelijk_assistent, partner_a, partner_b
):
    maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner_a)
    maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner_a, gestart=None)
    gesloten = maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner_a)
    traject_afsluiten(traject=gesloten, einddatum=dagen_geleden(1), uitkomst=Uitkomst.AFGEHAAKT)
    elders = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    maak_traject(maak_client(elders), partner_a)

    response = web.get(LIJST)
    assert response.status_code == 200
    rijen = {p.code: p for p in response.context["partners"]}
    assert rijen["JOBROAD"].open_trajecten == 2
    assert rijen["DUO"].open_trajecten == 0
    assert "Jobroad" in _inhoud(response) and "DUO for a JOB" in _inhoud(response)


def test_create_partner_is_audited(web, beheerder):
    response = web.post(
        reverse("partners:nieuw"),
        {
            "code": "cosearch",
            "naam": "Co-Searching",
            "soort": "trajectpartner",
            "actief": "on",
            "contact_naam": "An Peeters",
            "contact_email": "an@cosearching.example",
        },
    )
    partner = Partner.objects.get(code="COSEARCH")
    assert response.status_code == 302 and response["Location"] == _detail(partner)
    event = AuditEvent.objects.get(actie="partner.aangemaakt")
    assert event.gebruiker == beheerder.user
    assert event.object_id == str(partner.pk)
    assert "An Peeters" not in str(event.details)


@pytest.mark.parametrize(
    "data, veld",
    [
        ({"code": "jobroad", "naam": "Dubbel", "soort": "andere"}, "code"),
        ({"code": "NIEUW", "naam": "", "soort": "andere"}, "naam"),
        ({"code": "NIEUW", "naam": "X", "soort": "bestaat_niet"}, "soort"),
        (
            {"code": "NIEUW", "naam": "X", "soort": "andere", "contact_email": "geen"},
            "contact_email",
        ),
        ({"code": "NIEUW WEG", "naam": "X", "soort": "andere"}, "code"),
    ],
)
def test_bad_partner_input_gives_400_and_changes_nothing(web, partner_a, data, veld):
    response = web.post(reverse("partners:nieuw"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[veld]
    assert Partner.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_edit_partner_audits_the_changed_fields_only(web, partner_a):
    response = web.post(
        reverse("partners:bewerken", args=[partner_a.pk]),
        {"code": "JOBROAD", "naam": "Jobroad vzw", "soort": "trajectpartner", "actief": "on"},
    )
    assert response.status_code == 302
    assert Partner.objects.get(pk=partner_a.pk).naam == "Jobroad vzw"
    event = AuditEvent.objects.get(actie="partner.gewijzigd")
    assert event.details == {"velden": ["naam"]}


# --- Agreements --------------------------------------------------------------------------------


def test_agreement_is_created_for_the_own_gemeente(web, gemeente, partner_a):
    response = web.post(
        reverse("partners:overeenkomst_nieuw", args=[partner_a.pk]),
        {"jaar": "2025", "subsidie_eur": "70000,50", "capaciteit": "50", "omschrijving": "Jaar"},
    )
    assert response.status_code == 302
    overeenkomst = Overeenkomst.objects.get()
    assert overeenkomst.gemeente == gemeente
    assert overeenkomst.subsidie_eur == Decimal("70000.50")
    assert overeenkomst.capaciteit == 50
    assert AuditEvent.objects.filter(actie="partner.overeenkomst_aangemaakt").count() == 1
    assert "€ 70.000,50" in _inhoud(web.get(_detail(partner_a)))


def test_a_second_agreement_for_the_same_year_is_refused(web, gemeente, partner_a):
    overeenkomst_create(partner=partner_a, gemeente=gemeente, jaar=2025, subsidie_eur=1000)
    response = web.post(
        reverse("partners:overeenkomst_nieuw", args=[partner_a.pk]),
        {"jaar": "2025", "subsidie_eur": "5"},
    )
    assert response.status_code == 400
    assert "al een overeenkomst" in response.context["form"].errors["jaar"][0]
    assert Overeenkomst.objects.count() == 1


@pytest.mark.parametrize(
    "data, veld",
    [
        ({"jaar": "2025", "subsidie_eur": "-1"}, "subsidie_eur"),
        ({"jaar": "1850", "subsidie_eur": "1"}, "jaar"),
        ({"jaar": "2025", "subsidie_eur": "veel"}, "subsidie_eur"),
        ({"jaar": "2025", "subsidie_eur": "1", "capaciteit": "-3"}, "capaciteit"),
    ],
)
def test_bad_agreement_input_gives_400(web, partner_a, data, veld):
    response = web.post(reverse("partners:overeenkomst_nieuw", args=[partner_a.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[veld]
    assert not Overeenkomst.objects.exists()


def test_edit_agreement_and_other_gemeentes_are_404(web, gemeente, partner_a):
    eigen = overeenkomst_create(partner=partner_a, gemeente=gemeente, jaar=2025, subsidie_eur=10)
    elders = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    vreemd = overeenkomst_create(partner=partner_a, gemeente=elders, jaar=2025, subsidie_eur=10)
    url = reverse("partners:overeenkomst_bewerken", args=[partner_a.pk, eigen.pk])
    assert web.get(url).status_code == 200
    response = web.post(url, {"jaar": "2025", "subsidie_eur": "20", "capaciteit": "12"})
    assert response.status_code == 302
    eigen.refresh_from_db()
    assert (eigen.subsidie_eur, eigen.capaciteit) == (Decimal("20"), 12)
    event = AuditEvent.objects.get(actie="partner.overeenkomst_gewijzigd")
    assert event.details["velden"] == ["capaciteit", "subsidie_eur"]
    url_vreemd = reverse("partners:overeenkomst_bewerken", args=[partner_a.pk, vreemd.pk])
    assert web.get(url_vreemd).status_code == 404
    assert web.post(url_vreemd, {"jaar": "2025", "subsidie_eur": "0"}).status_code == 404


# --- API keys ----------------------------------------------------------------------------------


def test_a_new_key_is_shown_once_works_and_can_be_revoked(web, partner_a, traject_a):
    response = web.post(
        reverse("partners:sleutel_nieuw", args=[partner_a.pk]), {"naam": "CRM-koppeling"}
    )
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    sleutel = response.context["geheim"]
    assert re.fullmatch(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}", sleutel)
    assert sleutel in _inhoud(response)
    api_key = PartnerAPIKey.objects.get(partner=partner_a)
    assert api_key.name == "CRM-koppeling"
    assert sleutel.split(".")[1] not in api_key.hashed_key  # only a hash is stored

    # The key works against the API, and the partner page lists it without the secret.
    assert api_client(sleutel).get("/api/v1/partner/trajecten/").status_code == 200
    pagina = _inhoud(web.get(_detail(partner_a)))
    assert api_key.prefix in pagina and sleutel not in pagina

    response = web.post(reverse("partners:sleutel_intrekken", args=[partner_a.pk, api_key.prefix]))
    assert response.status_code == 302
    assert PartnerAPIKey.objects.get(pk=api_key.pk).revoked
    assert api_client(sleutel).get("/api/v1/partner/trajecten/").status_code == 401
    acties = list(
        AuditEvent.objects.filter(object_type="partner_api_sleutel").values_list(
            "actie", "object_id"
        )
    )
    assert acties == [
        ("partner.sleutel_ingetrokken", api_key.prefix),
        ("partner.sleutel_aangemaakt", api_key.prefix),
    ]


def test_revoking_another_partners_key_is_404(web, partner_a, sleutel_b):
    url = reverse("partners:sleutel_intrekken", args=[partner_a.pk, sleutel_b[0].prefix])
    assert web.post(url).status_code == 404
    assert not PartnerAPIKey.objects.get(pk=sleutel_b[0].pk).revoked


def test_key_actions_need_post(web, partner_a):
    assert web.get(reverse("partners:sleutel_nieuw", args=[partner_a.pk])).status_code == 405
    assert not PartnerAPIKey.objects.exists()


def test_an_inactive_partner_gets_no_key(web, partner_a):
    Partner.objects.filter(pk=partner_a.pk).update(actief=False)
    response = web.post(reverse("partners:sleutel_nieuw", args=[partner_a.pk]), {"naam": "x"})
    assert response.status_code == 302
    assert not PartnerAPIKey.objects.exists()


# --- Webhooks ----------------------------------------------------------------------------------


def test_webhook_http_address_is_refused_with_a_dutch_message(web, partner_a):
    response = web.post(
        reverse("partners:webhook_nieuw", args=[partner_a.pk]), {"url": "http://p.example/h"}
    )
    assert response.status_code == 400
    assert "https://" in response.context["webhook_form"].errors["url"][0]
    assert not PartnerWebhook.objects.exists()


@override_settings(PARTNER_WEBHOOK_ALLOW_HTTP_LOCALHOST=True)
def test_webhook_secret_is_shown_once_and_it_can_be_switched_off(web, partner_a):
    response = web.post(
        reverse("partners:webhook_nieuw", args=[partner_a.pk]),
        {"url": "http://127.0.0.1:9/hook"},
    )
    assert response.status_code == 201
    webhook = PartnerWebhook.objects.get()
    assert response.context["geheim"] == webhook.secret
    assert webhook.secret not in _inhoud(web.get(_detail(partner_a)))

    url = reverse("partners:webhook_actief", args=[partner_a.pk, webhook.pk])
    assert web.post(url, {"actief": "0"}).status_code == 302
    assert not PartnerWebhook.objects.get().actief
    assert web.post(url, {"actief": "1"}).status_code == 302
    assert PartnerWebhook.objects.get().actief
    assert list(
        AuditEvent.objects.filter(object_type="partner_webhook")
        .order_by("id")
        .values_list("actie", flat=True)
    ) == ["partner.webhook_aangemaakt", "partner.webhook_uit", "partner.webhook_aan"]


def test_a_new_webhook_secret_replaces_the_old_one_is_shown_once_and_audited(web, partner_a):
    webhook = PartnerWebhook.objects.create(
        partner=partner_a, url="https://p.example/h", secret="oud"
    )
    response = web.post(reverse("partners:webhook_geheim", args=[partner_a.pk, webhook.pk]))
    assert response.status_code == 200
    webhook.refresh_from_db()
    assert webhook.secret != "oud" and len(webhook.secret) == 64
    assert response.context["geheim"] == webhook.secret
    assert webhook.secret not in _inhoud(web.get(_detail(partner_a)))
    assert AuditEvent.objects.filter(
        actie="partner.webhook_geheim_vernieuwd", object_id=str(webhook.pk)
    ).exists()
    assert "oud" not in str(AuditEvent.objects.values_list("details", flat=True))


def test_failed_deliveries_are_visible_on_the_partner_page(web, partner_a, traject_a):
    webhook = PartnerWebhook.objects.create(
        partner=partner_a, url="https://p.example/h", secret="s"
    )
    WebhookAflevering.objects.create(
        webhook=webhook,
        event_id="0c6b1f0e-5d2a-4b8e-9c1d-3e4f5a6b7c8d",
        event="traject.gewijzigd",
        traject=traject_a,
        poging=3,
        status_code=503,
        fout="HTTP 503 Service Unavailable",
    )
    response = web.get(_detail(partner_a))
    inhoud = _inhoud(response)
    assert "HTTP 503 Service Unavailable" in inhoud
    assert traject_a.referentie in inhoud
    assert response.context["webhooks"][0].mislukte_pogingen == 1


# --- Per-partner figures ----------------------------------------------------------------------


def test_partner_page_shows_status_counts_reports_and_outcomes(
    web, gemeente, maatschappelijk_assistent, partner_a, partner_b
):
    def nieuw(partner, **kwargs):
        return maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner, **kwargs)

    nieuw(partner_a, gestart=None)
    lopend = nieuw(partner_a)
    for uitkomst in (Uitkomst.AFGEHAAKT, Uitkomst.OPLEIDING, Uitkomst.OPLEIDING):
        traject_afsluiten(traject=nieuw(partner_a), einddatum=dagen_geleden(1), uitkomst=uitkomst)
    traject_afsluiten(traject=nieuw(partner_b), einddatum=dagen_geleden(1), uitkomst="overige")
    elders = Gemeente.objects.create(nis_code="11002", naam="Antwerpen")
    maak_traject(maak_client(elders), partner_a)
    melding_create(
        traject=lopend,
        partner=partner_a,
        soort="voortgang",
        datum=dagen_geleden(2),
        omschrijving="Cv herwerkt",
    )

    response = web.get(_detail(partner_a))
    assert response.status_code == 200
    statussen = {t.code: t.aantal for t in response.context["statussen"]}
    assert statussen == {
        TrajectStatus.AANGEMELD: 1,
        TrajectStatus.LOPEND: 1,
        TrajectStatus.AFGEROND: 2,
        TrajectStatus.STOPGEZET: 1,
    }
    uitkomsten = {u.code: (u.aantal, u.procent) for u in response.context["uitkomsten"]}
    assert uitkomsten[Uitkomst.OPLEIDING] == (2, 67)
    assert uitkomsten[Uitkomst.AFGEHAAKT] == (1, 33)
    assert uitkomsten[Uitkomst.OVERIGE] == (0, 0)
    assert [m.pk for m in response.context["meldingen"]] == list(
        Melding.objects.values_list("pk", flat=True)
    )
    inhoud = _inhoud(response)
    assert lopend.referentie in inhoud
    # No client data on the management page.
    assert "Peeters" not in inhoud and "Sara" not in inhoud


def test_pages_have_no_inline_scripts(web, partner_a):
    for url in (LIJST, _detail(partner_a), reverse("partners:nieuw")):
        inhoud = _inhoud(web.get(url))
        for tag in re.findall(r"<script[^>]*>(.*?)</script>", inhoud, flags=re.S):
            assert tag.strip() == ""
        for opening in re.findall(r"<script[^>]*>", inhoud):
            assert "src=" in opening and "//" not in opening.split("src=")[1][:3]
