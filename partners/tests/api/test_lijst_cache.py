"""The cache of rendered list pages (partners/api/cache.py): same bytes, audit and key checks
on every request, per partner and per query string, never stale after a change."""

from __future__ import annotations

from django.core.cache import cache

import pytest

from activering.models import AuditEvent
from clients.services import client_update
from partners.api import cache as lijst_cache
from partners.services import melding_create, partner_api_key_revoke
from partners.tests.conftest import assert_fout, dagen_geleden, maak_client, maak_traject
from trajecten.constants import TrajectSoort
from trajecten.services import traject_aanmelden

URL = "/api/v1/partner/trajecten/"


def _lijst_audits() -> int:
    return AuditEvent.objects.filter(actie="partner.traject_lijst").count()


def test_a_cached_page_has_the_bytes_and_headers_of_an_uncached_one(
    api_a, traject_a, partner_a, gemeente, settings
):
    maak_traject(maak_client(gemeente), partner_a, gestart=None)
    params = {"page_size": 1, "soort": "jobhunting"}
    settings.PARTNER_API_LIJST_CACHE = False
    zonder = api_a.get(URL, params)
    settings.PARTNER_API_LIJST_CACHE = True
    eerste, tweede = api_a.get(URL, params), api_a.get(URL, params)
    assert zonder.status_code == eerste.status_code == tweede.status_code == 200
    assert zonder.json()["next"] and zonder.json()["count"] == 2
    assert zonder.content == eerste.content == tweede.content
    for header in ("Content-Type", "Vary", "Allow", "Content-Length"):
        assert zonder.get(header) == eerste.get(header) == tweede.get(header), header


def test_a_cache_hit_still_audits_every_traject_of_the_page(api_a, traject_a, partner_a, gemeente):
    ander = maak_traject(maak_client(gemeente), partner_a)
    api_a.get(URL)
    voor = _lijst_audits()
    assert api_a.get(URL).status_code == 200
    assert _lijst_audits() == voor + 2
    getoond = set(
        AuditEvent.objects.filter(actie="partner.traject_lijst")
        .order_by("-id")[:2]
        .values_list("object_id", "client_id")
    )
    assert getoond == {
        (str(traject_a.uuid), traject_a.client_id),
        (str(ander.uuid), ander.client_id),
    }


def test_a_revoked_key_gets_401_on_the_next_request_even_when_the_page_is_cached(
    api_a, sleutel_a, traject_a
):
    assert api_a.get(URL).status_code == 200
    assert api_a.get(URL).status_code == 200  # now served from the cache
    partner_api_key_revoke(api_key=sleutel_a[0])
    assert_fout(api_a.get(URL), 401, veld=None)


def test_the_rate_limit_applies_to_cached_pages(settings, api_a, traject_a):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "3/min"},
    }
    try:
        for _ in range(3):
            assert api_a.get(URL).status_code == 200
        assert_fout(api_a.get(URL), 429, veld=None, code="throttled")
    finally:
        cache.clear()


def test_partners_never_share_a_cached_page(api_a, api_b, traject_a, traject_b):
    a, b = api_a.get(URL).json(), api_b.get(URL).json()
    assert [t["id"] for t in a["results"]] == [str(traject_a.uuid)]
    assert [t["id"] for t in b["results"]] == [str(traject_b.uuid)]
    assert [t["id"] for t in api_b.get(URL).json()["results"]] == [str(traject_b.uuid)]


def test_filters_are_part_of_the_key(api_a, traject_a, partner_a, gemeente):
    aangemeld = maak_traject(maak_client(gemeente), partner_a, gestart=None)
    assert api_a.get(URL).json()["count"] == 2
    assert [t["id"] for t in api_a.get(URL, {"status": "aangemeld"}).json()["results"]] == [
        str(aangemeld.uuid)
    ]
    morgen = (dagen_geleden(-1)).isoformat()
    assert api_a.get(URL, {"gewijzigd_sinds": morgen}).json()["count"] == 0
    assert api_a.get(URL).json()["count"] == 2


def test_a_phone_number_changed_through_the_service_shows_on_the_next_list(
    api_a, traject_a, client_a, maatschappelijk_assistent
):
    assert api_a.get(URL).json()["results"][0]["deelnemer"]["telefoon"] == "0470123456"
    client_a.refresh_from_db()
    client_update(
        client_id=client_a.pk,
        versie=client_a.versie,
        velden={"telefoon": "0499112233"},
        medewerker=maatschappelijk_assistent,
    )
    assert api_a.get(URL).json()["results"][0]["deelnemer"]["telefoon"] == "0499112233"


def test_a_new_referral_appears_on_the_next_list(api_a, traject_a, partner_a, gemeente):
    assert api_a.get(URL).json()["count"] == 1
    nieuw = traject_aanmelden(
        client=maak_client(gemeente), soort=TrajectSoort.JOBHUNTING, partner=partner_a
    )
    body = api_a.get(URL).json()
    assert body["count"] == 2
    assert str(nieuw.uuid) in [t["id"] for t in body["results"]]


def test_a_report_changes_gewijzigd_op_on_the_next_list(api_a, traject_a, partner_a, sleutel_a):
    voor = api_a.get(URL).json()["results"][0]["gewijzigd_op"]
    melding_create(
        traject=traject_a,
        partner=partner_a,
        api_sleutel=sleutel_a[0],
        soort="voortgang",
        datum=dagen_geleden(1),
        omschrijving="Cv herwerkt.",
    )
    assert api_a.get(URL).json()["results"][0]["gewijzigd_op"] != voor


def test_staff_changes_reach_the_contactpersoon(api_a, traject_a, maatschappelijk_assistent):
    assert api_a.get(URL).json()["results"][0]["contactpersoon"]["naam"] == "Els Janssens"
    user = maatschappelijk_assistent.user
    user.last_name = "Peeters-Janssens"
    user.save()
    naam = api_a.get(URL).json()["results"][0]["contactpersoon"]["naam"]
    assert naam == "Els Peeters-Janssens"


def test_a_page_read_before_the_commit_is_retired_after_it(
    api_a, traject_a, partner_a, django_capture_on_commit_callbacks
):
    """A request that read the old data between the write and its commit stores its page
    under the version of the first bump; the bump after commit retires it."""
    with django_capture_on_commit_callbacks(execute=True):
        lijst_cache.lijst_cache_ongeldig(partner_ids=[partner_a.pk])
        sleutel = lijst_cache.lijst_sleutel(partner_id=partner_a.pk, url="http://x/oud")
        lijst_cache.lijst_set(sleutel=sleutel, body=b"oud", trajecten=[])
    nu = lijst_cache.lijst_sleutel(partner_id=partner_a.pk, url="http://x/oud")
    assert nu != sleutel
    assert lijst_cache.lijst_get(sleutel=nu) is None


def test_without_redis_the_list_works_uncached_and_audits(settings, api_a, traject_a):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    voor = _lijst_audits()
    eerste, tweede = api_a.get(URL), api_a.get(URL)
    assert eerste.status_code == tweede.status_code == 200
    assert eerste.content == tweede.content
    assert _lijst_audits() == voor + 2


@pytest.mark.parametrize("pagina", ["0", "abc", ""])
def test_errors_are_not_cached(api_a, traject_a, pagina):
    assert api_a.get(URL, {"page": pagina}).status_code == 404
    assert api_a.get(URL, {"page": pagina}).status_code == 404
    assert api_a.get(URL, {"page": "1"}).status_code == 200
