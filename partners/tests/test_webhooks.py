"""Webhooks to partners: address rules, signature, queueing after commit, and delivery with
retries by a real Celery worker to a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

import pytest
from kombu.exceptions import OperationalError

from activering.models import AuditEvent
from partners import webhooks
from partners.models import PartnerWebhook, WebhookAflevering
from partners.services import webhook_create, webhook_set_actief
from partners.tasks import webhook_afleveren
from trajecten.constants import TrajectSoort, TrajectStatus, Uitkomst
from trajecten.services import traject_aanmelden, traject_afsluiten, traject_start

from .conftest import dagen_geleden, maak_traject

# --- Address rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://partner.example/hook",
        "ftp://partner.example/hook",
        "https://user:pw@partner.example/hook",
        "geen adres",
        "",
        "http://127.0.0.1:9000/hook",  # the localhost exception is off by default
    ],
)
def test_only_https_addresses_are_accepted(url):
    with pytest.raises(ValidationError) as exc:
        webhooks.url_controleren(url)
    assert "url" in exc.value.message_dict


def test_https_address_is_accepted():
    assert webhooks.url_controleren(" https://partner.example/hook ") == (
        "https://partner.example/hook"
    )


@override_settings(PARTNER_WEBHOOK_ALLOW_HTTP_LOCALHOST=True)
def test_http_is_allowed_only_to_localhost_when_the_setting_is_on():
    assert webhooks.url_controleren("http://127.0.0.1:9000/hook")
    assert webhooks.url_controleren("http://localhost:9000/hook")
    with pytest.raises(ValidationError):
        webhooks.url_controleren("http://partner.example/hook")


def test_webhook_create_refuses_http_and_stores_nothing(partner_a):
    with pytest.raises(ValidationError) as exc:
        webhook_create(partner=partner_a, url="http://partner.example/hook")
    assert "https://" in exc.value.message_dict["url"][0]
    assert not PartnerWebhook.objects.exists()


def test_webhook_create_makes_a_secret_and_is_audited_without_it(partner_a):
    webhook = webhook_create(partner=partner_a, url="https://partner.example/hook")
    assert len(webhook.secret) == 64
    event = AuditEvent.objects.get(actie="partner.webhook_aangemaakt")
    assert event.object_id == str(webhook.pk)
    assert webhook.secret not in json.dumps(event.details)


# --- Signature -------------------------------------------------------------------------------


def test_signature_covers_timestamp_and_body():
    body = b'{"event":"traject.gewijzigd"}'
    nu = time.time()
    tijdstip = str(int(nu))
    handtekening = webhooks.handtekening(secret="s3cr3t", tijdstip=tijdstip, body=body)
    assert handtekening.startswith("sha256=") and len(handtekening) == 7 + 64
    geldig = {"secret": "s3cr3t", "tijdstip": tijdstip, "ontvangen": handtekening, "nu": nu}
    assert webhooks.handtekening_geldig(body=body, **geldig)
    # Another body, another secret, an old (replayed) or a forged timestamp: refused.
    assert not webhooks.handtekening_geldig(body=body + b" ", **geldig)
    assert not webhooks.handtekening_geldig(body=body, **(geldig | {"secret": "ander"}))
    assert not webhooks.handtekening_geldig(body=body, **(geldig | {"nu": nu + 301}))
    assert not webhooks.handtekening_geldig(body=body, **(geldig | {"tijdstip": str(int(nu) + 1)}))


# --- Queueing after commit -------------------------------------------------------------------


@pytest.fixture
def webhook_a(partner_a):
    return webhook_create(partner=partner_a, url="https://partner.example/hook")


def test_an_event_is_queued_only_after_commit(
    webhook_a, client_a, partner_a, django_capture_on_commit_callbacks, monkeypatch
):
    verstuurd = []
    monkeypatch.setattr(
        webhook_afleveren, "apply_async", lambda **kwargs: verstuurd.append(kwargs["kwargs"])
    )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        traject_aanmelden(client=client_a, soort=TrajectSoort.JOBHUNTING, partner=partner_a)
        raise RuntimeError("rollback")
    assert verstuurd == []

    with django_capture_on_commit_callbacks(execute=True):
        traject = traject_aanmelden(
            client=client_a,
            soort=TrajectSoort.JOBHUNTING,
            partner=partner_a,
            aanmelddatum=dagen_geleden(10),
        )
    with django_capture_on_commit_callbacks(execute=True):
        traject_start(traject=traject, startdatum=dagen_geleden(5))
    with django_capture_on_commit_callbacks(execute=True):
        traject_afsluiten(traject=traject, einddatum=dagen_geleden(1), uitkomst=Uitkomst.OPLEIDING)

    assert [k["event"] for k in verstuurd] == [
        "traject.aangemeld",
        "traject.gewijzigd",
        "traject.gewijzigd",
    ]
    assert {k["webhook_id"] for k in verstuurd} == {webhook_a.pk}
    laatste = json.loads(verstuurd[-1]["body"])
    assert laatste["traject"]["id"] == str(traject.uuid)
    assert laatste["traject"]["status"] == TrajectStatus.AFGEROND
    assert laatste["traject"]["uitkomst"] == Uitkomst.OPLEIDING
    assert laatste["traject"]["einddatum"] == dagen_geleden(1).isoformat()
    # No personal data in the payload: the partner fetches the traject through the API.
    tekst = json.dumps(laatste)
    assert client_a.voornaam not in tekst and client_a.rijksregisternummer not in tekst
    assert "deelnemer" not in laatste["traject"]


def test_inactive_webhooks_and_trajecten_without_partner_get_nothing(
    webhook_a, client_a, django_capture_on_commit_callbacks, monkeypatch
):
    verstuurd = []
    monkeypatch.setattr(webhook_afleveren, "apply_async", lambda **kw: verstuurd.append(kw))
    webhook_set_actief(webhook=webhook_a, actief=False)
    with django_capture_on_commit_callbacks(execute=True):
        maak_traject(client_a, webhook_a.partner)
        traject_aanmelden(client=client_a, soort=TrajectSoort.OPLEIDING, partner=None)
    assert verstuurd == []


def test_a_broker_that_is_down_never_breaks_the_social_workers_action(
    webhook_a, client_a, partner_a, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_plat(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(webhook_afleveren, "apply_async", broker_plat)
    with django_capture_on_commit_callbacks(execute=True):
        traject = traject_aanmelden(
            client=client_a, soort=TrajectSoort.JOBHUNTING, partner=partner_a
        )
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.AANGEMELD
    aflevering = WebhookAflevering.objects.get()
    assert aflevering.poging == 0
    assert aflevering.afgeleverd_op is None
    assert "OperationalError" in aflevering.fout
    assert aflevering.traject_id == traject.pk


# --- Delivery with retries on a real worker ----------------------------------------------------


class Ontvanger:
    """A tiny HTTP receiver on 127.0.0.1: answers 500 to the first POST, 204 afterwards."""

    def __init__(self, fouten: int = 1):
        self.verzoeken: list[tuple[dict, bytes]] = []
        self.fouten = fouten
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                lengte = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(lengte)
                ontvanger.verzoeken.append((dict(self.headers.items()), body))
                self.send_response(500 if len(ontvanger.verzoeken) <= ontvanger.fouten else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/activering"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _wacht_tot(voorwaarde, timeout: float = 30.0):
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
@override_settings(
    PARTNER_WEBHOOK_ALLOW_HTTP_LOCALHOST=True,
    PARTNER_WEBHOOK_BACKOFF_S=0.3,
    PARTNER_WEBHOOK_MAX_POGINGEN=4,
)
def test_a_failed_delivery_is_retried_signed_and_every_attempt_recorded(
    transactional_db, celery_worker, partner_a, client_a
):
    with Ontvanger(fouten=1) as ontvanger:
        webhook = webhook_create(partner=partner_a, url=ontvanger.url)
        traject = traject_aanmelden(
            client=client_a,
            soort=TrajectSoort.JOBHUNTING,
            partner=partner_a,
            aanmelddatum=dagen_geleden(3),
        )
        _wacht_tot(lambda: WebhookAflevering.objects.filter(afgeleverd_op__isnull=False).exists())

    assert len(ontvanger.verzoeken) == 2
    for headers, body in ontvanger.verzoeken:
        assert webhooks.handtekening_geldig(
            secret=webhook.secret,
            tijdstip=headers[webhooks.TIJDSTIP_HEADER],
            ontvangen=headers[webhooks.HANDTEKENING_HEADER],
            body=body,
        )
        assert not webhooks.handtekening_geldig(
            secret="een ander geheim",
            tijdstip=headers[webhooks.TIJDSTIP_HEADER],
            ontvangen=headers[webhooks.HANDTEKENING_HEADER],
            body=body,
        )
        assert headers["Content-Type"] == "application/json"
        assert headers[webhooks.EVENT_HEADER] == "traject.aangemeld"
    # The retry carries the same event (same id and body), so the receiver can deduplicate.
    (h1, b1), (h2, b2) = ontvanger.verzoeken
    assert b1 == b2
    assert h1[webhooks.EVENT_ID_HEADER] == h2[webhooks.EVENT_ID_HEADER]
    payload = json.loads(b2)
    assert payload["event_id"] == h2[webhooks.EVENT_ID_HEADER]
    assert payload["traject"]["id"] == str(traject.uuid)
    assert payload["traject"]["status"] == "aangemeld"

    pogingen = list(WebhookAflevering.objects.filter(webhook=webhook).order_by("poging"))
    assert [(p.poging, p.status_code) for p in pogingen] == [(1, 500), (2, 204)]
    eerste, tweede = pogingen
    assert eerste.afgeleverd_op is None and "500" in eerste.fout
    assert tweede.afgeleverd_op is not None and tweede.fout == ""
    assert eerste.event_id == tweede.event_id
    assert eerste.traject_id == tweede.traject_id == traject.pk
    # Exponential backoff: the retry waited at least the (test) base delay.
    assert tweede.aangemaakt_op - eerste.aangemaakt_op >= datetime.timedelta(seconds=0.25)
