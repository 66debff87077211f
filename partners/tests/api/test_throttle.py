"""Per-key rate limit (a setting, 600/min by default): 429 with Retry-After, per key."""

from django.core.cache import cache

import pytest

from partners.tests.conftest import assert_fout

URL = "/api/v1/partner/trajecten/"


@pytest.fixture
def laag_limiet(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "3/min"},
    }
    yield
    cache.clear()


def test_default_rate_is_600_per_minute(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["partner"] == "600/min"


def test_over_the_limit_gives_429_with_retry_after(laag_limiet, api_a, api_b, traject_a):
    for _ in range(3):
        assert api_a.get(URL).status_code == 200
    response = api_a.get(URL)
    fout = assert_fout(response, 429, veld=None, code="throttled")
    assert "seconden" in fout["bericht"]
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another partner's key has its own budget.
    assert api_b.get(URL).status_code == 200


def test_unauthenticated_requests_are_not_counted_against_a_key(laag_limiet, client, api_a):
    for _ in range(5):
        assert client.get(URL).status_code == 401
    assert api_a.get(URL).status_code == 200
