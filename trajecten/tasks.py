"""Celery tasks of the trajecten app: thin wrappers around ``trajecten.services``."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

from celery import shared_task

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    max_retries=5,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def aanmeldingen_niet_gestart_melden() -> int:
    """Beat, every morning: notify about referrals not started after 30 days (idempotent:
    a traject is reported once)."""
    return services.aanmeldingen_niet_gestart_melden()
