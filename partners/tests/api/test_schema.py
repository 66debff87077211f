"""The OpenAPI document describes the partner API: paths, Api-Key scheme, error responses."""

import pytest
import yaml

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_has_the_partner_endpoints_with_the_api_key_scheme(schema):
    paden = schema["paths"]
    for pad in (
        "/api/v1/partner/trajecten/",
        "/api/v1/partner/trajecten/{id}/",
        "/api/v1/partner/trajecten/{id}/meldingen/",
    ):
        assert pad in paden
        for operatie in paden[pad].values():
            assert operatie["security"] == [{"partnerApiKey": []}]
            assert operatie["description"]
            assert {"401", "404", "429"} <= set(operatie["responses"])
    scheme = schema["components"]["securitySchemes"]["partnerApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert not any("{path}" in pad or ".*" in pad for pad in paden)


def test_post_documents_every_error_and_the_idempotency_header(schema):
    post = schema["paths"]["/api/v1/partner/trajecten/{id}/meldingen/"]["post"]
    assert {"201", "400", "401", "404", "409", "413", "415", "422", "429"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])
    voorbeelden = post["requestBody"]["content"]["application/json"]["examples"]
    assert voorbeelden
    fout = post["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert fout.endswith("/Fouten")


def test_list_documents_its_filters(schema):
    namen = {p["name"] for p in schema["paths"]["/api/v1/partner/trajecten/"]["get"]["parameters"]}
    assert {"status", "soort", "gewijzigd_sinds", "startdatum_vanaf", "page", "page_size"} <= namen


def test_docs_page_is_served(client):
    assert client.get("/api/v1/docs/").status_code == 200
