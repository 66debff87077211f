"""Access rules in the client queries, and the caseload / dossier / team reads."""

import datetime

import pytest

from clients.models import Client, Gpmi, GpmiActie, GpmiEvaluatie, Logboekitem, Taak
from clients.selectors import (
    caseload_list,
    client_dossier,
    client_mag_bewerken,
    client_queryset_bewerkbaar,
    client_queryset_leesbaar,
    team_caseloads,
    team_clienten,
    team_medewerkers,
)
from clients.tests.builders import client_maak, leefloon_maak, medewerker_maak, wereld_maak
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2025, 6, 15)


@pytest.fixture
def w():
    return wereld_maak()


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_social_worker_reads_his_teams_clients_only(w):
    assert ids(client_queryset_leesbaar(medewerker=w.ma_a1)) == {w.c_a1.pk, w.c_a2.pk}


def test_social_worker_changes_only_his_own_caseload(w):
    assert ids(client_queryset_bewerkbaar(medewerker=w.ma_a1)) == {w.c_a1.pk}
    assert client_mag_bewerken(medewerker=w.ma_a1, client=w.c_a1)
    assert not client_mag_bewerken(medewerker=w.ma_a1, client=w.c_a2)
    assert not client_mag_bewerken(medewerker=w.ma_a1, client=w.c_b1)


def test_social_worker_without_team_reads_only_his_own_clients(w):
    zonder_team = medewerker_maak(gemeente=w.gemeente)
    eigen = client_maak(gemeente=w.gemeente, ma=zonder_team)
    assert ids(client_queryset_leesbaar(medewerker=zonder_team)) == {eigen.pk}


def test_teamleider_reads_and_changes_team_and_unassigned_clients(w):
    verwacht = {w.c_a1.pk, w.c_a2.pk, w.c_geen.pk}
    assert ids(client_queryset_leesbaar(medewerker=w.tl_a)) == verwacht
    assert ids(client_queryset_bewerkbaar(medewerker=w.tl_a)) == verwacht
    assert client_mag_bewerken(medewerker=w.tl_a, client=w.c_a2)
    assert not client_mag_bewerken(medewerker=w.tl_a, client=w.c_b1)


def test_beheerder_reads_and_changes_his_whole_gemeente_only(w):
    verwacht = {w.c_a1.pk, w.c_a2.pk, w.c_b1.pk, w.c_geen.pk}
    assert ids(client_queryset_leesbaar(medewerker=w.beheerder)) == verwacht
    assert ids(client_queryset_bewerkbaar(medewerker=w.beheerder)) == verwacht
    assert not client_mag_bewerken(medewerker=w.beheerder, client=w.c_h)


def test_analist_and_inactive_staff_read_nothing(w):
    assert ids(client_queryset_leesbaar(medewerker=w.analist)) == set()
    assert ids(client_queryset_bewerkbaar(medewerker=w.analist)) == set()
    w.ma_a1.actief = False
    w.ma_a1.save()
    assert ids(client_queryset_leesbaar(medewerker=w.ma_a1)) == set()
    assert ids(client_queryset_leesbaar(medewerker=None)) == set()


def test_other_gemeente_is_never_readable(w):
    for m in (w.ma_a1, w.tl_a, w.beheerder):
        assert w.c_h.pk not in ids(client_queryset_leesbaar(medewerker=m))
    assert ids(client_queryset_leesbaar(medewerker=w.ma_h)) == {w.c_h.pk}


def test_caseload_search_by_name_dossier_number_and_exact_rijksregisternummer(w):
    w.c_a1.rijksregisternummer = "93051822361"
    w.c_a1.save()
    zoek = lambda term, eigen=True: ids(  # noqa: E731
        caseload_list(medewerker=w.ma_a1, vandaag=VANDAAG, zoek=term, eigen=eigen)
    )
    assert zoek("aerts") == {w.c_a1.pk}
    assert zoek("els aer") == {w.c_a1.pk}
    assert zoek(w.c_a1.referentie) == {w.c_a1.pk}
    assert zoek("93.05.18-223.61") == {w.c_a1.pk}
    assert zoek("93051822362") == set()  # exact only
    assert zoek("930518") == set()  # no partial number search
    # His own caseload by default; the team's dossiers on request.
    assert zoek("bakkali") == set()
    assert zoek("bakkali", eigen=False) == {w.c_a2.pk}
    assert zoek("claes", eigen=False) == set()


