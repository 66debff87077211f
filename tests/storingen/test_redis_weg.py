"""With Redis down the web application keeps serving dossiers (sessions are in PostgreSQL,
the cache degrades, enqueueing is caught), tells staff that background work waits, and
/health/ reports Redis as down. Uses a dedicated Redis that the test stops."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

import pytest

from activering.achtergrond import vergeet_status
from clients.models import Logboekitem
from clients.tests.builders import wereld_maak

pytestmark = pytest.mark.xdist_group("storingen")

WACHTEN = "Achtergrondtaken wachten"


@pytest.fixture
def op_eigen_redis(settings, eigen_redis):
    settings.REDIS_URL = eigen_redis.url
    settings.CELERY_BROKER_URL = eigen_redis.broker_url
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": eigen_redis.url,
            "KEY_PREFIX": "storingen",
        }
    }
    vergeet_status()
    yield eigen_redis
    vergeet_status()


def test_dossiers_work_without_redis_and_staff_are_told_background_work_waits(
    db, client, op_eigen_redis
):
    w = wereld_maak()
    client.force_login(w.ma_a1.user)
    dossier = reverse("clients:dossier", args=[w.c_a1.pk])
    antwoord = client.get(dossier)
    assert antwoord.status_code == 200
    assert WACHTEN not in antwoord.content.decode()

    op_eigen_redis.stop()
    vergeet_status()

    antwoord = client.get(dossier)
    assert antwoord.status_code == 200
    assert WACHTEN in antwoord.content.decode()

    notitie = client.post(
        reverse("clients:logboek_toevoegen", args=[w.c_a1.pk]),
        {
            "logboek-datum": timezone.localdate().isoformat(),
            "logboek-soort": "gesprek",
            "logboek-tekst": "Gesprek terwijl Redis plat ligt",
        },
    )
    assert notitie.status_code == 302
    assert Logboekitem.objects.filter(client=w.c_a1, tekst__startswith="Gesprek terwijl").exists()
    assert client.get(notitie["Location"]).status_code == 200

    gezondheid = client.get("/health/")
    assert gezondheid.status_code == 503
    checks = gezondheid.json()["checks"]
    assert checks["redis"]["ok"] is False
    assert checks["postgresql"]["ok"] is True

    # The cache degrades instead of raising (the partner API throttle and the import
    # progress read it on ordinary requests).
    from django.core.cache import cache

    assert cache.get("iets", "standaard") == "standaard"
    cache.set("iets", 1)

    # Back up: the warning disappears.
    op_eigen_redis.start()
    vergeet_status()
    assert WACHTEN not in client.get(dossier).content.decode()
