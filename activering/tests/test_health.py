import time

from django.core.cache import cache

import pytest

from activering.selectors import HEARTBEAT_KEY
from activering.tasks import worker_heartbeat


@pytest.mark.django_db
def test_health_reports_worker_down_without_heartbeat(client):
    cache.delete(HEARTBEAT_KEY)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["postgresql"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_health_is_ok_after_a_real_worker_ran_the_heartbeat(
    transactional_db, celery_worker, client
):
    cache.delete(HEARTBEAT_KEY)
    worker_heartbeat.delay()  # ignore_result: the worker's only trace is the heartbeat itself
    deadline = time.monotonic() + 30
    while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    response = client.get("/health/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True
