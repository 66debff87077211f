from django.core.cache import cache
from django.utils import timezone

from celery import shared_task

from activering.selectors import HEARTBEAT_KEY
from activering.uitwisseling.tasks import importopdracht_uitvoeren  # noqa: F401 (registers it)


@shared_task(ignore_result=True)
def worker_heartbeat() -> None:
    """Beat sends this every 30 s; /health/ reads the timestamp the worker writes."""
    cache.set(HEARTBEAT_KEY, timezone.now(), timeout=None)
