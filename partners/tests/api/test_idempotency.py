"""Idempotency-Key: a retry returns the first response and changes nothing; another body with
the same key is 422; a retry while the first runs is 409; 50 concurrent requests → 1 report."""

import datetime
import json
import threading
import urllib.error
import urllib.request
import uuid

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.utils import timezone

import pytest

from activering.models import Gemeente
from partners.constants import VerzoekStatus
from partners.models import IdempotentVerzoek, Melding, Partner
from partners.services import (
    idempotent_verzoek_claim,
    idempotent_verzoek_cleanup,
    partner_api_key_create,
)
from partners.tests.conftest import assert_fout, dagen_geleden, maak_client, maak_traject
from trajecten.constants import TrajectStatus
from trajecten.models import Werkperiode


def url(traject) -> str:
    return f"/api/v1/partner/trajecten/{traject.uuid}/meldingen/"


def post(api, traject, body, sleutel):
    return api.post(url(traject), body, format="json", HTTP_IDEMPOTENCY_KEY=sleutel)


def uitkomst_body() -> dict:
    return {
        "soort": "uitkomst",
        "datum": dagen_geleden(1).isoformat(),
        "uitkomst": "werk_tot_3m",
        "werk": {
            "werkgever": "Interim Plus",
            "startdatum": dagen_geleden(3).isoformat(),
            "contracttype": "interim",
        },
    }


def test_refused_report_quoting_a_nul_character_is_stored_and_replayed(api_a, traject_a):
    """The error message quotes the refused value; PostgreSQL cannot store NUL in jsonb, so it
    is shown as U+FFFD, and the stored answer is replayed (this was a 500)."""
    body = {"soort": "x\x00y", "datum": dagen_geleden(1).isoformat()}
    eerste = post(api_a, traject_a, body, "nul-1")
    fout = assert_fout(eerste, 400, veld="soort")
    assert "\x00" not in fout["bericht"] and "x\ufffdy" in fout["bericht"]
    tweede = post(api_a, traject_a, body, "nul-1")
    assert tweede.status_code == 400 and tweede.json() == eerste.json()
    assert tweede["Idempotent-Replayed"] == "true"
    assert Melding.objects.count() == 0


def test_retry_with_same_key_and_body_returns_the_first_response(api_a, traject_a):
    eerste = post(api_a, traject_a, uitkomst_body(), "sleutel-1")
    assert eerste.status_code == 201
    tweede = post(api_a, traject_a, uitkomst_body(), "sleutel-1")
    assert tweede.status_code == 201
    assert tweede.json() == eerste.json()
    assert tweede["Idempotent-Replayed"] == "true"
    assert Melding.objects.count() == 1 and Werkperiode.objects.count() == 1
    traject_a.refresh_from_db()
    assert traject_a.status == TrajectStatus.AFGEROND


