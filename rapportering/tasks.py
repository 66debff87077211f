"""Celery tasks of the reporting app: thin wrappers around ``rapportering.services``.

Tasks take NIS codes and ISO strings (never model instances), are idempotent (a snapshot is
upserted) and retry with backoff when another run holds the gemeente's lock or the database
hiccups. The beat schedule (settings ``CELERY_BEAT_SCHEDULE``) stores the previous month on
the 1st of every month, and the current month and the LAP figures every night. The dashboard's
"herbereken" button runs ``herbereken_dashboard``; exports are built by ``maak_export``."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import InterfaceError, OperationalError
from django.utils import timezone

from celery import shared_task
from dateutil.relativedelta import relativedelta

from activering.models import Gemeente

from . import services
from .services import (
    BerekeningBezig,
    export_maak,
    indicatoren_bereken_reeks,
    indicatoren_dashboard_bereken,
    indicatoren_jaar_bereken,
    lap_bereken,
)

logger = logging.getLogger(__name__)

_RETRY = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (BerekeningBezig, OperationalError, InterfaceError),
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


def _maand(tekst: str) -> date:
    return date.fromisoformat(f"{tekst}-01")


def _peildatum(tekst: str | None) -> date:
    return date.fromisoformat(tekst) if tekst else timezone.localdate()


def _maanden(van: date, tot: date) -> list[date]:
    maanden, maand = [], van
    while maand <= tot:
        maanden.append(maand)
        maand += relativedelta(months=1)
    return maanden


@shared_task(**_RETRY, soft_time_limit=10 * 60, time_limit=11 * 60)
def bereken_indicatoren_maand(
    self, gemeente_nis: str, maand: str, peildatum: str | None = None
) -> dict:
    """Compute and store one month (``YYYY-MM``) of one gemeente."""
    gemeente = Gemeente.objects.get(nis_code=gemeente_nis)
    p = _peildatum(peildatum)
    indicatoren_bereken_reeks(
        gemeente=gemeente, maanden=[_maand(maand)], peildatum=p, wachten=False
    )
    return {"gemeente": gemeente_nis, "maand": maand, "peildatum": p.isoformat()}


@shared_task(**_RETRY, soft_time_limit=50 * 60, time_limit=55 * 60)
def bereken_indicatoren_reeks(
    self, gemeente_nis: str, van: str, tot: str, peildatum: str | None = None
) -> dict:
    """Compute and store every month from ``van`` to ``tot`` (``YYYY-MM``, both included),
    reporting progress as ``PROGRESS`` with ``{"percentage": …}``."""
    gemeente = Gemeente.objects.get(nis_code=gemeente_nis)
    p = _peildatum(peildatum)
    maanden = _maanden(_maand(van), _maand(tot))

    def voortgang(klaar: int, totaal: int) -> None:
        self.update_state(
            state="PROGRESS",
            meta={"percentage": round(100 * klaar / totaal), "klaar": klaar, "totaal": totaal},
        )

    indicatoren_bereken_reeks(
        gemeente=gemeente, maanden=maanden, peildatum=p, wachten=False, voortgang=voortgang
    )
    return {
        "gemeente": gemeente_nis,
        "van": van,
        "tot": tot,
        "peildatum": p.isoformat(),
        "maanden": len(maanden),
        "percentage": 100,
    }


@shared_task(**_RETRY, soft_time_limit=10 * 60, time_limit=11 * 60)
def bereken_indicatoren_jaar(self, gemeente_nis: str, jaar: int, peildatum: str | None = None):
    """Compute and store the yearly indicators and partner results of one gemeente."""
    gemeente = Gemeente.objects.get(nis_code=gemeente_nis)
    p = _peildatum(peildatum)
    indicatoren_jaar_bereken(gemeente=gemeente, jaar=int(jaar), peildatum=p, wachten=False)
    return {"gemeente": gemeente_nis, "jaar": int(jaar), "peildatum": p.isoformat()}


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def bereken_indicatoren_vorige_maand() -> int:
    """Beat, 1st of the month: store last month (final figures) and last month's year for
    every gemeente. One task per gemeente; returns how many were queued."""
    vandaag = timezone.localdate()
    vorige = (vandaag.replace(day=1) - timedelta(days=1)).replace(day=1)
    peildatum = vandaag.isoformat()
    nis_codes = list(Gemeente.objects.values_list("nis_code", flat=True))
    for nis in nis_codes:
        bereken_indicatoren_maand.delay(nis, vorige.strftime("%Y-%m"), peildatum)
        bereken_indicatoren_jaar.delay(nis, vorige.year, peildatum)
    logger.info("indicatoren vorige maand ingepland voor %s gemeenten", len(nis_codes))
    return len(nis_codes)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def bereken_indicatoren_huidige_maand() -> int:
    """Beat, nightly: store the running month (provisional figures) for every gemeente."""
    vandaag = timezone.localdate()
    nis_codes = list(Gemeente.objects.values_list("nis_code", flat=True))
    for nis in nis_codes:
        bereken_indicatoren_maand.delay(nis, vandaag.strftime("%Y-%m"), vandaag.isoformat())
        bereken_lap.delay(nis, vandaag.isoformat())
    logger.info("indicatoren huidige maand ingepland voor %s gemeenten", len(nis_codes))
    return len(nis_codes)


@shared_task(**_RETRY, soft_time_limit=50 * 60, time_limit=55 * 60)
def herbereken_dashboard(
    self, gemeente_nis: str, van: str, tot: str, peildatum: str | None = None
) -> dict:
    """The dashboard's "herbereken" button: months ``van``–``tot`` (``YYYY-MM``), the years
    they touch and the LAP agreements, reporting ``PROGRESS`` with ``{"percentage": …}``."""
    gemeente = Gemeente.objects.get(nis_code=gemeente_nis)

    def voortgang(klaar: int, totaal: int) -> None:
        self.update_state(
            state="PROGRESS",
            meta={"percentage": round(100 * klaar / totaal), "klaar": klaar, "totaal": totaal},
        )

    samenvatting = indicatoren_dashboard_bereken(
        gemeente=gemeente,
        van=_maand(van),
        tot=_maand(tot),
        peildatum=_peildatum(peildatum),
        voortgang=voortgang,
    )
    return {**samenvatting, "percentage": 100}


@shared_task(**_RETRY, soft_time_limit=10 * 60, time_limit=11 * 60)
def bereken_lap(self, gemeente_nis: str, peildatum: str | None = None) -> dict:
    """Compute and store the LAP figures (section 4.1) of one gemeente."""
    gemeente = Gemeente.objects.get(nis_code=gemeente_nis)
    p = _peildatum(peildatum)
    lap_bereken(gemeente=gemeente, peildatum=p, wachten=False)
    return {"gemeente": gemeente_nis, "peildatum": p.isoformat()}


@shared_task(
    acks_late=True, reject_on_worker_lost=True, soft_time_limit=15 * 60, time_limit=16 * 60
)
def maak_export(export_id: int) -> dict:
    """Build the file of one export (a dashboard table or the council report)."""
    export = export_maak(export_id=export_id)
    return {"export": export.pk, "status": export.status}


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def exports_opruimen() -> int:
    """Beat, nightly: delete exports older than ``EXPORT_BEWAARDAGEN`` days."""
    return services.exports_opruimen()
