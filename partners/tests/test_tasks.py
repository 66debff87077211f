"""The idempotency-key cleanup runs on a real Celery worker."""

import datetime

from django.utils import timezone

import pytest

from partners.constants import VerzoekStatus
from partners.models import IdempotentVerzoek, Partner
from partners.tasks import idempotent_verzoek_cleanup


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_cleanup_task_deletes_only_expired_keys(transactional_db, celery_worker):
    partner = Partner.objects.create(code="P1", naam="P1", soort="andere")
    for sleutel, uren in (("oud", 72), ("jong", 2)):
        IdempotentVerzoek.objects.create(
            partner=partner,
            sleutel=sleutel,
            verzoek_hash="h",
            status=VerzoekStatus.KLAAR,
            aangemaakt_op=timezone.now() - datetime.timedelta(hours=uren),
        )
    assert idempotent_verzoek_cleanup.delay().get(timeout=30) == 1
    assert list(IdempotentVerzoek.objects.values_list("sleutel", flat=True)) == ["jong"]
