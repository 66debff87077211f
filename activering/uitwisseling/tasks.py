"""Celery job of the browser import: runs an ``Importopdracht`` (see ``opdrachten``).

Registered through ``activering.tasks`` (Celery autodiscovers the apps' ``tasks`` modules)."""

from django.conf import settings

from celery import shared_task

from .opdrachten import importopdracht_uitvoeren as _uitvoeren


@shared_task(
    name="activering.uitwisseling.importopdracht_uitvoeren",
    acks_late=True,
    ignore_result=True,
    time_limit=settings.IMPORT_TIME_LIMIT,
    soft_time_limit=max(settings.IMPORT_TIME_LIMIT - 60, settings.IMPORT_TIME_LIMIT // 2),
)
def importopdracht_uitvoeren(opdracht_id: int) -> None:
    """Acknowledged only after the run, so a job lost with its worker is delivered again;
    a finished opdracht is never run twice (``importopdracht_uitvoeren`` claims it)."""
    _uitvoeren(opdracht_id=opdracht_id)
