"""Retention term and anonymisation: which dossiers are due, that no personal data survives,
that everything the indicators use does (indicators over past months stay EXACTLY the same),
that it is all-or-nothing and audited, and that the scheduled task runs on a real worker."""

from __future__ import annotations

import datetime
import io
import json
import time
from datetime import date
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

import pytest
from dateutil.relativedelta import relativedelta

from activering.models import AuditEvent, Gemeente
from clients import gdpr
from clients.models import Client, Document, Logboekitem, Taak, Uitkeringsperiode
from clients.tests.builders import client_maak, leefloon_maak
from conftest import VOORBEELD
from trajecten.models import Traject, Werkperiode
from trajecten.services import traject_aanmelden

from .conftest import GEHEIMEN, dagen_geleden, volledig_dossier

VANDAAG = timezone.localdate()
#: "Today" eleven years on: the full dossier (closed ~1 month ago) is then past a 10-year term.
LATER = VANDAAG + relativedelta(years=11)


def _alle_teksten() -> str:
    """Every text and JSON value in every table of the database, as one string."""
    delen = []
    for model in apps.get_models():
        velden = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            or f.get_internal_type() == "ArrayField"
        ]
        if velden:
            delen += [json.dumps(rij, default=str) for rij in model.objects.values_list(*velden)]
    return "\n".join(delen)


# --- which dossiers are due -------------------------------------------------------------------


def test_a_closed_dossier_is_due_only_after_the_term(w):
    dossier = volledig_dossier(w)
    einde = Client.objects.filter(pk=dossier.client.pk)
    laatste = gdpr.clients_met_laatste_activiteit(einde).get().laatste_activiteit
    # The latest domain fact: the document uploaded today (the benefit period ended 30 days
    # ago, the work spell 35).
    assert laatste == VANDAAG
    Document.objects.filter(client=dossier.client).delete()
    laatste = gdpr.clients_met_laatste_activiteit(einde).get().laatste_activiteit
    assert laatste == dagen_geleden(30)
    net_niet = laatste + relativedelta(years=10)
    assert not gdpr.clients_voor_anonimisering(vandaag=net_niet, jaren=10).filter(
        pk=dossier.client.pk
    )
    assert gdpr.clients_voor_anonimisering(
        vandaag=net_niet + datetime.timedelta(days=1), jaren=10
    ).filter(pk=dossier.client.pk)


@pytest.mark.parametrize(
    "open_ding", ["leefloon_zonder_einde", "leefloon_eindigt_later", "traject_aangemeld"]
)
def test_something_open_keeps_the_dossier(w, open_ding):
    c = client_maak(gemeente=w.gemeente, ma=w.ma_a1, afgesloten_op=date(2001, 1, 1))
    if open_ding == "leefloon_zonder_einde":
        leefloon_maak(client=c, startdatum=date(2000, 1, 1))
    elif open_ding == "leefloon_eindigt_later":
        leefloon_maak(client=c, startdatum=date(2000, 1, 1), einddatum=LATER)
    else:
        traject_aanmelden(client=c, soort="jobhunting", aanmelddatum=date(2000, 5, 1))
    assert not gdpr.clients_voor_anonimisering(vandaag=LATER, jaren=10).filter(pk=c.pk)
    assert gdpr.client_anonimiseren(client_id=c.pk, vandaag=LATER, jaren=10) is False


def test_the_term_runs_from_the_last_fact_even_after_closing(w):
    c = client_maak(gemeente=w.gemeente, ma=w.ma_a1, afgesloten_op=date(2005, 1, 1))
    leefloon_maak(client=c, startdatum=date(2003, 1, 1), einddatum=date(2004, 12, 31))
    Logboekitem.objects.create(client=c, datum=date(2012, 3, 1), soort="gesprek", tekst="x")
    assert not gdpr.clients_voor_anonimisering(vandaag=date(2022, 3, 1), jaren=10).filter(pk=c.pk)
    assert gdpr.clients_voor_anonimisering(vandaag=date(2022, 3, 2), jaren=10).filter(pk=c.pk)


def test_a_dossier_without_any_fact_counts_from_its_creation(w):
    c = client_maak(gemeente=w.gemeente, ma=w.ma_a1)
    aangemaakt = timezone.localtime(c.aangemaakt_op).date()
    assert not gdpr.clients_voor_anonimisering(vandaag=aangemaakt, jaren=1).filter(pk=c.pk)
    assert gdpr.clients_voor_anonimisering(
        vandaag=aangemaakt + relativedelta(years=1, days=2), jaren=1
    ).filter(pk=c.pk)


def test_the_default_term_comes_from_the_setting(w, settings):
    c = client_maak(gemeente=w.gemeente, ma=w.ma_a1, afgesloten_op=date(2010, 6, 1))
    settings.BEWAARTERMIJN_JAREN = 10
    assert gdpr.clients_voor_anonimisering(vandaag=date(2020, 6, 2)).filter(pk=c.pk)
    settings.BEWAARTERMIJN_JAREN = 30
    assert not gdpr.clients_voor_anonimisering(vandaag=date(2020, 6, 2)).filter(pk=c.pk)


