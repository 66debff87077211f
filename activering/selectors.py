"""Reads about the organisation and the system's own health."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from activering.models import Notificatie

HEARTBEAT_KEY = "celery:worker-heartbeat"


def health_status() -> dict:
    """Check PostgreSQL, Redis and the age of the last Celery worker heartbeat."""
    checks: dict[str, dict] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["postgresql"] = {"ok": True}
    except Exception as exc:
        checks["postgresql"] = {"ok": False, "fout": exc.__class__.__name__}
    heartbeat = None
    try:
        # A ping of its own: the cache is fault tolerant and would hide an outage.
        from activering.achtergrond import redis_ping

        redis_ping(settings.REDIS_URL)
        heartbeat = cache.get(HEARTBEAT_KEY)
        checks["redis"] = {"ok": True}
    except Exception as exc:
        checks["redis"] = {"ok": False, "fout": exc.__class__.__name__}
    if heartbeat is None:
        checks["worker"] = {"ok": False, "laatste_hartslag": None}
    else:
        age = (timezone.now() - heartbeat).total_seconds()
        checks["worker"] = {
            "ok": age <= settings.WORKER_HEARTBEAT_MAX_AGE,
            "laatste_hartslag": heartbeat.isoformat(),
        }
    return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}


def notificatie_list(*, medewerker) -> QuerySet[Notificatie]:
    """The notifications addressed to ``medewerker`` (never anyone else's), unread first."""
    return Notificatie.objects.filter(ontvanger=medewerker).order_by(
        F("gelezen_op").desc(nulls_first=True), "-aangemaakt_op", "-id"
    )


def notificatie_ongelezen_aantal(*, medewerker) -> int:
    return Notificatie.objects.filter(ontvanger=medewerker, gelezen_op__isnull=True).count()
