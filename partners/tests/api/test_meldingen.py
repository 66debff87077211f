"""POST/GET /api/v1/partner/trajecten/{id}/meldingen/: effects per soort, logbook and
notifications, the absence alert, and every refused input (nothing changes when refused)."""

import datetime
import json

import pytest

from activering.models import Notificatie
from clients.constants import LogboekSoort
from clients.models import Logboekitem
from partners.models import Melding
from partners.tests.conftest import assert_fout, dagen_geleden, maak_traject
from trajecten.constants import TrajectStatus
from trajecten.models import Traject, Werkperiode


def url(traject) -> str:
    return f"/api/v1/partner/trajecten/{traject.uuid}/meldingen/"


def post(api, traject, body, **extra):
    return api.post(url(traject), body, format="json", **extra)


def niets_veranderd(traject, status=TrajectStatus.LOPEND) -> bool:
    traject.refresh_from_db()
    return (
        traject.status == status
        and not Melding.objects.exists()
        and not Werkperiode.objects.exists()
        and not Logboekitem.objects.exists()
        and not Notificatie.objects.exists()
    )


WERK = {
    "werkgever": "Bakkerij Jansen",
    "startdatum": dagen_geleden(10).isoformat(),
    "einddatum": None,
    "contracttype": "tijdelijk",
    "uren_per_week": "38.0",
}


# --- effects ---------------------------------------------------------------------------------


def test_start_moves_the_referral_to_lopend(api_a, client_a, partner_a):
    traject = maak_traject(client_a, partner_a, aangemeld=20, gestart=None)
    response = post(api_a, traject, {"soort": "start", "datum": dagen_geleden(15).isoformat()})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "traject",
        "soort",
        "datum",
        "omschrijving",
        "uitkomst",
        "werkperiode",
        "ontvangen_op",
    }
    assert body["traject"] == str(traject.uuid) and body["soort"] == "start"
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.LOPEND
    assert traject.startdatum == dagen_geleden(15)


def test_every_report_becomes_a_logbook_entry_and_a_notification(
    api_a, traject_a, client_a, partner_a, maatschappelijk_assistent
):
    response = post(
        api_a,
        traject_a,
        {"soort": "voortgang", "datum": dagen_geleden(2).isoformat(), "omschrijving": "Cv af."},
    )
    assert response.status_code == 201, response.json()
    item = Logboekitem.objects.get()
    assert (item.client, item.soort, item.partner) == (
        client_a,
        LogboekSoort.PARTNERMELDING,
        partner_a,
    )
    assert item.datum == dagen_geleden(2)
    assert "Cv af." in item.tekst and "Jobroad" in item.tekst
    notificatie = Notificatie.objects.get()
    assert notificatie.ontvanger == maatschappelijk_assistent
    assert notificatie.client_id == client_a.pk
    assert "Sara" not in notificatie.tekst and "Peeters" not in notificatie.tekst
    assert Melding.objects.get().omschrijving == "Cv af."


def test_werk_creates_a_werkperiode_with_the_partner_as_source(api_a, traject_a, partner_a):
    response = post(
        api_a, traject_a, {"soort": "werk", "datum": dagen_geleden(1).isoformat(), "werk": WERK}
    )
    assert response.status_code == 201, response.json()
    periode = Werkperiode.objects.get()
    assert periode.bron_partner == partner_a
    assert periode.client_id == traject_a.client_id
    assert str(periode.uren_per_week) == "38.0"
    assert response.json()["werkperiode"]["werkgever"] == "Bakkerij Jansen"
    traject_a.refresh_from_db()
    assert traject_a.status == TrajectStatus.LOPEND


def test_uitkomst_closes_the_traject_with_the_werkperiode(api_a, traject_a):
    body = {
        "soort": "uitkomst",
        "datum": dagen_geleden(1).isoformat(),
        "uitkomst": "werk_3m_plus",
        "omschrijving": "Contract getekend.",
        "werk": WERK,
    }
    response = post(api_a, traject_a, body)
    assert response.status_code == 201, response.json()
    traject_a.refresh_from_db()
    assert traject_a.status == TrajectStatus.AFGEROND
    assert traject_a.einddatum == dagen_geleden(1)
    assert traject_a.uitkomst == "werk_3m_plus"
    assert Melding.objects.get().werkperiode == Werkperiode.objects.get()