def test_body_with_other_key_order_or_spacing_counts_as_the_same(api_a, traject_a):
    body = uitkomst_body()
    assert post(api_a, traject_a, body, "k").status_code == 201
    herschikt = json.dumps(dict(reversed(list(body.items()))), indent=4)
    response = api_a.post(
        url(traject_a), herschikt, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 201 and response["Idempotent-Replayed"] == "true"


def test_same_key_with_another_body_is_422(api_a, traject_a):
    assert post(api_a, traject_a, uitkomst_body(), "sleutel-2").status_code == 201
    anders = uitkomst_body() | {"omschrijving": "anders"}
    assert_fout(post(api_a, traject_a, anders, "sleutel-2"), 422, code="idempotency_key_reused")
    assert Melding.objects.count() == 1


def test_same_key_on_another_traject_is_422(api_a, traject_a, client_a, partner_a):
    ander = maak_traject(client_a, partner_a)
    body = {"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()}
    assert post(api_a, traject_a, body, "k").status_code == 201
    assert_fout(post(api_a, ander, body, "k"), 422)


def test_keys_are_per_partner(api_a, api_b, traject_a, traject_b):
    body = {"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()}
    assert post(api_a, traject_a, body, "gedeeld").status_code == 201
    assert post(api_b, traject_b, body, "gedeeld").status_code == 201
    assert Melding.objects.count() == 2


def test_error_responses_are_replayed_too(api_a, traject_a):
    body = {"soort": "uitkomst", "datum": dagen_geleden(1).isoformat(), "uitkomst": "overige"}
    assert post(api_a, traject_a, body, "a").status_code == 201
    conflict = post(api_a, traject_a, body, "b")
    assert_fout(conflict, 409)
    herhaald = post(api_a, traject_a, body, "b")
    assert herhaald.status_code == 409 and herhaald.json() == conflict.json()


def test_retry_while_the_first_is_running_is_409(api_a, traject_a, partner_a):
    body = {"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()}
    # The first request has claimed the key and is still running (row 'bezig', fresh).
    eerste = post(api_a, traject_a, body, "warm")
    IdempotentVerzoek.objects.filter(sleutel="warm").update(
        status=VerzoekStatus.BEZIG, response_status=None, response_body=None
    )
    assert_fout(post(api_a, traject_a, body, "warm"), 409, code="idempotency_in_progress")
    assert eerste.status_code == 201 and Melding.objects.count() == 1


def test_a_claim_left_behind_by_a_dead_process_is_taken_over(api_a, traject_a, partner_a):
    body = {"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()}
    post(api_a, traject_a, body, "wees")
    Melding.objects.all().delete()
    IdempotentVerzoek.objects.filter(sleutel="wees").update(
        status=VerzoekStatus.BEZIG,
        response_body=None,
        aangemaakt_op=timezone.now() - datetime.timedelta(minutes=10),
    )
    response = post(api_a, traject_a, body, "wees")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Melding.objects.count() == 1
    assert IdempotentVerzoek.objects.get(sleutel="wees").status == VerzoekStatus.KLAAR


@pytest.mark.parametrize("sleutel", ["", "x" * 256, "a\tb"])
def test_invalid_idempotency_key_is_400(api_a, traject_a, sleutel):
    body = {"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()}
    assert_fout(post(api_a, traject_a, body, sleutel), 400, veld="Idempotency-Key")
    assert not Melding.objects.exists()


def test_key_of_255_characters_is_accepted(api_a, traject_a):
    body = {"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()}
    assert post(api_a, traject_a, body, "x" * 255).status_code == 201


def test_keys_are_kept_at_least_24_hours(partner_a):
    for uren in (23, 47, 49):
        IdempotentVerzoek.objects.create(
            partner=partner_a,
            sleutel=f"k{uren}",
            verzoek_hash="h",
            status=VerzoekStatus.KLAAR,
            aangemaakt_op=timezone.now() - datetime.timedelta(hours=uren),
        )
    assert idempotent_verzoek_cleanup() == 1  # default: 48 h
    assert set(IdempotentVerzoek.objects.values_list("sleutel", flat=True)) == {"k23", "k47"}
    # Even a shorter setting never drops keys younger than 24 hours.
    idempotent_verzoek_cleanup(ouder_dan=datetime.timedelta(hours=24))
    assert set(IdempotentVerzoek.objects.values_list("sleutel", flat=True)) == {"k23"}


def test_claim_returns_ownership_once(partner_a):
    eerste = idempotent_verzoek_claim(partner=partner_a, sleutel="s", verzoek_hash="h")
    assert eerste.verzoek is not None
    from partners.services import IdempotentieBezig

    with pytest.raises(IdempotentieBezig):
        idempotent_verzoek_claim(partner=partner_a, sleutel="s", verzoek_hash="h")


# --- real concurrency ---------------------------------------------------------------------------


class _WideServer(ThreadedWSGIServer):
    """Django's live server accepts only 10 pending connections; 50 at once need more."""

    request_queue_size = 128


class _WideServerThread(LiveServerThread):
    server_class = _WideServer


@pytest.fixture
def wide_live_server(transactional_db):
    thread = _WideServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    thread.join()


def test_fifty_concurrent_identical_requests_create_exactly_one_report(wide_live_server):
    gemeente = Gemeente.objects.create(nis_code="44021", naam="Gent")
    partner = Partner.objects.create(code="COSEARCH", naam="Co-Searching", soort="trajectpartner")
    _api_key, sleutel = partner_api_key_create(partner=partner)
    traject = maak_traject(maak_client(gemeente), partner)
    idem = str(uuid.uuid4())
    data = json.dumps(uitkomst_body()).encode()
    barrier = threading.Barrier(50)
    results: list[tuple[int, dict, bool]] = []
    lock = threading.Lock()

    def stuur() -> None:
        request = urllib.request.Request(  # noqa: S310 (local live server)
            wide_live_server + url(traject),
            data=data,
            method="POST",
            headers={
                "Authorization": f"Api-Key {sleutel}",
                "Content-Type": "application/json",
                "Idempotency-Key": idem,
            },
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                uitkomst = (
                    response.status,
                    json.loads(response.read()),
                    response.headers.get("Idempotent-Replayed") == "true",
                )
        except urllib.error.HTTPError as exc:
            uitkomst = (exc.code, json.loads(exc.read()), False)
        with lock:
            results.append(uitkomst)

    threads = [threading.Thread(target=stuur) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connection.close()

    assert len(results) == 50
    statussen = {status for status, _body, _replay in results}
    assert statussen <= {201, 409}, results
    nieuw = [body for status, body, replay in results if status == 201 and not replay]
    assert len(nieuw) == 1
    for status, body, _replay in results:
        if status == 201:
            assert body == nieuw[0]  # replays return the very first response
        else:
            assert body["fouten"][0]["code"] == "idempotency_in_progress"
    assert Melding.objects.filter(traject=traject).count() == 1
    assert Werkperiode.objects.filter(client=traject.client).count() == 1
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.AFGEROND

    # A retry after it finished gets the stored first response.
    retry = urllib.request.Request(  # noqa: S310
        wide_live_server + url(traject),
        data=data,
        method="POST",
        headers={
            "Authorization": f"Api-Key {sleutel}",
            "Content-Type": "application/json",
            "Idempotency-Key": idem,
        },
    )
    with urllib.request.urlopen(retry, timeout=30) as response:  # noqa: S310
        assert response.status == 201
        assert json.loads(response.read()) == nieuw[0]