# --- what anonymisation does --------------------------------------------------------------------


def test_anonymisation_removes_every_personal_detail_and_keeps_the_facts(
    w, django_capture_on_commit_callbacks
):
    dossier = volledig_dossier(w)
    c = dossier.client
    pad = dossier.document.bestand.path
    pseudoniem = c.pseudoniem
    voor = {
        "perioden": list(Uitkeringsperiode.objects.filter(client=c).values()),
        "trajecten": list(
            Traject.objects.filter(client=c).values(
                "pk",
                "referentie",
                "soort",
                "partner",
                "status",
                "startdatum",
                "einddatum",
                "uitkomst",
                "aanmelddatum",
                "verwijzer",
            )
        ),
        "werk": list(
            Werkperiode.objects.filter(client=c).values(
                "pk", "startdatum", "einddatum", "contracttype", "uren_per_week", "bron_partner"
            )
        ),
        "logboek": list(Logboekitem.objects.filter(client=c).values_list("pk", "datum", "soort")),
        "taken": list(Taak.objects.filter(client=c).values_list("pk", "vervaldatum")),
    }
    ander = client_maak(gemeente=w.gemeente, ma=w.ma_a2, voornaam="Blijft", achternaam="Staan")
    leefloon_maak(client=ander, startdatum=date(2001, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        resultaat = gdpr.clients_anonimiseren_na_bewaartermijn(vandaag=LATER, jaren=10)
    # The full dossier, and the world's dossiers without any fact (created today); not the
    # one with a running benefit.
    assert c.pk in resultaat.client_ids
    assert ander.pk not in resultaat.client_ids

    teksten = _alle_teksten()
    for naam, geheim in GEHEIMEN.items():
        assert geheim not in teksten, naam
    assert "85073003328" not in teksten
    c.refresh_from_db()
    assert c.referentie == f"ANON-{c.pk}"
    assert (c.rijksregisternummer, c.telefoon, c.email, c.straat, c.postcode, c.drempels) == (
        None,
        "",
        "",
        "",
        "",
        [],
    )
    assert c.geboortedatum == date(1985, 1, 1)
    assert (c.gemeente_id, c.maatschappelijk_assistent_id, c.geslacht) == (
        w.gemeente.pk,
        w.ma_a1.pk,
        "v",
    )
    assert c.pseudoniem != pseudoniem
    assert not Document.objects.filter(client=c).exists()
    assert not __import__("os").path.exists(pad)
    # Facts for the indicators and the dossier's history stay, row for row.
    assert list(Uitkeringsperiode.objects.filter(client=c).values()) == voor["perioden"]
    assert list(Traject.objects.filter(client=c).values(*voor["trajecten"][0])) == voor["trajecten"]
    assert list(Werkperiode.objects.filter(client=c).values(*voor["werk"][0])) == voor["werk"]
    assert (
        list(Logboekitem.objects.filter(client=c).values_list("pk", "datum", "soort"))
        == voor["logboek"]
    )
    assert list(Taak.objects.filter(client=c).values_list("pk", "vervaldatum")) == voor["taken"]
    # The other client is untouched; a second run finds nothing.
    ander.refresh_from_db()
    assert (ander.voornaam, ander.achternaam) == ("Blijft", "Staan")
    assert gdpr.clients_anonimiseren_na_bewaartermijn(vandaag=LATER, jaren=10).client_ids == []


def test_anonymisation_is_audited_with_ids_only(w):
    dossier = volledig_dossier(w)
    gdpr.client_anonimiseren(client_id=dossier.client.pk, vandaag=LATER, jaren=10)
    event = AuditEvent.objects.get(actie="client_geanonimiseerd")
    assert (event.client_id, event.object_id, event.gebruiker) == (
        dossier.client.pk,
        str(dossier.client.pk),
        None,
    )
    assert event.details == {
        "bewaartermijn_jaren": 10,
        "laatste_activiteit": VANDAAG.isoformat(),  # the document upload
        "documenten_verwijderd": 1,
    }


def test_a_failure_halfway_leaves_the_dossier_untouched(w):
    dossier = volledig_dossier(w)
    c = dossier.client
    with (
        mock.patch("clients.gdpr.audit_log", side_effect=RuntimeError("audit kapot")),
        pytest.raises(RuntimeError),
    ):
        gdpr.client_anonimiseren(client_id=c.pk, vandaag=LATER, jaren=10)
    c.refresh_from_db()
    assert (c.referentie, c.rijksregisternummer) == (
        dossier.client.referentie,
        GEHEIMEN["rijksregisternummer"],
    )
    assert Logboekitem.objects.filter(client=c, tekst=GEHEIMEN["logboek"]).exists()
    assert Document.objects.filter(client=c).exists()
    assert __import__("os").path.exists(dossier.document.bestand.path)


# --- indicators stay exactly the same -----------------------------------------------------------

PEILDATUMS = ["2025-06-30", VANDAAG.isoformat()]


def _bereken(*argumenten: str) -> dict:
    uit = io.StringIO()
    call_command("bereken_indicatoren", *argumenten, "--json", stdout=uit)
    return json.loads(uit.getvalue())


def _alle_indicatoren() -> dict:
    """``bereken_indicatoren --json`` for the example's months, 2023–2025 and the LAP, plus
    the engine's full monthly results (with the team/social worker breakdowns) for every
    month of 2023-01…2025-06, for every gemeente and two peildatums."""
    from rapportering.indicatoren import jaar_indicatoren, maand_indicatoren

    verwacht = json.loads((VOORBEELD / "verwacht.json").read_text(encoding="utf-8"))
    maanden = [date(2023, 1, 1) + relativedelta(months=i) for i in range(30)]
    uitkomst: dict = {}
    for gemeente in Gemeente.objects.order_by("nis_code"):
        nis = gemeente.nis_code
        for peildatum in PEILDATUMS:
            p = ["--gemeente", nis, "--peildatum", peildatum]
            for maand in verwacht[nis]["maanden"]:
                uitkomst[(nis, peildatum, maand)] = _bereken(*p, "--maand", maand)
            for jaar in ("2023", "2024", "2025"):
                uitkomst[(nis, peildatum, jaar)] = _bereken(*p, "--jaar", jaar)
            uitkomst[(nis, peildatum, "lap")] = _bereken(*p, "--lap")
            pd = date.fromisoformat(peildatum)
            uitkomst[(nis, peildatum, "engine")] = maand_indicatoren(
                gemeente=gemeente, maanden=maanden, peildatum=pd
            )
            uitkomst[(nis, peildatum, "engine-jaar")] = jaar_indicatoren(
                gemeente=gemeente, jaar=2024, peildatum=pd
            )
    return uitkomst


def test_every_indicator_over_past_months_is_exactly_the_same_after_anonymisation(db):
    call_command("importeer", str(VOORBEELD), stdout=io.StringIO(), stderr=io.StringIO())
    voor = _alle_indicatoren()
    # Dossiers of the example whose last fact lies before 2025-07-01: a 1-year term as of
    # 2026-07-01 makes a good part of them due.
    resultaat = gdpr.clients_anonimiseren_na_bewaartermijn(vandaag=date(2026, 7, 1), jaren=1)
    totaal = Client.objects.count()
    assert 20 <= resultaat.aantal < totaal, (resultaat.aantal, totaal)
    assert Client.objects.filter(referentie__startswith="ANON-").count() == resultaat.aantal
    assert not Client.objects.filter(
        pk__in=resultaat.client_ids, rijksregisternummer__isnull=False
    ).exists()
    na = _alle_indicatoren()
    assert na.keys() == voor.keys()
    verschillen = [sleutel for sleutel in voor if voor[sleutel] != na[sleutel]]
    assert verschillen == []
    # And the example's published figures are still reproduced.
    verwacht = json.loads((VOORBEELD / "verwacht.json").read_text(encoding="utf-8"))
    for nis, waarden in verwacht.items():
        for maand, indicatoren in waarden["maanden"].items():
            assert na[(nis, "2025-06-30", maand)]["indicatoren"] == indicatoren


# --- the scheduled task on a real worker --------------------------------------------------------


def test_the_beat_schedule_runs_the_task_monthly(settings):
    regel = settings.CELERY_BEAT_SCHEDULE["clients-anonimiseren-na-bewaartermijn"]
    assert regel["task"] == "clients.tasks.clients_anonimiseren_na_bewaartermijn"
    assert regel["schedule"].day_of_month == {2}


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_the_task_anonymises_on_a_real_worker(transactional_db, celery_worker, settings, tmp_path):
    from clients.tasks import clients_anonimiseren_na_bewaartermijn
    from clients.tests.builders import wereld_maak

    w = wereld_maak()
    oud = client_maak(gemeente=w.gemeente, ma=w.ma_a1, rijksregisternummer="85073003328")
    leefloon_maak(client=oud, startdatum=date(2001, 1, 1), einddatum=date(2003, 1, 1))
    Logboekitem.objects.create(client=oud, datum=date(2002, 1, 1), soort="gesprek", tekst="x y")
    lopend = client_maak(gemeente=w.gemeente, ma=w.ma_a1)
    leefloon_maak(client=lopend, startdatum=date(2001, 1, 1))

    resultaat = clients_anonimiseren_na_bewaartermijn.delay(VANDAAG.isoformat())
    uitkomst = resultaat.get(timeout=60)
    assert uitkomst == {"aantal": 1, "client_ids": [oud.pk]}
    oud.refresh_from_db()
    assert (oud.referentie, oud.rijksregisternummer) == (f"ANON-{oud.pk}", None)
    assert Logboekitem.objects.get(client=oud).tekst == ""
    assert AuditEvent.objects.filter(actie="client_geanonimiseerd", client_id=oud.pk).exists()
    lopend.refresh_from_db()
    assert not lopend.referentie.startswith("ANON-")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not resultaat.ready():
        time.sleep(0.1)
