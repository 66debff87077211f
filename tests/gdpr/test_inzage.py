"""Subject access export: complete (every model that refers to a client, found by
introspection), only this client's rows, for beheerder and teamleider only, audited."""

from __future__ import annotations

import json

from django.apps import apps
from django.urls import reverse

import pytest

from activering.models import AuditEvent
from clients import gdpr
from clients.models import Client

from .conftest import GEHEIMEN, als, andere_geheimen, beheerder_met_tweede_factor, volledig_dossier


def modellen_over_een_client() -> dict[str, str]:
    """Every model holding rows about a client, with the lookup to the client's id: reverse
    relations of Client followed transitively (Traject → Melding, Gpmi → GpmiActie, …) and
    models with a plain ``client_id`` column (audit trail, notifications)."""
    gevonden: dict[str, str] = {}
    te_doen: list[tuple[type, str]] = [(Client, "")]
    while te_doen:
        model, pad = te_doen.pop()
        for relatie in model._meta.related_objects:
            doel = relatie.related_model
            label = doel._meta.label
            if doel is Client or label in gevonden:
                continue
            lookup = f"{relatie.field.name}__{pad}".rstrip("_") if pad else relatie.field.name
            gevonden[label] = lookup
            te_doen.append((doel, lookup))
    for model in apps.get_models():
        for veld in model._meta.concrete_fields:
            if veld.name == "client_id" and not veld.is_relation:
                gevonden.setdefault(model._meta.label, "client_id")
    return gevonden


def test_every_model_about_a_client_is_in_the_export_and_has_an_anonymisation_rule():
    modellen = modellen_over_een_client()
    # Sanity: the introspection does find the known ones, through two levels.
    assert {"clients.Logboekitem", "clients.GpmiActie", "partners.Melding"} <= set(modellen)
    in_export = {s.model: s.lookup for s in gdpr.INZAGE_SECTIES}
    assert set(modellen) - set(in_export) == set(), "model zonder sectie in de inzage-export"
    assert set(modellen) - set(gdpr.ANONIMISERING) == set(), "model zonder anonimiseringsregel"


def test_export_holds_every_row_of_the_client_and_none_of_another(w):
    dossier = volledig_dossier(w)
    ander = volledig_dossier(w, ma=w.ma_a2, geheimen=andere_geheimen())
    gegevens = gdpr.client_inzage(client=dossier.client)

    assert gegevens["client"]["rijksregisternummer"] == GEHEIMEN["rijksregisternummer"]
    assert gegevens["client"]["voornaam"] == GEHEIMEN["voornaam"]
    for sectie in gdpr.INZAGE_SECTIES:
        model = apps.get_model(sectie.model)
        verwacht = set(
            model.objects.filter(**{sectie.lookup: dossier.client.pk}).values_list("pk", flat=True)
        )
        assert verwacht, f"the test dossier has no {sectie.model}"
        assert {r["id"] for r in gegevens[sectie.naam]} == verwacht, sectie.naam
        niet = set(
            model.objects.filter(**{sectie.lookup: ander.client.pk}).values_list("pk", flat=True)
        )
        assert not niet & {r["id"] for r in gegevens[sectie.naam]}
    tekst = json.dumps(gegevens, ensure_ascii=False)
    for geheim in ("logboek", "gpmi", "actie", "evaluatie", "taak", "melding", "werkgever"):
        assert GEHEIMEN[geheim] in tekst, geheim
    assert GEHEIMEN["document"] in tekst  # the document LIST (name), never the storage path
    assert "documenten/" not in tekst


def test_teamleider_downloads_json_and_pdf_and_both_are_audited(client, w):
    dossier = volledig_dossier(w)
    als(client, w.tl_a)
    response = client.get(reverse("clients:inzage_json", args=[dossier.client.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    gegevens = json.loads(response.content)
    assert gegevens["client"]["achternaam"] == GEHEIMEN["achternaam"]
    assert len(gegevens["logboek"]) == dossier.client.logboek.count()

    pdf = client.get(reverse("clients:inzage_pdf", args=[dossier.client.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert b"Vanderheyden" in pdf.content  # uncompressed text stream

    exports = AuditEvent.objects.filter(actie="inzage_geexporteerd", client_id=dossier.client.pk)
    assert sorted(exports.values_list("details__formaat", flat=True)) == ["json", "pdf"]
    assert set(exports.values_list("gebruiker", flat=True)) == {w.tl_a.user.pk}
    for event in exports:
        assert GEHEIMEN["achternaam"] not in json.dumps(event.details)

    pagina = client.get(reverse("clients:inzage", args=[dossier.client.pk]))
    assert pagina.status_code == 200
    assert "Download als PDF" in pagina.content.decode()


def test_beheerder_may_export(client, w):
    dossier = volledig_dossier(w)
    als(client, beheerder_met_tweede_factor(w))
    response = client.get(reverse("clients:inzage_json", args=[dossier.client.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("wie", "status"),
    [("ma_a1", 403), ("ma_a2", 403), ("analist", 403), ("ma_h", 403), ("tl_b", 404)],
)
def test_others_may_not_export(client, w, wie, status):
    from clients.tests.builders import medewerker_maak

    w.tl_b = medewerker_maak(gemeente=w.gemeente, team=w.team_b, rol="teamleider")
    dossier = volledig_dossier(w)
    als(client, getattr(w, wie))
    for naam in ("clients:inzage", "clients:inzage_json", "clients:inzage_pdf"):
        response = client.get(reverse(naam, args=[dossier.client.pk]))
        # A social worker or analist is refused by role (403) whatever the client; a
        # teamleider of another team does not even see that the client exists (404).
        assert response.status_code == status, (naam, response.status_code)
    assert not AuditEvent.objects.filter(actie="inzage_geexporteerd").exists()


def test_anonymous_is_sent_to_login(client, w):
    dossier = volledig_dossier(w)
    response = client.get(reverse("clients:inzage_json", args=[dossier.client.pk]))
    assert response.status_code == 302


def test_dossier_links_to_the_subject_access_page_only_for_who_may_export(client, w):
    dossier = volledig_dossier(w)
    inzage = reverse("clients:inzage", args=[dossier.client.pk])
    als(client, w.tl_a)
    assert (
        inzage in client.get(reverse("clients:dossier", args=[dossier.client.pk])).content.decode()
    )
    als(client, w.ma_a1)
    assert (
        inzage
        not in client.get(reverse("clients:dossier", args=[dossier.client.pk])).content.decode()
    )


def test_dossier_links_to_who_viewed_it_for_its_own_social_worker_not_a_colleague(client, w):
    dossier = volledig_dossier(w)
    pagina = reverse("clients:dossier", args=[dossier.client.pk])
    wie_bekeek = reverse("audit:client", args=[dossier.client.pk])
    als(client, w.ma_a1)
    assert wie_bekeek in client.get(pagina).content.decode()
    assert client.get(wie_bekeek).status_code == 200
    als(client, w.ma_a2)  # a colleague in the same team reads the dossier, not its audit trail
    assert wie_bekeek not in client.get(pagina).content.decode()
