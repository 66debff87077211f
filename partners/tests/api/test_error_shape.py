"""The one error shape of the whole API (activering.exceptions), independent of partners."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404

import pytest
from rest_framework import exceptions

from activering.exceptions import DomeinConflict, error_response, exception_handler


def fouten(exc):
    response = exception_handler(exc, {})
    return response.status_code, response.data["fouten"]


def test_nested_drf_errors_get_dotted_paths_and_codes():
    exc = exceptions.ValidationError(
        {
            "werk": {"startdatum": [exceptions.ErrorDetail("Ongeldig.", code="invalid")]},
            "regels": [{}, {"bedrag": [exceptions.ErrorDetail("Te hoog.", code="max_value")]}],
            "non_field_errors": [exceptions.ErrorDetail("Algemeen.", code="invalid")],
        }
    )
    status, lijst = fouten(exc)
    assert status == 400
    assert lijst == [
        {"veld": "werk.startdatum", "code": "invalid", "bericht": "Ongeldig."},
        {"veld": "regels.1.bedrag", "code": "max_value", "bericht": "Te hoog."},
        {"veld": None, "code": "invalid", "bericht": "Algemeen."},
    ]


def test_django_validation_error_becomes_400():
    exc = DjangoValidationError(
        {
            "einddatum": DjangoValidationError("Vóór de start.", code="before_start"),
            "__all__": DjangoValidationError("Overlapt.", code="overlap"),
        }
    )
    status, lijst = fouten(exc)
    assert status == 400
    assert {"veld": "einddatum", "code": "before_start", "bericht": "Vóór de start."} in lijst
    assert {"veld": None, "code": "overlap", "bericht": "Overlapt."} in lijst


def test_plain_django_validation_error_is_a_non_field_error():
    status, lijst = fouten(DjangoValidationError("Fout."))
    assert status == 400 and lijst == [{"veld": None, "code": "invalid", "bericht": "Fout."}]


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (DomeinConflict("Al afgesloten.", code="traject_afgesloten"), 409, "traject_afgesloten"),
        (Http404(), 404, "not_found"),
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.PermissionDenied(), 403, "permission_denied"),
        (exceptions.MethodNotAllowed("DELETE"), 405, "method_not_allowed"),
        (exceptions.UnsupportedMediaType("text/plain"), 415, "unsupported_media_type"),
        (exceptions.Throttled(wait=12), 429, "throttled"),
    ],
)
def test_other_4xx_have_the_same_shape_with_dutch_messages(exc, status, code):
    response = exception_handler(exc, {})
    assert response.status_code == status
    [fout] = response.data["fouten"]
    assert fout["veld"] is None and fout["code"] == code
    assert not any(woord in fout["bericht"] for woord in ("not ", "Method", "Request"))


def test_throttled_sets_retry_after():
    response = error_response(exceptions.Throttled(wait=12.4))
    assert response["Retry-After"] == "13"  # DRF rounds the wait up


def test_unexpected_errors_are_left_to_the_500_handler():
    assert exception_handler(RuntimeError("boom"), {}) is None
