"""Bad input on the partner API: generated JSON bodies (nearly right reports and arbitrary
JSON) posted to a traject's meldingen never give a 5xx; every 4xx has the one error shape
``{"fouten": [{"veld", "code", "bericht"}]}``; a refused report stores nothing."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from clients.models import Logboekitem
from clients.tests.builders import partner_maak, wereld_maak
from partners.constants import MeldingSoort
from partners.models import Melding
from partners.services import partner_api_key_create
from trajecten.constants import Contracttype, Uitkomst
from trajecten.models import Werkperiode
from trajecten.services import traject_aanmelden, traject_start

from .strategieen import GRENZEN, codes, datums, getallen, tekst

pytestmark = pytest.mark.django_db

json_waarde = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | tekst,
    lambda kind: st.lists(kind, max_size=3) | st.dictionaries(tekst, kind, max_size=3),
    max_leaves=8,
)
werk = st.one_of(
    json_waarde,
    st.fixed_dictionaries(
        {},
        optional={
            "werkgever": st.one_of(tekst, st.just("x" * 201)),
            "startdatum": datums | json_waarde,
            "einddatum": datums | st.none(),
            "contracttype": codes(Contracttype.values),
            "uren_per_week": getallen | st.floats() | st.integers(),
            "extra": json_waarde,
        },
    ),
)
melding = st.fixed_dictionaries(
    {},
    optional={
        "soort": codes(MeldingSoort.values) | json_waarde,
        "datum": datums | json_waarde,
        "omschrijving": tekst | st.just("o" * 2001) | json_waarde,
        "uitkomst": codes(Uitkomst.values) | st.none(),
        "werk": werk,
        "onbekend": json_waarde,
    },
)


@pytest.fixture
def opzet():
    w = wereld_maak()
    partner = partner_maak()
    _key, sleutel = partner_api_key_create(partner=partner, naam="eigenschappen")
    vandaag = timezone.localdate()
    traject = traject_aanmelden(
        client=w.c_a1,
        soort="jobhunting",
        partner=partner,
        verwijzer=w.ma_a1,
        aanmelddatum=vandaag - datetime.timedelta(days=400),
    )
    traject_start(traject=traject, startdatum=vandaag - datetime.timedelta(days=300))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {sleutel}")
    return api, f"/api/v1/partner/trajecten/{traject.uuid}/meldingen/"


def _tellingen():
    return (Melding.objects.count(), Werkperiode.objects.count(), Logboekitem.objects.count())


def _controle_foutvorm(response) -> None:
    body = response.json()
    assert set(body) == {"fouten"}, body
    assert isinstance(body["fouten"], list) and body["fouten"]
    for fout in body["fouten"]:
        assert set(fout) == {"veld", "code", "bericht"}, fout
        assert fout["veld"] is None or isinstance(fout["veld"], str)
        assert isinstance(fout["code"], str) and fout["code"]
        assert isinstance(fout["bericht"], str) and fout["bericht"].strip()


@GRENZEN
@given(body=st.one_of(melding, json_waarde), sleutel=st.one_of(st.none(), tekst))
def test_generated_reports_never_give_5xx_and_errors_have_one_shape(opzet, body, sleutel):
    api, url = opzet
    voor = _tellingen()
    headers = {}
    if sleutel is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = sleutel.replace("\x00", "")
    response = api.post(url, data=json.dumps(body), content_type="application/json", **headers)
    event(str(response.status_code))
    assert response.status_code < 500, response.content[:500]
    if response.status_code >= 400:
        _controle_foutvorm(response)
        if response.status_code != 409 or "idempotency" not in response.content.decode():
            assert _tellingen() == voor, "a refused report stored something"
    else:
        assert response.status_code in (200, 201)


@GRENZEN
@given(
    rauw=st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"", b"{", b"[]", b"null", b'{"soort": "start"', b"\xff\xfe{}", b"1e999"]),
    ),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/json; charset=latin-1",
        ]
    ),
)
def test_malformed_bodies_give_a_4xx_in_the_error_shape(opzet, rauw, content_type):
    api, url = opzet
    voor = _tellingen()
    response = api.post(url, data=rauw, content_type=content_type)
    assert 400 <= response.status_code < 500 or response.status_code == 201, response.status_code
    if response.status_code >= 400:
        _controle_foutvorm(response)
        assert _tellingen() == voor