def test_uitkomst_afgehaakt_stops_the_traject(api_a, traject_a):
    response = post(
        api_a,
        traject_a,
        {"soort": "uitkomst", "datum": dagen_geleden(1).isoformat(), "uitkomst": "afgehaakt"},
    )
    assert response.status_code == 201, response.json()
    traject_a.refresh_from_db()
    assert traject_a.status == TrajectStatus.STOPGEZET
    assert not Werkperiode.objects.exists()


def test_uitkomst_on_a_closed_traject_is_409_and_changes_nothing(api_a, traject_a):
    body = {"soort": "uitkomst", "datum": dagen_geleden(1).isoformat(), "uitkomst": "opleiding"}
    assert post(api_a, traject_a, body).status_code == 201
    fout = assert_fout(post(api_a, traject_a, body | {"uitkomst": "overige"}), 409, veld=None)
    assert fout["code"] == "traject_afgesloten"
    traject_a.refresh_from_db()
    assert traject_a.uitkomst == "opleiding"
    assert Melding.objects.count() == 1


def test_start_on_a_running_traject_is_409(api_a, traject_a):
    response = post(api_a, traject_a, {"soort": "start", "datum": dagen_geleden(1).isoformat()})
    assert_fout(response, 409, code="traject_al_gestart")
    assert not Melding.objects.exists()


def test_work_outcome_on_a_referral_that_never_started_is_409(api_a, client_a, partner_a):
    traject = maak_traject(client_a, partner_a, aangemeld=20, gestart=None)
    body = {
        "soort": "uitkomst",
        "datum": dagen_geleden(1).isoformat(),
        "uitkomst": "werk_tot_3m",
        "werk": WERK,
    }
    assert_fout(post(api_a, traject, body), 409, code="ongeldige_statusovergang")
    assert niets_veranderd(traject, TrajectStatus.AANGEMELD)


# --- absences ---------------------------------------------------------------------------------


def afwezig(api, traject, dagen: int):
    return post(api, traject, {"soort": "afwezigheid", "datum": dagen_geleden(dagen).isoformat()})


def alerts() -> int:
    return Notificatie.objects.filter(tekst__startswith="Let op").count()


def test_second_absence_within_30_days_alerts_the_social_worker(api_a, traject_a):
    assert afwezig(api_a, traject_a, 40).status_code == 201
    assert alerts() == 0
    assert afwezig(api_a, traject_a, 11).status_code == 201  # 29 days later
    assert alerts() == 1
    assert Notificatie.objects.count() == 3  # two reports + one alert


def test_absences_30_days_apart_or_on_the_same_day_do_not_alert(api_a, traject_a):
    assert afwezig(api_a, traject_a, 40).status_code == 201
    assert afwezig(api_a, traject_a, 10).status_code == 201  # exactly 30 days later
    assert afwezig(api_a, traject_a, 10).status_code == 201  # same day again
    assert alerts() == 0


def test_absences_of_another_traject_do_not_count(api_a, traject_a, client_a, partner_a):
    ander = maak_traject(client_a, partner_a)
    assert afwezig(api_a, traject_a, 12).status_code == 201
    assert afwezig(api_a, ander, 10).status_code == 201
    assert alerts() == 0


# --- listing ----------------------------------------------------------------------------------


def test_get_lists_own_reports_newest_first(api_a, api_b, traject_a, traject_b):
    for dagen in (5, 3):
        assert afwezig(api_a, traject_a, dagen).status_code == 201
    assert afwezig(api_b, traject_b, 4).status_code == 201
    body = api_a.get(url(traject_a)).json()
    assert [m["datum"] for m in body["results"]] == [
        dagen_geleden(3).isoformat(),
        dagen_geleden(5).isoformat(),
    ]
    assert {m["traject"] for m in body["results"]} == {str(traject_a.uuid)}


# --- refused input -----------------------------------------------------------------------------

VANDAAG = datetime.date.today


