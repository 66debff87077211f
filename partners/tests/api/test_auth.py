"""API-key authentication: 401 for missing/unknown/revoked keys, cheap hashing, last use."""

import datetime
import time

from django.utils import timezone

import pytest
from rest_framework_api_key.crypto import KeyGenerator

from partners.models import PartnerAPIKey
from partners.selectors import partner_api_key_from_key
from partners.services import partner_api_key_mark_used, partner_api_key_revoke
from partners.tests.conftest import api_client, assert_fout

URL = "/api/v1/partner/trajecten/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        None,
        "Api-Key ",
        "Api-Key onbekend.sleutel",
        "Api-Key abcdefgh.ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
        "Api-Key \x7f\x00'; drop table x;--",
        "Bearer abc",
        "Api-Key",
    ],
)
def test_missing_or_unknown_key_gives_401_in_the_error_shape(client, header):
    kwargs = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get(URL, **kwargs)
    assert_fout(response, 401, veld=None)
    assert response["WWW-Authenticate"] == "Api-Key"


def test_valid_key_is_accepted(api_a, traject_a):
    assert api_a.get(URL).status_code == 200


def test_key_of_a_slightly_altered_secret_is_refused(sleutel_a, traject_a):
    sleutel = sleutel_a[1]
    vervalst = sleutel[:-1] + ("A" if sleutel[-1] != "A" else "B")
    assert_fout(api_client(vervalst).get(URL), 401, code="invalid_api_key")


def test_revocation_is_effective_on_the_next_request(api_a, sleutel_a, traject_a):
    assert api_a.get(URL).status_code == 200
    partner_api_key_revoke(api_key=sleutel_a[0])
    assert_fout(api_a.get(URL), 401)


def test_key_of_an_inactive_partner_is_refused(api_a, partner_a, traject_a):
    partner_a.actief = False
    partner_a.save()
    assert_fout(api_a.get(URL), 401)


def test_expired_key_is_refused(api_a, sleutel_a, traject_a):
    PartnerAPIKey.objects.filter(pk=sleutel_a[0].pk).update(
        expiry_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert_fout(api_a.get(URL), 401)


def test_staff_session_does_not_open_the_partner_api(client, maatschappelijk_assistent):
    client.force_login(maatschappelijk_assistent.user)
    assert_fout(client.get(URL), 401)


def test_only_a_sha512_hash_of_the_key_is_stored(sleutel_a):
    api_key, sleutel = sleutel_a
    api_key.refresh_from_db()
    assert api_key.hashed_key.startswith("sha512$$")
    assert sleutel not in api_key.hashed_key and sleutel.split(".")[1] not in api_key.id
    assert len(sleutel.split(".")[1]) >= 32  # long random secret: a fast hash is safe


def test_checking_a_key_is_cheap():
    """The package's SHA-512 hasher, not a password hasher: 2,000 checks well under a second
    (PBKDF2/argon2 would take minutes)."""
    generator = KeyGenerator()
    sleutel, _prefix, hashed = generator.generate()
    start = time.perf_counter()
    for _ in range(2000):
        assert generator.verify(sleutel, hashed)
    assert time.perf_counter() - start < 1.0


def test_last_use_is_recorded_at_most_once_a_minute(api_a, sleutel_a, traject_a):
    api_key = sleutel_a[0]
    api_key.refresh_from_db()
    assert api_key.laatst_gebruikt is None
    api_a.get(URL)
    api_key.refresh_from_db()
    eerste = api_key.laatst_gebruikt
    assert eerste is not None
    api_a.get(URL)
    api_key.refresh_from_db()
    assert api_key.laatst_gebruikt == eerste  # no write within the minute

    later = eerste + datetime.timedelta(seconds=61)
    assert partner_api_key_mark_used(api_key=api_key, nu=later) is True
    api_key.refresh_from_db()
    assert api_key.laatst_gebruikt == later


def test_mark_used_skips_the_write_when_recent(sleutel_a, django_assert_num_queries):
    api_key = sleutel_a[0]
    assert partner_api_key_mark_used(api_key=api_key) is True
    with django_assert_num_queries(0):
        assert partner_api_key_mark_used(api_key=api_key) is False


@pytest.mark.django_db
def test_malformed_key_never_reaches_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert partner_api_key_from_key(sleutel="a" * 10_000) is None
        assert partner_api_key_from_key(sleutel="abc\x00.def") is None
