"""The Celery tasks, run by a real worker process on the test database."""

from __future__ import annotations

import time
from datetime import date

from django.utils import timezone

import pytest

from rapportering.indicatoren import maand_einde
from rapportering.models import IndicatorSnapshot
from rapportering.selectors import indicatoren_maand, indicatoren_maand_opgeslagen
from rapportering.tasks import bereken_indicatoren_huidige_maand, bereken_indicatoren_reeks

from .builders import ll, maak_client, werk

pytestmark = [pytest.mark.celery, pytest.mark.xdist_group("celery")]


@pytest.fixture
def gegevens(transactional_db):
    from activering.models import Gemeente

    gemeente = Gemeente.objects.create(nis_code="12025", naam="Mechelen")
    client = maak_client(gemeente)
    ll(client, date(2023, 6, 1))
    werk(client, date(2024, 1, 1), date(2024, 6, 30))
    ll(maak_client(gemeente), date(2024, 2, 1), date(2024, 2, 20))
    return gemeente


def test_range_task_stores_the_same_numbers_as_a_fresh_computation(gegevens, celery_worker):
    resultaat = bereken_indicatoren_reeks.delay("12025", "2024-01", "2024-08", "2025-06-30")
    samenvatting = resultaat.get(timeout=60)
    assert samenvatting["maanden"] == 8
    assert samenvatting["percentage"] == 100
    maanden = set(
        IndicatorSnapshot.objects.filter(gemeente=gegevens, indicator="leefloon_maand").values_list(
            "maand", flat=True
        )
    )
    assert maanden == {date(2024, m, 1) for m in range(1, 9)}
    for m in (1, 2, 3, 8):
        assert indicatoren_maand_opgeslagen(
            gemeente=gegevens, maand=date(2024, m, 1)
        ) == indicatoren_maand(
            gemeente=gegevens, maand=date(2024, m, 1), peildatum=date(2025, 6, 30)
        )
    assert (
        indicatoren_maand_opgeslagen(gemeente=gegevens, maand=date(2024, 3, 1))["indicatoren"][
            "duurzame_uitstroom_maand"
        ]
        == 1
    )

    # Running it again changes nothing but the computation time.
    aantal = IndicatorSnapshot.objects.count()
    bereken_indicatoren_reeks.delay("12025", "2024-01", "2024-08", "2025-06-30").get(timeout=60)
    assert IndicatorSnapshot.objects.count() == aantal


def test_nightly_beat_task_stores_the_running_month_of_every_gemeente(gegevens, celery_worker):
    assert bereken_indicatoren_huidige_maand.delay().get(timeout=30) == 1
    deze_maand = timezone.localdate().replace(day=1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rijen = IndicatorSnapshot.objects.filter(gemeente=gegevens, maand=deze_maand, dimensie="")
        if rijen.exists():
            break
        time.sleep(0.5)
    opgeslagen = indicatoren_maand_opgeslagen(gemeente=gegevens, maand=deze_maand)
    assert opgeslagen is not None
    assert opgeslagen["indicatoren"]["leefloon_maand"] == 1
    loopt_nog = timezone.localdate() < maand_einde(deze_maand)
    assert IndicatorSnapshot.objects.filter(maand=deze_maand, voorlopig=loopt_nog).exists()
