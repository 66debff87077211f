"""Referrals not started after 30 days: the social worker and the team lead are notified
once (trajecten.services.aanmeldingen_niet_gestart_melden, run every morning by beat)."""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.utils import timezone

import pytest

from activering.constants import Rol
from activering.models import Notificatie
from clients.tests.builders import medewerker_maak, partner_maak, wereld_maak
from trajecten.constants import TrajectSoort
from trajecten.services import aanmeldingen_niet_gestart_melden, traject_aanmelden, traject_start
from trajecten.tasks import aanmeldingen_niet_gestart_melden as taak

VANDAAG = date(2026, 3, 31)


@pytest.fixture
def w(db):
    w = wereld_maak()
    w.partner = partner_maak()
    w.tl_b = medewerker_maak(gemeente=w.gemeente, team=w.team_b, rol=Rol.TEAMLEIDER)
    return w


def aanmelden(client, *, dagen: int, partner=None):
    return traject_aanmelden(
        client=client,
        soort=TrajectSoort.JOBHUNTING,
        partner=partner,
        aanmelddatum=VANDAAG - timedelta(days=dagen),
    )


def ontvangers(traject) -> set[int]:
    return set(
        Notificatie.objects.filter(tekst__contains=traject.referentie).values_list(
            "ontvanger_id", flat=True
        )
    )


def test_the_social_worker_and_the_team_lead_of_the_team_are_told_once(w):
    traject = aanmelden(w.c_a1, dagen=31, partner=w.partner)
    assert aanmeldingen_niet_gestart_melden(vandaag=VANDAAG) == 1
    assert ontvangers(traject) == {w.ma_a1.pk, w.tl_a.pk}
    notificatie = Notificatie.objects.get(ontvanger=w.ma_a1)
    assert notificatie.tekst == (
        f"Aanmelding {traject.referentie} bij JobRoad vzw van 28/02/2026 is na meer dan 30 "
        "dagen nog niet gestart."
    )
    assert notificatie.client_id == w.c_a1.pk
    assert notificatie.link == f"/clienten/{w.c_a1.pk}/"
    assert "Aerts" not in notificatie.tekst  # no client name in notifications
    # Once: the next morning nothing new.
    assert aanmeldingen_niet_gestart_melden(vandaag=VANDAAG + timedelta(days=1)) == 0
    assert Notificatie.objects.count() == 2


def test_30_days_is_not_yet_late_and_started_or_stopped_referrals_are_not_reported(w):
    op_tijd = aanmelden(w.c_a1, dagen=30)
    gestart = aanmelden(w.c_a2, dagen=40)
    traject_start(traject=gestart, startdatum=VANDAAG - timedelta(days=5))
    assert aanmeldingen_niet_gestart_melden(vandaag=VANDAAG) == 0
    assert Notificatie.objects.count() == 0
    assert aanmeldingen_niet_gestart_melden(vandaag=VANDAAG + timedelta(days=1)) == 1
    assert ontvangers(op_tijd) == {w.ma_a1.pk, w.tl_a.pk}


def test_only_staff_who_may_open_the_dossier_are_told(w):
    """Team B's lead hears nothing of team A; an unassigned client's referral goes to every
    team lead of the gemeente; another gemeente's staff never hear of it; an inactive social
    worker is skipped."""
    team_b = aanmelden(w.c_b1, dagen=45)
    geen_ma = aanmelden(w.c_geen, dagen=45)
    andere_gemeente = aanmelden(w.c_h, dagen=45)
    w.ma_b1.actief = False
    w.ma_b1.save()
    assert aanmeldingen_niet_gestart_melden(vandaag=VANDAAG) == 3
    assert ontvangers(team_b) == {w.tl_b.pk}
    assert ontvangers(geen_ma) == {w.tl_a.pk, w.tl_b.pk}
    assert ontvangers(andere_gemeente) == {w.ma_h.pk}


def test_internal_referral_text_has_no_partner(w):
    traject = aanmelden(w.c_a1, dagen=31)
    aanmeldingen_niet_gestart_melden(vandaag=VANDAAG)
    assert (
        Notificatie.objects.filter(
            tekst=f"Aanmelding {traject.referentie} van 28/02/2026 is na meer dan 30 dagen nog "
            "niet gestart."
        ).count()
        == 2
    )


def test_the_beat_schedule_runs_the_task_every_morning(settings):
    regel = settings.CELERY_BEAT_SCHEDULE["trajecten-aanmeldingen-niet-gestart"]
    assert regel["task"] == "trajecten.tasks.aanmeldingen_niet_gestart_melden"
    assert regel["schedule"].hour == {6}


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_a_real_worker_runs_the_task(transactional_db, celery_worker):
    w = wereld_maak()
    traject = traject_aanmelden(
        client=w.c_a1,
        soort=TrajectSoort.JOBHUNTING,
        aanmelddatum=timezone.localdate() - timedelta(60),
    )
    assert taak.delay().get(timeout=60) == 1
    deadline = time.monotonic() + 10
    while not ontvangers(traject) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ontvangers(traject) == {w.ma_a1.pk, w.tl_a.pk}
