"""GET /api/v1/partner/trajecten/ and /{id}/: isolation, data minimisation, filters,
pagination, audit and a constant number of queries."""

import datetime
import uuid

from django.utils import timezone

import pytest

from activering.models import AuditEvent
from partners.tests.conftest import assert_fout, dagen_geleden, maak_client, maak_traject
from trajecten.constants import TrajectSoort, TrajectStatus, Uitkomst
from trajecten.models import Traject
from trajecten.services import traject_afsluiten

URL = "/api/v1/partner/trajecten/"

TRAJECT_VELDEN = {
    "id",
    "soort",
    "status",
    "startdatum",
    "einddatum_gepland",
    "einddatum",
    "uitkomst",
    "deelnemer",
    "contactpersoon",
    "gewijzigd_op",
}
DEELNEMER_VELDEN = {
    "referentie",
    "voornaam",
    "achternaam",
    "geboortejaar",
    "taal",
    "telefoon",
    "email",
}


def test_traject_has_exactly_the_contract_shape(api_a, traject_a, client_a):
    response = api_a.get(f"{URL}{traject_a.uuid}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == TRAJECT_VELDEN
    assert set(body["deelnemer"]) == DEELNEMER_VELDEN
    assert body["id"] == str(traject_a.uuid)
    assert body["status"] == "lopend"
    assert body["startdatum"] == dagen_geleden(50).isoformat()
    assert body["uitkomst"] is None
    assert body["deelnemer"] == {
        "referentie": str(client_a.pseudoniem),
        "voornaam": "Sara",
        "achternaam": "Peeters",
        "geboortejaar": 1998,
        "taal": "nl",
        "telefoon": "0470123456",
        "email": "sara@example.org",
    }
    assert body["contactpersoon"] == {"naam": "Els Janssens", "email": "els@ocmw.example"}
    gewijzigd = datetime.datetime.fromisoformat(body["gewijzigd_op"])
    assert gewijzigd.utcoffset() is not None


def test_no_internal_identifiers_or_sensitive_data_leak(api_a, traject_a, client_a):
    tekst = api_a.get(f"{URL}{traject_a.uuid}/").content.decode()
    for geheim in (
        client_a.rijksregisternummer,
        client_a.referentie,
        traject_a.referentie,
        "Bruul",
        f'"id": {client_a.pk}',
    ):
        assert geheim not in tekst


def test_list_shows_only_own_trajecten(api_a, api_b, traject_a, traject_b):
    ids_a = [t["id"] for t in api_a.get(URL).json()["results"]]
    ids_b = [t["id"] for t in api_b.get(URL).json()["results"]]
    assert ids_a == [str(traject_a.uuid)]
    assert ids_b == [str(traject_b.uuid)]


@pytest.mark.parametrize("pad", ["", "meldingen/"])
def test_other_partners_or_unknown_traject_is_404_never_403(api_a, traject_b, pad):
    for traject_id in (traject_b.uuid, uuid.uuid4(), "geen-uuid", "1"):
        fout = assert_fout(api_a.get(f"{URL}{traject_id}/{pad}"), 404, veld=None)
        assert fout["code"] == "not_found"
    assert_fout(api_a.post(f"{URL}{traject_b.uuid}/meldingen/", {}, format="json"), 404)


def test_list_is_newest_referral_first(api_a, client_a, partner_a):
    oud = maak_traject(client_a, partner_a, aangemeld=100, gestart=None)
    nieuw = maak_traject(client_a, partner_a, aangemeld=5, gestart=None)
    midden = maak_traject(client_a, partner_a, aangemeld=40, gestart=None)
    ids = [t["id"] for t in api_a.get(URL).json()["results"]]
    assert ids == [str(nieuw.uuid), str(midden.uuid), str(oud.uuid)]


def test_pagination_and_page_size_limit(api_a, gemeente, partner_a):
    client = maak_client(gemeente)
    for _ in range(205):
        maak_traject(client, partner_a, gestart=None)
    body = api_a.get(URL, {"page_size": 10, "page": 2}).json()
    assert body["count"] == 205 and len(body["results"]) == 10
    assert body["next"] and body["previous"]
    assert len(api_a.get(URL, {"page_size": 1000}).json()["results"]) == 200
    assert len(api_a.get(URL).json()["results"]) == 50
    assert_fout(api_a.get(URL, {"page": 99}), 404, code="not_found")


@pytest.mark.parametrize("params", [{}, {"status": "aangemeld"}])
def test_paging_through_every_page_gives_each_traject_once_in_order(
    api_a, gemeente, partner_a, params
):
    """Pages pick their ids first and join afterwards: together they are the whole ordered
    list, also with ties on the referral date (ordered by id) and with a filter."""
    client = maak_client(gemeente)
    verwacht = []
    for i in range(23):
        traject = maak_traject(
            client, partner_a, aangemeld=2 + i // 4, gestart=None if i % 3 else 1
        )
        if not params or traject.status == "aangemeld":
            verwacht.append(traject)
    verwacht.sort(key=lambda t: (t.aanmelddatum, t.pk), reverse=True)
    gezien = []
    for pagina in range(1, 6):
        antwoord = api_a.get(URL, {**params, "page_size": 5, "page": pagina})
        if antwoord.status_code == 404:
            break
        gezien += [t["id"] for t in antwoord.json()["results"]]
    assert gezien == [str(t.uuid) for t in verwacht]


def test_filters_status_soort_startdatum(api_a, client_a, partner_a):
    lopend = maak_traject(client_a, partner_a, gestart=30, soort=TrajectSoort.MENTORING)
    aangemeld = maak_traject(client_a, partner_a, gestart=None)
    vroeg = maak_traject(client_a, partner_a, aangemeld=200, gestart=150)
    gesloten = traject_afsluiten(
        traject=vroeg, einddatum=dagen_geleden(100), uitkomst=Uitkomst.OPLEIDING
    )

    def ids(**params):
        return {t["id"] for t in api_a.get(URL, params).json()["results"]}

    assert ids(status="aangemeld") == {str(aangemeld.uuid)}
    assert ids(status="afgerond") == {str(gesloten.uuid)}
    assert ids(soort="mentoring") == {str(lopend.uuid)}
    assert ids(startdatum_vanaf=dagen_geleden(40).isoformat()) == {str(lopend.uuid)}
    assert ids(status="lopend", soort="jobhunting") == set()


def test_gewijzigd_sinds_also_sees_changed_client_data(api_a, traject_a, client_a, partner_a):
    ander = maak_traject(maak_client(client_a.gemeente), partner_a)
    grens = timezone.now()
    Traject.objects.filter(pk__in=[traject_a.pk, ander.pk]).update(
        gewijzigd_op=grens - datetime.timedelta(days=1)
    )
    type(client_a).objects.filter(pk__in=[client_a.pk, ander.client_id]).update(
        gewijzigd_op=grens - datetime.timedelta(days=1)
    )
    assert api_a.get(URL, {"gewijzigd_sinds": grens.isoformat()}).json()["count"] == 0

    client_a.telefoon = "0499000000"
    client_a.save()
    body = api_a.get(URL, {"gewijzigd_sinds": grens.isoformat()}).json()
    assert [t["id"] for t in body["results"]] == [str(traject_a.uuid)]
    assert body["results"][0]["deelnemer"]["telefoon"] == "0499000000"


@pytest.mark.parametrize(
    ("param", "waarde"),
    [
        ("status", "bezig"),
        ("soort", "zwemmen"),
        ("gewijzigd_sinds", "gisteren"),
        ("gewijzigd_sinds", "2025-13-45T99:00"),
        ("startdatum_vanaf", "31/02/2025"),
        ("status", "\x00"),
    ],
)
def test_bad_filter_values_give_400_with_the_field(api_a, traject_a, param, waarde):
    assert_fout(api_a.get(URL, {param: waarde}), 400, veld=param)


def test_reading_is_written_to_the_audit_log(api_a, sleutel_a, traject_a, traject_b):
    api_a.get(URL)
    api_a.get(f"{URL}{traject_a.uuid}/")
    events = AuditEvent.objects.filter(partner_code="JOBROAD").order_by("id")
    assert [e.actie for e in events] == ["partner.traject_lijst", "partner.traject_bekijken"]
    for event in events:
        assert event.object_type == "traject"
        assert event.object_id == str(traject_a.uuid)
        assert event.client_id == traject_a.client_id
        assert event.api_sleutel == sleutel_a[0].prefix
        assert event.details == {}
    # Nothing about partner B's traject was logged for partner A.
    assert not AuditEvent.objects.filter(object_id=str(traject_b.uuid)).exists()


def test_closed_traject_shows_outcome(api_a, traject_a):
    traject_afsluiten(traject=traject_a, einddatum=dagen_geleden(1), uitkomst=Uitkomst.AFGEHAAKT)
    body = api_a.get(f"{URL}{traject_a.uuid}/").json()
    assert body["status"] == TrajectStatus.STOPGEZET
    assert body["uitkomst"] == "afgehaakt"
    assert body["einddatum"] == dagen_geleden(1).isoformat()


def test_contactpersoon_is_empty_without_social_worker(api_a, gemeente, partner_a):
    traject = maak_traject(maak_client(gemeente, None), partner_a)
    body = api_a.get(f"{URL}{traject.uuid}/").json()
    assert body["contactpersoon"] == {"naam": None, "email": None}


@pytest.mark.parametrize("page_size", [5, 100])
def test_query_count_does_not_grow_with_page_size(
    api_a, gemeente, maatschappelijk_assistent, partner_a, page_size, django_assert_max_num_queries
):
    for _ in range(100):
        maak_traject(maak_client(gemeente, maatschappelijk_assistent), partner_a)
    api_a.get(URL)  # first request records the key's last use (one extra write)
    # key+partner, count, page (with client and social worker joined), one audit INSERT
    with django_assert_max_num_queries(4):
        response = api_a.get(URL, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    assert AuditEvent.objects.filter(actie="partner.traject_lijst").count() == 50 + page_size


def test_method_not_allowed_and_unknown_path_use_the_error_shape(api_a, traject_a):
    assert_fout(api_a.delete(URL), 405, veld=None, code="method_not_allowed")
    assert_fout(api_a.put(f"{URL}{traject_a.uuid}/", {}, format="json"), 405)
    assert_fout(api_a.get("/api/v1/partner/bestaat-niet/"), 404, code="not_found")
    assert_fout(api_a.get("/api/v1/partner/trajecten"), 404)  # no redirect for a partner
