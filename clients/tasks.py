"""Celery tasks of the clients app: thin wrappers around ``clients.gdpr``."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError

from celery import shared_task

from .gdpr import clients_anonimiseren_na_bewaartermijn as _anonimiseren

logger = logging.getLogger(__name__)


@shared_task(
    name="clients.tasks.clients_anonimiseren_na_bewaartermijn",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=50 * 60,
    time_limit=55 * 60,
)
def clients_anonimiseren_na_bewaartermijn(vandaag: str | None = None) -> dict:
    """Beat, monthly: anonymise every dossier whose retention term (``BEWAARTERMIJN_JAREN``)
    is over. Idempotent (an anonymised dossier is never selected again); ``vandaag`` (ISO
    date) only for tests and catch-up runs. Returns the ids (no personal data)."""
    import datetime

    dag = datetime.date.fromisoformat(vandaag) if vandaag else None
    resultaat = _anonimiseren(vandaag=dag)
    logger.info("%s dossiers anonymised after the retention term", resultaat.aantal)
    return {"aantal": resultaat.aantal, "client_ids": resultaat.client_ids}
