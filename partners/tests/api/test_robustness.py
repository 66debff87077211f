"""Hostile or odd input never produces a 5xx, and always answers in the one error shape."""

import json

import pytest

from partners.models import Melding
from partners.tests.conftest import assert_fout, dagen_geleden

URL = "/api/v1/partner/trajecten/"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": "0"}, 404),
        ({"page": "-1"}, 404),
        ({"page": "abc"}, 404),
        ({"page_size": "99999999999999999999999"}, 200),
        ({"page_size": "-5"}, 200),
        ({"gewijzigd_sinds": "2025-01-01T00:00:00+99:00"}, 400),
        ({"gewijzigd_sinds": "9999-12-31T23:59:59+14:00"}, 200),
        ({"gewijzigd_sinds": "0001-01-01T00:00:00-12:00"}, 200),
        ({"startdatum_vanaf": "0000-01-01"}, 400),
        ({"startdatum_vanaf": "9999-12-31"}, 200),
    ],
)
def test_odd_query_parameters(api_a, traject_a, params, status):
    response = api_a.get(URL, params)
    assert response.status_code == status
    if status >= 400:
        assert_fout(response, status)


@pytest.mark.parametrize("method", ["OPTIONS", "PATCH", "TRACE"])
def test_unsupported_methods_are_405_in_the_error_shape(api_a, traject_a, method):
    for pad in (URL, f"{URL}{traject_a.uuid}/", f"{URL}{traject_a.uuid}/meldingen/"):
        assert_fout(api_a.generic(method, pad), 405, code="method_not_allowed")


def test_head_is_answered_like_get(api_a, traject_a):
    assert api_a.head(f"{URL}{traject_a.uuid}/").status_code == 200


@pytest.mark.parametrize(
    ("body", "veld", "code"),
    [
        ({"werk": {"werkgever": "\ud800"}}, "werk.werkgever", "surrogate_characters_not_allowed"),
        ({"werk": {"uren_per_week": 1e308}}, "werk.uren_per_week", "max_digits"),
        ({"werk": {"uren_per_week": "0.05"}}, "werk.uren_per_week", "max_decimal_places"),
        ({"werk": {"uren_per_week": "0"}}, "werk.uren_per_week", "min_value"),
        ({"werk": None}, "werk", "required"),
        ({"": 1}, "", "unknown_field"),
        ({"soort": True, "datum": 20250101}, "soort", "invalid_choice"),
    ],
)
def test_hostile_bodies_are_400(api_a, traject_a, body, veld, code):
    werk = {"werkgever": "x", "startdatum": "2020-01-01", "contracttype": "vast"}
    volledig = {"soort": "werk", "datum": dagen_geleden(1).isoformat(), "werk": werk}
    for sleutel, waarde in body.items():
        if sleutel == "werk" and isinstance(waarde, dict):
            volledig["werk"] = werk | waarde
        else:
            volledig[sleutel] = waarde
    response = api_a.post(
        f"{URL}{traject_a.uuid}/meldingen/",
        json.dumps(volledig),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="é\u00ff-sleutel",
    )
    fout = assert_fout(response, 400, veld=veld)
    assert fout["code"] == code
    assert "Surrogate" not in fout["bericht"]
    assert not Melding.objects.exists()


def test_omschrijving_of_exactly_2000_characters_is_accepted(api_a, traject_a):
    body = {"soort": "voortgang", "datum": dagen_geleden(1).isoformat(), "omschrijving": "é" * 2000}
    response = api_a.post(f"{URL}{traject_a.uuid}/meldingen/", body, format="json")
    assert response.status_code == 201
    assert len(Melding.objects.get().omschrijving) == 2000


@pytest.mark.parametrize(
    "body",
    [
        '{"soort": "voortgang", "omschrijving": "a\\u0000b"}',
        '{"werk\\u0000\\u00ec": {"werkgever": "x"}}',  # found by fuzzing: echoed in the error
    ],
)
def test_nul_characters_are_refused_and_nothing_is_stored(api_a, traject_a, body):
    """PostgreSQL text cannot hold U+0000: the request is a 400, also under an idempotency
    key (whose stored response must not contain it either), never a 500."""
    for _ in range(2):
        response = api_a.post(
            f"{URL}{traject_a.uuid}/meldingen/",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="nul-sleutel",
        )
        assert_fout(response, 400)
    assert not Melding.objects.exists()
