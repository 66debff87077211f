"""The audit trail: append-only in PostgreSQL, no personal data in events, "wie bekeek dit
dossier" (+ CSV) for the social worker and the data protection officer, the beheerder's
search."""

from __future__ import annotations

import csv
import datetime
import io
import json

from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, connection, transaction
from django.test import Client as Browser
from django.utils import timezone

import pytest

from activering.audit.constants import GROEP_DPO
from activering.audit.services import audit_events_wissen
from activering.constants import Rol
from activering.models import AuditEvent, Gemeente
from activering.services import audit_log
from activering.uitwisseling.services import uitwisseling_import
from clients.models import Client
from conftest import VOORBEELD
from partners.models import Partner
from partners.services import partner_api_key_create
from tests.security.conftest import maak_medewerker
from trajecten.services import traject_aanmelden, traject_start

pytestmark = pytest.mark.django_db


def maak_client(gemeente, ma, nummer: int, **kwargs) -> Client:
    waarden = {
        "referentie": f"DOS-AUD-{nummer:03d}",
        "gemeente": gemeente,
        "voornaam": "Ysaline",
        "achternaam": "Vandermeulebroecke",
        "rijksregisternummer": "90020212345"[:-3] + f"{nummer:03d}",
        "geboortedatum": datetime.date(1990, 2, 2),
        "telefoon": "0470998877",
        "email": "ysaline@example.org",
        "maatschappelijk_assistent": ma,
    }
    return Client.objects.create(**(waarden | kwargs))


def maak_dpo(gemeente):
    """An analist who is also the data protection officer (group + permission)."""
    groep, _ = Group.objects.get_or_create(name=GROEP_DPO)
    groep.permissions.add(Permission.objects.get(codename="view_auditevent"))
    dpo = maak_medewerker(gemeente, Rol.ANALIST, "dpo.a")
    dpo.user.groups.add(groep)
    return dpo


@pytest.fixture
def ma_b(gemeente, team_b):
    return maak_medewerker(gemeente, Rol.MAATSCHAPPELIJK_ASSISTENT, "ma.b", team=team_b)


@pytest.fixture
def collega_a(gemeente, team_a):
    return maak_medewerker(gemeente, Rol.MAATSCHAPPELIJK_ASSISTENT, "collega.a", team=team_a)


@pytest.fixture
def dossier(gemeente, ma_a):
    return maak_client(gemeente, ma_a, 1)


def ingelogd(medewerker, **extra) -> Browser:
    browser = Browser(**extra)
    browser.force_login(medewerker.user)
    return browser


# --- append-only ---------------------------------------------------------------------------


