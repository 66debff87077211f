"""Property-based fuzzing of the partner API from its own OpenAPI document (/api/v1/schema/).

schemathesis generates valid and invalid requests for every partner operation, sends them
through the real Django WSGI application with a real key of a partner that has a few trajecten
(some of the path ids are those real trajecten, so the detail, list and report operations are
reached, not only their 404), and checks every response: never a 5xx, the status code, the
content type, the headers and the body conform to the document, and invalid input is refused.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from django.conf import settings as settings_module
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partners.models import Melding
from partners.services import melding_create
from trajecten.models import Traject

from ..conftest import dagen_geleden, maak_client, maak_traject

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
BEKENDE_IDS = [
    "3f0c9b7e-1d2a-4c3b-8e4f-5a6b7c8d9e01",  # running, with reports
    "3f0c9b7e-1d2a-4c3b-8e4f-5a6b7c8d9e02",  # referred, not started
    "3f0c9b7e-1d2a-4c3b-8e4f-5a6b7c8d9e03",  # closed
    "3f0c9b7e-1d2a-4c3b-8e4f-5a6b7c8d9e04",  # another partner's (must stay 404)
]
GELDIGE_MELDINGEN = [
    lambda: {"soort": "voortgang", "datum": dagen_geleden(1).isoformat(), "omschrijving": "Ok."},
    lambda: {"soort": "afwezigheid", "datum": dagen_geleden(2).isoformat()},
    lambda: {
        "soort": "werk",
        "datum": dagen_geleden(1).isoformat(),
        "werk": {
            "werkgever": "Bakkerij Jansen",
            "startdatum": dagen_geleden(3).isoformat(),
            "contracttype": "tijdelijk",
            "uren_per_week": "19.0",
        },
    },
]
# Enough for every operation to see valid, invalid and real-id cases; well under 60 s in all.
MAX_EXAMPLES = 20


@pytest.fixture
def partner_met_trajecten(gemeente, maatschappelijk_assistent, partner_a, partner_b, sleutel_a):
    def traject(nummer: int, partner, **kwargs) -> Traject:
        t = maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner, **kwargs)
        Traject.objects.filter(pk=t.pk).update(uuid=uuid.UUID(BEKENDE_IDS[nummer]))
        t.refresh_from_db()
        return t

    lopend = traject(0, partner_a)
    traject(1, partner_a, gestart=None)
    gesloten = traject(2, partner_a)
    traject(3, partner_b)
    for dagen in (40, 20):
        melding_create(
            traject=lopend,
            partner=partner_a,
            soort="voortgang",
            datum=dagen_geleden(dagen),
            omschrijving="Cv herwerkt.",
        )
    melding_create(
        traject=gesloten,
        partner=partner_a,
        soort="uitkomst",
        datum=dagen_geleden(5),
        uitkomst="opleiding",
    )
    return sleutel_a[1]


def _fuzz(
    operation,
    *,
    mode,
    path_parameters,
    headers,
    fouten: list[str],
    body=None,
    max_examples: int = MAX_EXAMPLES,
) -> int:
    """Run generated cases of ``operation``; failures are collected in ``fouten``."""
    verstuurd = 0
    extra = {} if body is None else {"body": body, "media_type": "application/json"}

    @given(
        case=operation.as_strategy(
            generation_mode=mode, path_parameters=path_parameters, headers=headers, **extra
        )
    )
    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal verstuurd
        verstuurd += 1
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing left to make invalid (e.g. a fixed id and no other input)
        pass
    except (
        Exception,
        BaseExceptionGroup,
    ) as exc:  # a check failed: report it with the operation and the variant
        fouten.append(f"{operation.label} [{mode}, {path_parameters}]: {exc}")
    return verstuurd


@contextmanager
def _verbinding_open_houden():
    """As Django's test client does: the WSGI application may not close the database connection
    after a request (it holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_partner_api_conforms_to_its_openapi_document(db, partner_met_trajecten):
    rest = {**settings_module.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"partner": "100000/min"}}
    with override_settings(REST_FRAMEWORK=rest), _verbinding_open_houden():
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
        operations = [
            result.ok()
            for result in schema.include(path_regex=r"^/api/v1/partner/").get_all_operations()
        ]
        labels = sorted(operation.label for operation in operations)
        assert labels == [
            "GET /api/v1/partner/trajecten/",
            "GET /api/v1/partner/trajecten/{id}/",
            "GET /api/v1/partner/trajecten/{id}/meldingen/",
            "POST /api/v1/partner/trajecten/{id}/meldingen/",
        ]
        headers = {"Authorization": f"Api-Key {partner_met_trajecten}"}
        fouten: list[str] = []
        verzoeken = 0
        for operation in operations:
            varianten = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
            if "{id}" in operation.path:
                varianten += [(GenerationMode.POSITIVE, {"id": waarde}) for waarde in BEKENDE_IDS]
                varianten.append((GenerationMode.NEGATIVE, {"id": BEKENDE_IDS[0]}))
            for mode, path_parameters in varianten:
                verzoeken += _fuzz(
                    operation,
                    mode=mode,
                    path_parameters=path_parameters,
                    headers=headers,
                    fouten=fouten,
                )
            if operation.method.upper() == "POST":
                # Valid reports on the running traject: the 201 answers must conform as well.
                for body in GELDIGE_MELDINGEN:
                    verzoeken += _fuzz(
                        operation,
                        mode=GenerationMode.POSITIVE,
                        path_parameters={"id": BEKENDE_IDS[0]},
                        headers=headers,
                        fouten=fouten,
                        body=body(),
                        max_examples=3,
                    )
    assert not fouten, "\n\n".join(fouten)
    assert verzoeken > 200
    # The real trajecten were reached: reports were accepted on them, not only refused.
    assert Melding.objects.filter(traject__uuid=BEKENDE_IDS[0]).count() > 2


# --- Bugs the fuzzing found, pinned down -----------------------------------------------------


@pytest.mark.parametrize(
    "query, status, veld",
    [
        # PostgreSQL refuses UTC offsets beyond ±15:59: was a 500.
        ({"gewijzigd_sinds": "7164-10-28T22:04:53+16:08"}, 400, "gewijzigd_sinds"),
        ({"gewijzigd_sinds": "2025-01-01T00:00:00-14:30"}, 400, "gewijzigd_sinds"),
        # Silently ignored before (the whole list came back).
        ({"page_size": "false"}, 400, "page_size"),
        ({"page_size": "1.5"}, 400, "page_size"),
        ({"status": ""}, 400, "status"),
        ({"gewijzigd_sinds": ""}, 400, "gewijzigd_sinds"),
        ({"startdatum_vanaf": ""}, 400, "startdatum_vanaf"),
        ({"page": ""}, 404, None),
    ],
)
def test_input_found_by_fuzzing_is_refused_cleanly(api_a, traject_a, query, status, veld):
    response = api_a.get("/api/v1/partner/trajecten/", query)
    assert response.status_code == status, response.content[:300]
    assert response.json()["fouten"][0]["veld"] == veld


def test_valid_offsets_and_large_page_sizes_still_work(api_a, traject_a):
    for waarde in ("2000-01-01T00:00:00+14:00", "2000-01-01T00:00:00-12:00", "2000-01-01"):
        response = api_a.get("/api/v1/partner/trajecten/", {"gewijzigd_sinds": waarde})
        assert response.status_code == 200, (waarde, response.content[:300])
        assert response.json()["count"] == 1
    response = api_a.get("/api/v1/partner/trajecten/", {"page_size": "5000"})
    assert response.status_code == 200  # capped at 200, as documented