@pytest.mark.parametrize(
    ("body", "veld", "code"),
    [
        ({"soort": "feest", "datum": "2025-01-01"}, "soort", "invalid_choice"),
        ({"datum": "2025-01-01"}, "soort", "required"),
        ({"soort": "afwezigheid"}, "datum", "required"),
        ({"soort": "afwezigheid", "datum": "31/12/2025"}, "datum", "invalid"),
        ({"soort": "afwezigheid", "datum": "2025-01-01T10:00:00"}, "datum", "invalid"),
        ({"soort": "afwezigheid", "datum": None}, "datum", "null"),
        ({"soort": "voortgang", "datum": "D-5"}, "omschrijving", "required"),
        ({"soort": "voortgang", "datum": "D-5", "omschrijving": "   "}, "omschrijving", "required"),
        (
            {"soort": "voortgang", "datum": "D-5", "omschrijving": "x" * 2001},
            "omschrijving",
            "max_length",
        ),
        ({"soort": "werk", "datum": "D-5"}, "werk", "required"),
        ({"soort": "uitkomst", "datum": "D-5"}, "uitkomst", "required"),
        (
            {"soort": "uitkomst", "datum": "D-5", "uitkomst": "loterij"},
            "uitkomst",
            "invalid_choice",
        ),
        ({"soort": "uitkomst", "datum": "D-5", "uitkomst": "werk_3m_plus"}, "werk", "required"),
        ({"soort": "start", "datum": "D-5", "uitkomst": "opleiding"}, "uitkomst", "not_allowed"),
        (
            {"soort": "voortgang", "datum": "D-5", "omschrijving": "x", "werk": WERK},
            "werk",
            "not_allowed",
        ),
        ({"soort": "afwezigheid", "datum": "D-5", "geheim": 1}, "geheim", "unknown_field"),
        ({"soort": "afwezigheid", "datum": "D-5", "id": "x"}, "id", "unknown_field"),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "loon": 9}},
            "werk.loon",
            "unknown_field",
        ),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "startdatum": "morgen"}},
            "werk.startdatum",
            "invalid",
        ),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "einddatum": "D-20"}},
            "werk.einddatum",
            "before_start",
        ),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "contracttype": "zwart"}},
            "werk.contracttype",
            "invalid_choice",
        ),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "uren_per_week": "61"}},
            "werk.uren_per_week",
            "max_value",
        ),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "uren_per_week": "NaN"}},
            "werk.uren_per_week",
            "invalid",
        ),
        (
            {"soort": "werk", "datum": "D-5", "werk": {**WERK, "werkgever": "w" * 201}},
            "werk.werkgever",
            "max_length",
        ),
        ({"soort": "werk", "datum": "D-5", "werk": [1, 2]}, "werk", "invalid"),
        ({"soort": ["start"], "datum": "D-5"}, "soort", "invalid_choice"),
        (
            {"soort": "voortgang", "datum": "D-5", "omschrijving": {"a": 1}},
            "omschrijving",
            "invalid",
        ),
        (
            {"soort": "voortgang", "datum": "D-5", "omschrijving": "a\x00b"},
            "omschrijving",
            "null_characters_not_allowed",
        ),
        ({"soort": "afwezigheid", "datum": "D+1"}, "datum", "in_future"),
        ({"soort": "afwezigheid", "datum": "D-51"}, "datum", "before_start"),
    ],
)
def test_bad_report_is_refused_with_400_and_nothing_changes(api_a, traject_a, body, veld, code):
    def datum(waarde):
        if isinstance(waarde, str) and waarde[:2] in ("D-", "D+"):
            return (VANDAAG() + datetime.timedelta(days=int(waarde[1:]))).isoformat()
        return waarde

    body = {k: datum(v) for k, v in body.items()}
    if isinstance(body.get("werk"), dict):
        body["werk"] = {k: datum(v) for k, v in body["werk"].items()}
    fout = assert_fout(post(api_a, traject_a, body), 400, veld=veld)
    assert fout["code"] == code, fout
    assert niets_veranderd(traject_a)


def test_several_errors_are_reported_together(api_a, traject_a):
    response = post(
        api_a,
        traject_a,
        {"soort": "werk", "datum": "2999-01-01", "werk": {"startdatum": "x"}, "extra": True},
    )
    assert response.status_code == 400
    velden = {f["veld"] for f in response.json()["fouten"]}
    assert {"datum", "werk.startdatum", "werk.werkgever", "werk.contracttype", "extra"} <= velden