def _sql(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_change_or_delete_audit_events():
    event = audit_log(actie="client_bekeken", client_id=1, details={"a": 1})
    for sql in (
        "UPDATE activering_auditevent SET actie = 'vervalst' WHERE id = %s",
        "UPDATE activering_auditevent SET details = '{}'::jsonb WHERE id = %s",
        "DELETE FROM activering_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            _sql(sql, [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actie="vervalst")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.actie == "client_bekeken" and event.details == {"a": 1}


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE activering_auditevent",
        # A cascade from a table the audit table refers to reaches it too.
        "TRUNCATE auth_user CASCADE",
    ],
)
def test_the_database_refuses_to_truncate_the_audit_table(sql):
    """Only the test settings allow TRUNCATE (the runner's flush); here the session is put
    back to what production has: nothing set."""
    event = audit_log(actie="client_bekeken", client_id=1)
    _sql("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks (they block TRUNCATE)
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        _sql("SELECT set_config('activering.audit_truncate', '', true)")
        _sql(sql)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_sanctioned_cleanup_deletes_and_leaves_a_trace():
    oud = [audit_log(actie="client_bekeken", client_id=7) for _ in range(3)]
    blijft = audit_log(actie="client_bekeken", client_id=8)
    gewist = audit_events_wissen(
        events=AuditEvent.objects.filter(pk__in=[e.pk for e in oud]), reden="test"
    )
    assert gewist == 3
    assert AuditEvent.objects.filter(pk=blijft.pk).exists()
    spoor = AuditEvent.objects.get(actie="auditlog_opgeruimd")
    assert spoor.details == {"reden": "test", "gewist": 3}
    # Outside the cleanup the trigger is armed again, also later in the same transaction.
    with pytest.raises(DatabaseError, match="append-only"):
        _sql("DELETE FROM activering_auditevent WHERE id = %s", [blijft.pk])
    # UPDATE stays refused even inside a cleanup.
    with transaction.atomic():
        _sql("SELECT set_config('activering.audit_opruimen', 'aan', true)")
        with pytest.raises(DatabaseError, match="append-only"):
            _sql("UPDATE activering_auditevent SET actie = 'x' WHERE id = %s", [blijft.pk])


# --- no personal data in events ------------------------------------------------------------


def _events_als_tekst() -> str:
    rijen = AuditEvent.objects.values(
        "actie", "object_type", "object_id", "partner_code", "api_sleutel", "details"
    )
    return json.dumps(list(rijen), default=str, ensure_ascii=False)


def _persoonsgegevens(clients) -> list[str]:
    waarden = []
    for c in clients:
        waarden += [c.voornaam, c.achternaam, c.rijksregisternummer, c.telefoon, c.email]
    return [w for w in waarden if w]


def test_events_of_a_dossier_view_a_partner_call_and_an_import_hold_no_personal_data(
    gemeente, ma_a, dossier
):
    browser = ingelogd(ma_a)
    assert browser.get(f"/clienten/{dossier.pk}/").status_code == 200
    assert browser.post(f"/clienten/{dossier.pk}/rijksregisternummer/").status_code == 200
    assert browser.get(f"/clienten/{dossier.pk}/bewerken/").status_code == 200

    partner = Partner.objects.create(code="AUDITP", naam="Audit Partner", soort="trajectpartner")
    _key, sleutel = partner_api_key_create(partner=partner, naam="test")
    traject = traject_aanmelden(
        client=dossier,
        soort="jobhunting",
        partner=partner,
        aanmelddatum=timezone.localdate() - datetime.timedelta(days=30),
    )
    traject_start(traject=traject, startdatum=timezone.localdate() - datetime.timedelta(days=20))
    api = Browser(headers={"authorization": f"Api-Key {sleutel}"})
    assert api.get("/api/v1/partner/trajecten/").status_code == 200
    assert api.get(f"/api/v1/partner/trajecten/{traject.uuid}/").status_code == 200
    melding = api.post(
        f"/api/v1/partner/trajecten/{traject.uuid}/meldingen/",
        {"soort": "voortgang", "datum": str(timezone.localdate()), "omschrijving": "Cv af."},
        content_type="application/json",
    )
    assert melding.status_code == 201

    bestaand = set(Client.objects.values_list("pk", flat=True))
    resultaat = uitwisseling_import(map_pad=VOORBEELD)
    assert resultaat.ingeladen, resultaat.problemen
    geimporteerd = list(Client.objects.exclude(pk__in=bestaand))
    assert geimporteerd

    acties = set(AuditEvent.objects.values_list("actie", flat=True))
    assert {"client_bekeken", "rijksregisternummer_getoond", "uitwisseling_import"} <= acties
    assert {"partner.traject_lijst", "partner.traject_bekijken", "partner.melding_create"} <= (
        acties
    )
    tekst = _events_als_tekst()
    for waarde in _persoonsgegevens([dossier, *geimporteerd]):
        assert waarde not in tekst, waarde
    # The events name the dossier by id (so "wie bekeek dit dossier" can find them).
    assert AuditEvent.objects.filter(client_id=dossier.pk).count() >= 6


# --- wie bekeek dit dossier ----------------------------------------------------------------


def test_the_social_worker_sees_who_opened_his_clients_dossier(gemeente, ma_a, collega_a, dossier):
    ingelogd(collega_a, REMOTE_ADDR="10.9.8.7").get(f"/clienten/{dossier.pk}/")
    response = ingelogd(ma_a).get(f"/audit/clienten/{dossier.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wie bekeek dossier DOS-AUD-001" in html
    assert "collega.a" in html and "dossier bekeken" in html and "10.9.8.7" in html
    # Looking at the trail is itself in the trail.
    assert AuditEvent.objects.filter(
        actie="auditlog_bekeken", client_id=dossier.pk, gebruiker=ma_a.user
    ).exists()


def test_who_may_read_a_clients_trail(gemeente, team_a, ma_a, ma_b, collega_a, beheerder, dossier):
    teamleider = maak_medewerker(gemeente, Rol.TEAMLEIDER, "tl.a", team=team_a)
    analist = maak_medewerker(gemeente, Rol.ANALIST, "analist.a")
    dpo = maak_dpo(gemeente)
    andere = Gemeente.objects.create(nis_code="12029", naam="Putte")
    beheerder_elders = maak_medewerker(andere, Rol.BEHEERDER, "beheerder.p", is_staff=True)
    url = f"/audit/clienten/{dossier.pk}/"
    verwacht = {
        ma_a: 200,  # his own client
        dpo: 200,  # data protection officer of the gemeente
        beheerder: 200,
        collega_a: 404,  # same team, not his client: not disclosed
        ma_b: 404,
        teamleider: 403,
        analist: 403,
        beheerder_elders: 404,  # another gemeente
    }
    for medewerker, status in verwacht.items():
        for pad in (url, url + "export.csv"):
            assert ingelogd(medewerker).get(pad).status_code == status, (medewerker, pad)
    assert Browser().get(url).status_code == 302


def test_the_csv_export_lists_the_events_and_is_audited(gemeente, ma_a, collega_a, dossier):
    ingelogd(collega_a, REMOTE_ADDR="10.9.8.7").get(f"/clienten/{dossier.pk}/")
    response = ingelogd(ma_a).get(f"/audit/clienten/{dossier.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="auditlog-{dossier.pk}-'
    )
    rijen = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    bekeken = [r for r in rijen if r["actie"] == "client_bekeken"]
    assert len(bekeken) == 1
    assert bekeken[0]["gebruiker"] == "collega.a" and bekeken[0]["ip_adres"] == "10.9.8.7"
    assert bekeken[0]["dossier"] == "DOS-AUD-001"
    assert bekeken[0]["omschrijving"] == "dossier bekeken"
    export = AuditEvent.objects.get(actie="auditlog_geexporteerd")
    assert export.client_id == dossier.pk and export.gebruiker == ma_a.user
    assert export.details == {"rijen": len(rijen)}
    for waarde in _persoonsgegevens([dossier]):
        assert waarde not in response.content.decode("utf-8-sig")


# --- search ----------------------------------------------------------------------------------


def test_beheerder_searches_by_dossier_number_or_user(
    gemeente, ma_a, collega_a, beheerder, dossier
):
    ander = maak_client(gemeente, ma_a, 2)
    ingelogd(collega_a).get(f"/clienten/{dossier.pk}/")
    ingelogd(collega_a).get(f"/clienten/{ander.pk}/")
    ingelogd(ma_a).get(f"/clienten/{dossier.pk}/")
    browser = ingelogd(beheerder)

    per_dossier = browser.get("/audit/", {"dossier": "dos-aud-001"})
    assert per_dossier.status_code == 200
    regels = per_dossier.context["regels"]
    assert {r["event"].client_id for r in regels} == {dossier.pk}
    # The search itself is on the dossier's trail too.
    assert {(r["wie"], r["event"].actie) for r in regels} == {
        ("collega.a", "client_bekeken"),
        ("ma.a", "client_bekeken"),
        ("beheerder.a", "auditlog_gezocht"),
    }

    per_gebruiker = browser.get("/audit/", {"gebruiker": "collega.a"})
    regels = per_gebruiker.context["regels"]
    assert {r["event"].client_id for r in regels} == {dossier.pk, ander.pk}
    assert {r["dossier"] for r in regels} == {"DOS-AUD-001", "DOS-AUD-002"}

    beide = browser.get("/audit/", {"dossier": "DOS-AUD-002", "gebruiker": "collega.a"})
    assert [r["event"].client_id for r in beide.context["regels"]] == [ander.pk]
    assert (
        AuditEvent.objects.filter(actie="auditlog_gezocht", gebruiker=beheerder.user).count() == 3
    )


def test_search_refuses_bad_input_with_a_dutch_message(beheerder):
    browser = ingelogd(beheerder)
    leeg = browser.get("/audit/", {"dossier": "", "gebruiker": ""})
    assert leeg.status_code == 400
    assert "Geef een dossiernummer of een gebruikersnaam." in leeg.content.decode()
    fout = browser.get("/audit/", {"dossier": "Jan Peeters'; drop table"})
    assert fout.status_code == 400
    assert "Een dossiernummer bestaat uit letters" in fout.content.decode()
    assert browser.get("/audit/", {"dossier": "BESTAAT-NIET"}).context["regels"] == []


def test_search_stays_within_the_gemeente(gemeente, beheerder):
    andere = Gemeente.objects.create(nis_code="12029", naam="Putte")
    ma_p = maak_medewerker(andere, Rol.MAATSCHAPPELIJK_ASSISTENT, "ma.p")
    elders = maak_client(andere, ma_p, 3)
    ingelogd(ma_p).get(f"/clienten/{elders.pk}/")
    browser = ingelogd(beheerder)
    assert browser.get("/audit/", {"dossier": elders.referentie}).context["regels"] == []
    assert browser.get("/audit/", {"gebruiker": "ma.p"}).context["regels"] == []


def test_only_beheerder_and_dpo_may_search(gemeente, ma_a, beheerder):
    assert ingelogd(ma_a).get("/audit/").status_code == 403
    assert ingelogd(maak_dpo(gemeente)).get("/audit/").status_code == 200
    assert ingelogd(beheerder).get("/audit/").status_code == 200


def test_csv_cells_never_start_a_spreadsheet_formula(gemeente, dossier):
    from django.contrib.auth import get_user_model

    from activering.audit.services import audit_csv

    kwaad = get_user_model().objects.create_user("=HYPERLINK(1)", password="x" * 12)
    audit_log(actie="client_bekeken", gebruiker=kwaad, client_id=dossier.pk, object_id="+1")
    tekst = audit_csv(events=AuditEvent.objects.filter(client_id=dossier.pk), referentie="-R")
    rij = next(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    assert rij["gebruiker"] == "'=HYPERLINK(1)"
    assert rij["object_id"] == "'+1" and rij["dossier"] == "'-R"
