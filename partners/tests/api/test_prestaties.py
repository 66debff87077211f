"""What keeps the partner API fast (docs/benchmarks.md, "Partner API") without changing what
partners get: the list is read as rows and counted without joins, the audit of a page is one
INSERT, a report commits once, and the rate limit is a sliding window in one Redis call."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import redis

from activering.constants import Rol
from activering.models import AuditEvent, Medewerker
from partners.api.permissions import PartnerRateThrottle
from partners.tests.conftest import assert_fout, dagen_geleden, maak_client, maak_traject
from trajecten.models import Traject

URL = "/api/v1/partner/trajecten/"


@pytest.fixture(autouse=True)
def _zonder_lijst_cache(settings):
    """These tests look at the database path of the list (the cache has its own tests)."""
    settings.PARTNER_API_LIJST_CACHE = False


def _queries(api, url, params=None) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return [q["sql"] for q in ctx.captured_queries], response


def test_list_counts_without_joining_the_clients(api_a, traject_a):
    api_a.get(URL)  # the key's first use is recorded once (an extra UPDATE)
    sqls, _response = _queries(api_a, URL)
    count = [sql for sql in sqls if "COUNT(" in sql]
    assert len(count) == 1
    assert "clients_client" not in count[0]
    assert "JOIN" not in count[0]


def test_gewijzigd_sinds_filter_still_counts_client_changes(api_a, traject_a, client_a):
    grens = timezone.now()
    Traject.objects.filter(pk=traject_a.pk).update(gewijzigd_op=grens - datetime.timedelta(days=2))
    type(client_a).objects.filter(pk=client_a.pk).update(gewijzigd_op=grens)
    body = api_a.get(URL, {"gewijzigd_sinds": grens.isoformat()}).json()
    assert body["count"] == 1
    # gewijzigd_op is the later of the two moments, in the server's time zone.
    gewijzigd = datetime.datetime.fromisoformat(body["results"][0]["gewijzigd_op"])
    assert gewijzigd == grens


def test_list_row_equals_detail_and_contact_falls_back_to_the_referrer(
    api_a, gemeente, maatschappelijk_assistent, partner_a
):
    verwijzer_user = get_user_model().objects.create_user(
        username="tl", first_name="Tom", last_name="Leider", email="tom@ocmw.example"
    )
    verwijzer = Medewerker.objects.create(
        user=verwijzer_user, rol=Rol.TEAMLEIDER, gemeente=gemeente
    )
    client = maak_client(gemeente, maatschappelijk_assistent, telefoon="", email="")
    traject = maak_traject(client, partner_a, gestart=None)
    Traject.objects.filter(pk=traject.pk).update(verwijzer=verwijzer)
    maatschappelijk_assistent.actief = False
    maatschappelijk_assistent.save()

    detail = api_a.get(f"{URL}{traject.uuid}/").json()
    [rij] = api_a.get(URL).json()["results"]
    assert rij == detail
    assert detail["contactpersoon"] == {"naam": "Tom Leider", "email": "tom@ocmw.example"}
    assert detail["deelnemer"]["telefoon"] is None and detail["deelnemer"]["email"] is None
    assert detail["startdatum"] is None and detail["status"] == "aangemeld"


def test_page_audit_is_one_insert_with_one_row_per_traject(
    api_a, gemeente, maatschappelijk_assistent, partner_a, sleutel_a
):
    trajecten = [
        maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner_a) for _ in range(3)
    ]
    api_a.get(URL)
    voor = set(AuditEvent.objects.values_list("pk", flat=True))
    sqls, _response = _queries(api_a, URL)
    assert len([sql for sql in sqls if sql.startswith("INSERT")]) == 1
    nieuw = AuditEvent.objects.exclude(pk__in=voor)
    assert nieuw.count() == 3
    assert {(e.object_id, e.client_id) for e in nieuw} == {
        (str(t.uuid), t.client_id) for t in trajecten
    }
    for event in nieuw:
        assert event.actie == "partner.traject_lijst"
        assert event.partner_code == partner_a.code
        assert event.api_sleutel == sleutel_a[0].prefix
        assert event.object_type == "traject"
        assert event.ip_adres == "127.0.0.1"
        assert event.details == {}
        assert event.gebruiker_id is None
        assert abs(event.tijdstip - timezone.now()) < datetime.timedelta(minutes=1)


def test_report_reads_the_traject_twice_and_writes_its_audit_in_the_same_transaction(
    api_a, traject_a
):
    url = f"{URL}{traject_a.uuid}/meldingen/"
    melding = {"soort": "voortgang", "datum": dagen_geleden(1).isoformat(), "omschrijving": "Ok"}
    api_a.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        response = api_a.post(url, melding, format="json")
    assert response.status_code == 201, response.content
    sqls = [q["sql"] for q in ctx.captured_queries]
    # the lookup and the row lock; no re-read after a report without a status change
    assert len([s for s in sqls if s.startswith('SELECT "trajecten_traject"')]) == 2
    audit = next(i for i, s in enumerate(sqls) if 'INTO "activering_auditevent"' in s)
    melding_insert = next(i for i, s in enumerate(sqls) if 'INTO "partners_melding"' in s)
    assert melding_insert < audit
    # the audit INSERT comes before the end of the outermost block (one commit for both)
    assert any(s.startswith(("RELEASE SAVEPOINT", "COMMIT")) for s in sqls[audit + 1 :])
    assert response.json()["traject"] == str(traject_a.uuid)


@pytest.fixture
def drie_per_minuut(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "3/min"},
    }


def test_rate_limit_is_a_sliding_window(drie_per_minuut, api_a, traject_a, monkeypatch):
    nu = [1_000_000.0]
    monkeypatch.setattr(PartnerRateThrottle, "timer", lambda self: nu[0])
    for stap in (0, 10, 20):
        nu[0] = 1_000_000.0 + stap
        assert api_a.get(URL).status_code == 200
    nu[0] = 1_000_030.0
    response = api_a.get(URL)
    assert_fout(response, 429, veld=None, code="throttled")
    assert int(response["Retry-After"]) == 30  # the first request leaves the window at +60
    nu[0] = 1_000_060.5  # the first left the window; the other two are still in it
    assert api_a.get(URL).status_code == 200
    assert api_a.get(URL).status_code == 429


def test_rate_limit_lets_requests_through_while_redis_is_down(
    drie_per_minuut, api_a, traject_a, monkeypatch
):
    def kapot(*args, **kwargs):
        raise redis.ConnectionError("down")

    client_klasse = type(PartnerRateThrottle.cache._cache)
    monkeypatch.setattr(client_klasse, "get_client", kapot)
    for _ in range(5):
        assert api_a.get(URL).status_code == 200
