"""The admin: every model has working list and add pages, client numbers are masked in
lists, the audit log is read-only, and constraint violations become form errors."""

from datetime import date

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from activering.constants import Rol
from activering.models import AuditEvent, Gemeente, Medewerker
from activering.services import audit_log
from clients.constants import Categorie, UitkeringSoort
from clients.models import Client, Uitkeringsperiode

pytestmark = pytest.mark.django_db

APPS = {"activering", "clients", "partners", "trajecten", "rapportering"}


@pytest.fixture
def beheerder(client):
    user = get_user_model().objects.create_superuser("beheerder.test", "b@example.org", "x" * 16)
    client.force_login(user)
    return user


@pytest.fixture
def dossier():
    gemeente = Gemeente.objects.create(nis_code="12025", naam="Mechelen")
    return Client.objects.create(
        referentie="DOS-1",
        gemeente=gemeente,
        voornaam="An",
        achternaam="Peeters",
        rijksregisternummer="93051822361",
    )


def test_every_domain_model_is_in_the_admin():
    """Registered, or edited inline on its parent's page."""
    from django.apps import apps

    inline_models = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        model._meta.label
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not admin.site.is_registered(model) and model not in inline_models
    ]
    assert missing == []


@pytest.mark.parametrize(
    "label",
    [
        "activering.AuditEvent",
        "clients.Document",
        "partners.Melding",
        "partners.IdempotentVerzoek",
        "rapportering.IndicatorSnapshot",
    ],
)
def test_service_written_records_are_read_only(rf, beheerder, label):
    from django.apps import apps

    model_admin = admin.site._registry[apps.get_model(label)]
    request = rf.get("/")
    request.user = beheerder
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_partner_api_key_made_in_admin_through_the_service(client, beheerder):
    from partners.models import Partner, PartnerAPIKey

    partner = Partner.objects.create(code="JOBROAD", naam="JobRoad", soort="trajectpartner")
    response = client.post(
        reverse("admin:partners_partnerapikey_add"),
        {"partner": partner.pk, "name": "koppeling"},
        follow=True,
    )
    assert response.status_code == 200
    api_key = PartnerAPIKey.objects.get()
    assert api_key.partner == partner
    shown = [str(m) for m in response.context["messages"] if "bewaar hem veilig" in str(m)]
    assert len(shown) == 1
    sleutel = shown[0].split(" is: ")[1].split(" ")[0]
    assert sleutel.startswith(api_key.prefix)
    assert PartnerAPIKey.objects.is_valid(sleutel)
    assert sleutel not in api_key.hashed_key

    client.post(
        reverse("admin:partners_partnerapikey_changelist"),
        {"action": "intrekken", "_selected_action": [api_key.pk]},
    )
    assert not PartnerAPIKey.objects.is_valid(sleutel)


def test_every_changelist_and_add_page_renders(client, beheerder, dossier):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS | {"auth"}:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, model
        if model_admin.has_add_permission(response.wsgi_request):
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, model


def test_client_list_masks_rijksregisternummer(client, beheerder, dossier):
    response = client.get(reverse("admin:clients_client_changelist"))
    body = response.content.decode()
    assert "DOS-1" in body
    assert "93051822361" not in body
    assert "••.••.••-•••.61" in body


def test_client_list_cannot_be_searched_by_rijksregisternummer(client, beheerder, dossier):
    response = client.get(reverse("admin:clients_client_changelist"), {"q": "93051822361"})
    assert response.context["cl"].result_count == 0


def test_opening_a_client_in_admin_is_audited(client, beheerder, dossier):
    response = client.get(reverse("admin:clients_client_change", args=[dossier.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(actie="client_bekeken_beheer")
    assert event.client_id == dossier.pk
    assert event.gebruiker == beheerder
    assert "93051822361" not in str(event.details)


def test_audit_log_is_read_only(client, beheerder):
    event = audit_log(actie="test", object_type="client", object_id=1)
    assert client.get(reverse("admin:activering_auditevent_add")).status_code == 403
    change_url = reverse("admin:activering_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # viewable
    assert 'name="actie"' not in page.content.decode()  # but no editable field
    assert client.post(change_url, {"actie": "gewijzigd"}).status_code == 403
    delete_url = reverse("admin:activering_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.actie == "test"


def test_user_admin_shows_medewerker_inline(client, beheerder, dossier):
    user = get_user_model().objects.create_user("ma.test")
    Medewerker.objects.create(
        user=user, rol=Rol.MAATSCHAPPELIJK_ASSISTENT, gemeente=dossier.gemeente
    )
    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert 'name="medewerker-0-rol"' in page
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Maatschappelijk assistent" in listing


def test_overlapping_period_in_admin_is_a_form_error_not_a_crash(client, beheerder, dossier):
    Uitkeringsperiode.objects.create(
        client=dossier,
        soort=UitkeringSoort.LEEFLOON,
        categorie=Categorie.ALLEENSTAAND,
        startdatum=date(2024, 1, 1),
        einddatum=date(2024, 5, 31),
    )
    response = client.post(
        reverse("admin:clients_uitkeringsperiode_add"),
        {
            "client": dossier.pk,
            "soort": UitkeringSoort.LEEFLOON,
            "categorie": Categorie.ALLEENSTAAND,
            "startdatum": "2024-05-31",
            "einddatum": "2024-08-31",
            "stopreden": "",
        },
    )
    assert response.status_code == 200
    assert "overlapt met een andere uitkeringsperiode" in response.content.decode()
    assert Uitkeringsperiode.objects.count() == 1
