"""Background jobs of the partners app; thin wrappers around services, named after them."""

from celery import shared_task

from . import services


@shared_task(name="partners.idempotent_verzoek_cleanup", ignore_result=False)
def idempotent_verzoek_cleanup() -> int:
    """Forget Idempotency-Keys older than the retention (≥ 24 h). Schedule daily in beat."""
    return services.idempotent_verzoek_cleanup()


@shared_task(
    bind=True,
    name="partners.webhook_afleveren",
    acks_late=True,
    time_limit=60,
    soft_time_limit=45,
    max_retries=None,
    ignore_result=True,
)
def webhook_afleveren(
    self,
    *,
    webhook_id: int,
    event_id: str,
    event: str,
    traject_id: int | None,
    body: str,
    backoff_s: float = 30,
    max_pogingen: int = 8,
) -> bool:
    """Deliver one webhook event; on failure retry with exponential backoff
    (``backoff_s`` × 2^n) up to ``max_pogingen`` attempts. Every attempt is recorded."""
    poging = self.request.retries + 1
    uitslag = services.webhook_aflevering_poging(
        webhook_id=webhook_id,
        event_id=event_id,
        event=event,
        traject_id=traject_id,
        body=body,
        poging=poging,
    )
    if uitslag.geslaagd or not uitslag.opnieuw_proberen or poging >= max_pogingen:
        return uitslag.geslaagd
    raise self.retry(countdown=backoff_s * 2 ** (poging - 1), max_retries=max_pogingen - 1)