def test_caseload_filters_and_sorting(w):
    tweede = client_maak(gemeente=w.gemeente, ma=w.ma_a1, voornaam="Zoë", achternaam="Zeeman")
    leefloon_maak(client=tweede, startdatum=VANDAAG - datetime.timedelta(days=500))
    Traject.objects.create(
        referentie="T-1",
        client=w.c_a1,
        soort="mentoring",
        status="aangemeld",
        aanmelddatum=VANDAAG - datetime.timedelta(days=5),
    )
    lijst = lambda **kw: [  # noqa: E731
        c.pk for c in caseload_list(medewerker=w.ma_a1, vandaag=VANDAAG, **kw)
    ]
    assert lijst() == [w.c_a1.pk, tweede.pk]
    assert lijst(sortering="-naam") == [tweede.pk, w.c_a1.pk]
    assert lijst(uitkering="leefloon") == [tweede.pk]
    assert lijst(uitkering="geen") == [w.c_a1.pk]
    assert lijst(traject_soort="mentoring") == [w.c_a1.pk]
    assert lijst(alert="leefloon_zonder_traject") == [tweede.pk]
    assert lijst(sortering="alerts")[0] == tweede.pk


def test_closed_dossiers_are_not_in_the_caseload(w):
    w.c_a1.afgesloten_op = VANDAAG
    w.c_a1.save()
    assert ids(caseload_list(medewerker=w.ma_a1, vandaag=VANDAAG)) == set()


def test_dossier_of_another_team_does_not_exist_for_the_social_worker(w):
    with pytest.raises(Client.DoesNotExist):
        client_dossier(medewerker=w.ma_a1, pk=w.c_b1.pk, vandaag=VANDAAG)
    assert client_dossier(medewerker=w.ma_a1, pk=w.c_a2.pk, vandaag=VANDAAG).mag_bewerken is False
    assert client_dossier(medewerker=w.ma_a1, pk=w.c_a1.pk, vandaag=VANDAAG).mag_bewerken is True


def test_dossier_reads_gpmi_with_its_steps_and_evaluations(w):
    gpmi = Gpmi.objects.create(
        client=w.c_a1, startdatum=datetime.date(2025, 1, 6), domein="tewerkstelling", doelen="Werk"
    )
    GpmiActie.objects.create(
        gpmi=gpmi,
        actor="client",
        omschrijving="Inschrijven VDAB",
        deadline=datetime.date(2025, 2, 1),
    )
    GpmiEvaluatie.objects.create(gpmi=gpmi, datum=datum(2025, 4, 1), verslag="Goed bezig")
    Logboekitem.objects.create(client=w.c_a1, datum=VANDAAG, soort="gesprek", tekst="x")
    Taak.objects.create(client=w.c_a1, omschrijving="Bellen", vervaldatum=VANDAAG)
    d = client_dossier(medewerker=w.ma_a1, pk=w.c_a1.pk, vandaag=VANDAAG)
    [regel] = d.gpmis
    assert regel.acties[0]["omschrijving"] == "Inschrijven VDAB"
    assert regel.acties[0]["deadline"] == datetime.date(2025, 2, 1)
    assert regel.evaluaties[0]["datum"] == datetime.date(2025, 4, 1)
    assert d.logboek_totaal == 1 and len(d.taken) == 1


def datum(j, m, d):
    return datetime.date(j, m, d)


def test_team_caseloads_count_per_social_worker_and_fte(w):
    w.ma_a2.vte = "0.50"
    w.ma_a2.save()
    for _ in range(3):
        client_maak(gemeente=w.gemeente, ma=w.ma_a2)
    regels = {r["medewerker"].pk: r for r in team_caseloads(medewerker=w.tl_a, vandaag=VANDAAG)}
    # The team lead carries no clients: he is not listed as an idle social worker.
    assert set(regels) == {w.ma_a1.pk, w.ma_a2.pk}
    assert regels[w.ma_a2.pk]["clienten"] == 4
    assert str(regels[w.ma_a2.pk]["per_vte"]) == "8.0"
    assert regels[w.ma_a1.pk]["clienten"] == 1
    client_maak(gemeente=w.gemeente, ma=w.tl_a)
    regels = {r["medewerker"].pk: r for r in team_caseloads(medewerker=w.tl_a, vandaag=VANDAAG)}
    assert regels[w.tl_a.pk]["clienten"] == 1


def test_team_members_and_reassignable_clients(w):
    assert ids(team_medewerkers(medewerker=w.tl_a)) == {w.ma_a1.pk, w.ma_a2.pk, w.tl_a.pk}
    assert ids(team_medewerkers(medewerker=w.ma_a1)) == set()
    assert w.ma_b1.pk in ids(team_medewerkers(medewerker=w.beheerder))
    assert ids(team_clienten(medewerker=w.tl_a, vandaag=VANDAAG, niet_toegewezen=True)) == {
        w.c_geen.pk
    }
