"""Multi-step services run in one transaction: a failure in a later step leaves nothing of
the earlier steps behind."""

from __future__ import annotations

import datetime
from unittest import mock

from django.utils import timezone

import pytest

from clients.models import Logboekitem
from clients.services import clients_toewijzen
from clients.tests.builders import partner_maak, wereld_maak
from partners.models import Melding
from partners.services import melding_create
from trajecten.models import Traject, Werkperiode
from trajecten.services import traject_aanmelden, traject_start

pytestmark = pytest.mark.xdist_group("storingen")


class Kapot(RuntimeError):
    pass


def _lopend_traject():
    w = wereld_maak()
    traject = traject_aanmelden(
        client=w.c_a1,
        soort="jobhunting",
        partner=partner_maak(),
        verwijzer=w.ma_a1,
        aanmelddatum=timezone.localdate() - datetime.timedelta(days=60),
    )
    return w, traject_start(
        traject=traject, startdatum=timezone.localdate() - datetime.timedelta(days=50)
    )


def _uitkomst_met_werk(traject, partner):
    vandaag = timezone.localdate()
    return melding_create(
        traject=traject,
        partner=partner,
        soort="uitkomst",
        datum=vandaag,
        uitkomst="werk_3m_plus",
        werk={
            "werkgever": "Bakkerij",
            "startdatum": vandaag - datetime.timedelta(days=3),
            "contracttype": "vast",
        },
    )


def _toestand(traject):
    traject.refresh_from_db()
    return (
        traject.status,
        traject.einddatum,
        Werkperiode.objects.count(),
        Melding.objects.count(),
        Logboekitem.objects.count(),
    )


@pytest.mark.parametrize(
    "stap",
    [
        # step 2 (after the werkperiode was created): closing the traject fails
        "partners.services.traject_afsluiten",
        # the last steps (after the werkperiode and the closing): the logbook entry fails
        "partners.services.Logboekitem.objects.create",
        # the very last step: the notification of the social worker fails
        "partners.services.notificatie_create",
    ],
)
def test_partner_outcome_report_is_all_or_nothing(db, stap):
    _w, traject = _lopend_traject()
    voor = _toestand(traject)
    echte = None
    if stap.endswith("traject_afsluiten"):
        from trajecten.services import traject_afsluiten as echte

    def eerst_doen_dan_falen(*args, **kwargs):
        if echte is not None:
            echte(*args, **kwargs)  # the step's own writes happen, then it fails
        raise Kapot

    with mock.patch(stap, side_effect=eerst_doen_dan_falen), pytest.raises(Kapot):
        _uitkomst_met_werk(traject, traject.partner)
    assert _toestand(traject) == voor == ("lopend", None, 0, 0, 0)

    melding = _uitkomst_met_werk(traject, traject.partner)  # and without the fault it works
    assert _toestand(traject)[:3] == ("afgerond", timezone.localdate(), 1)
    assert melding.werkperiode is not None


def test_reassignment_is_all_or_nothing(db):
    w = wereld_maak()
    with (
        mock.patch("clients.services.notificatie_create", side_effect=Kapot),
        pytest.raises(Kapot),
    ):
        clients_toewijzen(client_ids=[w.c_a1.pk], naar=w.ma_a2, reden="verlof", door=w.tl_a)
    w.c_a1.refresh_from_db()
    assert w.c_a1.maatschappelijk_assistent_id == w.ma_a1.pk
    from activering.models import AuditEvent

    assert not AuditEvent.objects.filter(actie="client_toegewezen").exists()


def test_traject_close_failing_after_its_update_leaves_it_open(db):
    """``traject_afsluiten`` itself: the partner notification (after the UPDATE) fails."""
    from trajecten.services import traject_afsluiten

    _w, traject = _lopend_traject()
    with (
        mock.patch("trajecten.services._partner_melden", side_effect=Kapot),
        pytest.raises(Kapot),
    ):
        traject_afsluiten(traject=traject, einddatum=timezone.localdate(), uitkomst="opleiding")
    assert Traject.objects.get(pk=traject.pk).status == "lopend"