def test_start_before_the_referral_is_refused(api_a, client_a, partner_a):
    traject = maak_traject(client_a, partner_a, aangemeld=20, gestart=None)
    response = post(api_a, traject, {"soort": "start", "datum": dagen_geleden(21).isoformat()})
    assert_fout(response, 400, veld="datum", code="before_start")
    assert niets_veranderd(traject, TrajectStatus.AANGEMELD)


def test_same_work_spell_twice_is_a_400_not_a_crash(api_a, traject_a):
    body = {"soort": "werk", "datum": dagen_geleden(1).isoformat(), "werk": WERK}
    assert post(api_a, traject_a, body).status_code == 201
    assert_fout(post(api_a, traject_a, body), 400, veld="werk.startdatum", code="unique")
    assert Melding.objects.count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"{",
        b'{"soort": "start",}',
        b"\xff\xfe",
        b'{"soort": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
        b"1" * 5000,
    ],
)
def test_malformed_json_is_400(api_a, traject_a, raw):
    response = api_a.post(url(traject_a), raw, content_type="application/json")
    assert_fout(response, 400, veld=None, code="parse_error")
    assert niets_veranderd(traject_a)


@pytest.mark.parametrize("raw", [b"[]", b'"start"', b"null", b"42"])
def test_json_that_is_not_an_object_is_400(api_a, traject_a, raw):
    response = api_a.post(url(traject_a), raw, content_type="application/json")
    assert_fout(response, 400, veld=None, code="invalid")
    assert niets_veranderd(traject_a)


def test_empty_body_reports_the_missing_fields(api_a, traject_a):
    response = api_a.post(url(traject_a), b"", content_type="application/json")
    assert_fout(response, 400, veld="soort", code="required")


def test_body_over_1_mib_is_413(api_a, traject_a):
    body = {"soort": "voortgang", "datum": dagen_geleden(1).isoformat(), "omschrijving": "x"}
    raw = json.dumps(body | {"vulling": "x" * (1024 * 1024)}).encode()
    assert_fout(api_a.post(url(traject_a), raw, content_type="application/json"), 413)
    assert niets_veranderd(traject_a)


def test_body_over_1_mib_with_a_lying_content_length_is_413(api_a, traject_a, sleutel_a):
    """The parser counts the bytes it reads, whatever the Content-Length header says."""
    from rest_framework.test import APIRequestFactory

    from partners.api.views import PartnerMeldingApi

    raw = b'{"omschrijving": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    request = APIRequestFactory().post(
        url(traject_a),
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Api-Key {sleutel_a[1]}",
    )
    request.META["CONTENT_LENGTH"] = "100"
    request._stream = __import__("io").BytesIO(raw)  # stream longer than announced
    response = PartnerMeldingApi.as_view()(request, id=str(traject_a.uuid))
    response.render()
    assert_fout(response_json(response), 413)
    assert niets_veranderd(traject_a)


class response_json:  # minimal adapter for assert_fout on a rendered view response
    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content

    def json(self):
        return json.loads(self.content)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""],
)
def test_non_json_content_type_is_415(api_a, traject_a, content_type):
    raw = json.dumps({"soort": "afwezigheid", "datum": dagen_geleden(1).isoformat()})
    response = api_a.generic("POST", url(traject_a), raw, content_type=content_type)
    assert_fout(response, 415, veld=None, code="unsupported_media_type")
    assert niets_veranderd(traject_a)


def test_report_is_audited(api_a, traject_a):
    from activering.models import AuditEvent

    response = afwezig(api_a, traject_a, 1)
    event = AuditEvent.objects.get(actie="partner.melding_create")
    assert event.object_id == str(traject_a.uuid)
    assert event.details == {"status": 201, "melding": response.json()["id"]}
    assert_fout(post(api_a, traject_a, {"soort": "x"}), 400)
    assert AuditEvent.objects.filter(actie="partner.melding_create").count() == 2


def test_a_report_updates_gewijzigd_op(api_a, traject_a):
    Traject.objects.filter(pk=traject_a.pk).update(
        gewijzigd_op=traject_a.gewijzigd_op - datetime.timedelta(days=3)
    )
    voor = Traject.objects.get(pk=traject_a.pk).gewijzigd_op
    assert afwezig(api_a, traject_a, 1).status_code == 201
    assert Traject.objects.get(pk=traject_a.pk).gewijzigd_op > voor
