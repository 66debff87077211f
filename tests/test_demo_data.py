"""``manage.py demo_data``: a Mechelen-sized demo installation that is valid, deterministic
and idempotent. The full-size set is built once for the module (it takes a few seconds)."""

import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Q, Sum

import pytest
from dateutil.relativedelta import relativedelta
from stdnum.be import nn

from activering.constants import Rol
from activering.models import Gemeente, Medewerker
from clients.models import Client, Logboekitem, Uitkeringsperiode
from clients.rijksregisternummer import rijksregisternummer_validate
from partners.models import Overeenkomst
from rapportering.models import LapOvereenkomst
from tests.security.hulp import aanmelden_gelukt
from trajecten.models import Traject, Werkperiode

PEILDATUM = datetime.date(2025, 6, 30)


def _demo_data(*args) -> str:
    uit = io.StringIO()
    call_command("demo_data", "--forceer", "--peildatum", PEILDATUM.isoformat(), *args, stdout=uit)
    return uit.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full Mechelen-sized set, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        uitvoer = _demo_data()
        yield uitvoer
        transaction.set_rollback(True)


def _actief_op(dag: datetime.date) -> Q:
    """Clients with a benefit period or a started traject covering ``dag``."""
    return (
        Q(
            uitkeringsperiodes__startdatum__lte=dag,
            uitkeringsperiodes__einddatum__gte=dag,
        )
        | Q(uitkeringsperiodes__startdatum__lte=dag, uitkeringsperiodes__einddatum=None)
        | Q(
            trajecten__status__in=["lopend", "afgerond", "stopgezet"],
            trajecten__startdatum__lte=dag,
        )
        & (Q(trajecten__einddatum=None) | Q(trajecten__einddatum__gte=dag))
    )


def _in_maand(soort: str, maand: datetime.date) -> int:
    einde = maand + relativedelta(months=1) - datetime.timedelta(days=1)
    return (
        Uitkeringsperiode.objects.filter(
            client__gemeente__nis_code="12025", soort=soort, startdatum__lte=einde
        )
        .filter(Q(einddatum=None) | Q(einddatum__gte=maand))
        .values("client")
        .distinct()
        .count()
    )


@pytest.mark.django_db
def test_the_four_demo_accounts_log_in_with_the_demo_password(demo, client):
    for username, rol in [
        ("ma.demo", Rol.MAATSCHAPPELIJK_ASSISTENT),
        ("teamleider.demo", Rol.TEAMLEIDER),
        ("beheerder.demo", Rol.BEHEERDER),
        ("analist.demo", Rol.ANALIST),
    ]:
        assert aanmelden_gelukt(client, username, settings.DEMO_PASSWORD), username
        medewerker = Medewerker.objects.get(user__username=username)
        assert medewerker.rol == rol and medewerker.gemeente.nis_code == "12025"
        client.logout()
    beheerder = get_user_model().objects.get(username="beheerder.demo")
    assert beheerder.is_staff and beheerder.is_superuser
    ma = Medewerker.objects.get(user__username="ma.demo")
    teamleider = Medewerker.objects.get(user__username="teamleider.demo")
    assert ma.team is not None and teamleider.team == ma.team
    # Generated staff have no usable password (they would use the reset flow).
    anderen = (
        get_user_model()
        .objects.filter(medewerker__gemeente__nis_code="12025")
        .exclude(username__endswith=".demo")
    )
    assert anderen.exists() and not any(u.has_usable_password() for u in anderen)


@pytest.mark.django_db
def test_ma_demo_has_a_caseload_of_about_seventy(demo):
    ma = Medewerker.objects.get(user__username="ma.demo")
    caseload = Client.objects.filter(_actief_op(PEILDATUM), maatschappelijk_assistent=ma)
    assert 60 <= caseload.distinct().count() <= 85


@pytest.mark.django_db
def test_staff_and_caseload_look_like_mechelen(demo):
    mas = Medewerker.objects.filter(
        gemeente__nis_code="12025", rol=Rol.MAATSCHAPPELIJK_ASSISTENT, actief=True
    )
    assert mas.count() == 40
    assert mas.values("team").distinct().count() == 5
    assert all(Decimal("0.5") <= v <= Decimal("1.0") for v in mas.values_list("vte", flat=True))
    vte = mas.aggregate(s=Sum("vte"))["s"]
    toegewezen = (
        Client.objects.filter(_actief_op(PEILDATUM), gemeente__nis_code="12025")
        .exclude(maatschappelijk_assistent=None)
        .distinct()
        .count()
    )
    assert 68 <= toegewezen / float(vte) <= 77


@pytest.mark.django_db
def test_gemeenten_inhabitants_and_lap_agreements(demo):
    gemeenten = dict(Gemeente.objects.values_list("nis_code", "naam"))
    assert gemeenten == {"12025": "Mechelen", "12029": "Putte", "12035": "Sint-Katelijne-Waver"}
    mechelen = Gemeente.objects.get(nis_code="12025")
    assert mechelen.inwoners.get(jaar=2024).inwoners == 89262
    lap1 = {
        lap.gemeente.nis_code: (lap.subsidie_eur, lap.referentie_leefloners)
        for lap in LapOvereenkomst.objects.filter(startdatum=datetime.date(2023, 12, 1))
    }
    assert lap1 == {
        "12025": (Decimal("320156.81"), 1945),
        "12029": (Decimal("13057.62"), 72),
        "12035": (Decimal("22868.34"), 123),
    }
    assert (
        LapOvereenkomst.objects.filter(
            startdatum=datetime.date(2024, 12, 1), einddatum=datetime.date(2025, 11, 30)
        ).count()
        == 3
    )
    duo = Overeenkomst.objects.get(partner__code="DUO", gemeente=mechelen, jaar=2024)
    assert (duo.subsidie_eur, duo.capaciteit) == (Decimal("70000.00"), 50)
    jobroad = Overeenkomst.objects.get(partner__code="JOBROAD", gemeente=mechelen, jaar=2024)
    assert jobroad.subsidie_eur == Decimal("37500.00")


@pytest.mark.django_db
def test_rijksregisternummers_are_valid_and_agree_with_birth_date_and_gender(demo):
    clients = Client.objects.values_list("rijksregisternummer", "geboortedatum", "geslacht")
    met = [c for c in clients if c[0] is not None]
    assert 0 < len(met) < len(clients)  # some clients have none
    for nummer, geboortedatum, geslacht in met:
        assert nn.is_valid(nummer)
        assert not rijksregisternummer_validate(
            nummer=nummer, geboortedatum=geboortedatum, geslacht=geslacht
        ), nummer


@pytest.mark.django_db
def test_no_overlapping_periods_or_art60_placements(demo):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM clients_uitkeringsperiode a
               JOIN clients_uitkeringsperiode b
                 ON a.client_id = b.client_id AND a.soort = b.soort AND a.id < b.id
                AND daterange(a.startdatum, a.einddatum, '[]')
                    && daterange(b.startdatum, b.einddatum, '[]')"""
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            """SELECT count(*) FROM trajecten_traject a JOIN trajecten_traject b
                 ON a.client_id = b.client_id AND a.id < b.id
                AND a.soort = 'art60' AND b.soort = 'art60'
                AND daterange(a.startdatum, a.einddatum, '[]')
                    && daterange(b.startdatum, b.einddatum, '[]')"""
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_sample_of_generated_rows_passes_model_validation(demo):
    # The exclusion constraints are checked in the database (test above); Django's Python-side
    # check of them compares client_id with itself (F("client_id") is not replaced by the
    # instance's value), so it is left out here.
    met_exclusie = {Uitkeringsperiode, Traject}
    for model in (Client, Uitkeringsperiode, Traject, Werkperiode, Logboekitem):
        for obj in model.objects.order_by("?")[:150]:
            obj.full_clean(validate_constraints=model not in met_exclusie)


@pytest.mark.django_db
def test_headline_numbers_are_those_of_the_seeds(demo):
    # January 2025: 1,494 LL and 379 ELL clients in Mechelen.
    assert 1350 <= _in_maand("leefloon", datetime.date(2025, 1, 1)) <= 1650
    assert 300 <= _in_maand("equivalent_leefloon", datetime.date(2025, 1, 1)) <= 460
    # 150-200 art. 60 workers in a month, with TWE flag, workplace and hours.
    art60 = Traject.objects.filter(
        client__gemeente__nis_code="12025",
        soort="art60",
        status__in=["lopend", "afgerond", "stopgezet"],
    )
    lopend = art60.filter(startdatum__lte=datetime.date(2024, 6, 30)).filter(
        Q(einddatum=None) | Q(einddatum__gte=datetime.date(2024, 6, 1))
    )
    assert 130 <= lopend.values("client").distinct().count() <= 200
    assert not art60.filter(Q(werkplek="") | Q(uren_per_week=None)).exists()
    assert art60.filter(twe=True).exists()
    # Every closed traject has an end and an outcome; partner trajecten have all codes.
    gesloten = Traject.objects.filter(status__in=["afgerond", "stopgezet"])
    assert not gesloten.filter(Q(einddatum=None) | Q(uitkomst="")).exists()
    uitkomsten = set(
        Traject.objects.filter(partner__code="JOBROAD").values_list("uitkomst", flat=True)
    )
    assert {"werk_3m_plus", "werk_tot_3m", "andere_maatregel", "stopzetting_leefloon"} <= (
        uitkomsten
    )
    # Work follows art. 60 and work exits; recent contacts are in the logbook.
    werk = Werkperiode.objects.filter(client__gemeente__nis_code="12025")
    assert werk.filter(contracttype="art60").count() == art60.count()
    assert werk.exclude(contracttype="art60").count() > 500
    assert Logboekitem.objects.filter(datum__gte=PEILDATUM - datetime.timedelta(days=30)).exists()
    stopredenen = set(Uitkeringsperiode.objects.values_list("stopreden", flat=True))
    assert {"werk", "andere_uitkering", "verhuis", "werkonwilligheid"} <= stopredenen
    categorieen = Uitkeringsperiode.objects.values("categorie").annotate(n=Count("id"))
    assert len(categorieen) == 3


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so(demo):
    voor = (Client.objects.count(), Uitkeringsperiode.objects.count(), Traject.objects.count())
    uitvoer = _demo_data()
    assert "bestaan al" in uitvoer and "--opnieuw" in uitvoer
    assert (
        Client.objects.count(),
        Uitkeringsperiode.objects.count(),
        Traject.objects.count(),
    ) == voor
    assert get_user_model().objects.filter(username="ma.demo").count() == 1


@pytest.mark.django_db
def test_opnieuw_rebuilds_the_same_data_for_the_same_seed(demo):
    _demo_data("--opnieuw", "--clienten", "200")
    eerste = sorted(Client.objects.values_list("referentie", "rijksregisternummer"))
    perioden = Uitkeringsperiode.objects.count()
    assert 300 < len(eerste) < 2000
    _demo_data("--opnieuw", "--clienten", "200")
    assert sorted(Client.objects.values_list("referentie", "rijksregisternummer")) == eerste
    assert Uitkeringsperiode.objects.count() == perioden
    assert get_user_model().objects.filter(username__endswith=".demo").count() == 4


@pytest.mark.django_db
def test_met_cijfers_serves_the_demo_dashboard_from_snapshots(demo, client):
    """`make run` loads the demo with --met-cijfers: the team lead's first dashboard visit
    reads stored figures (the LAP tracker's months included) instead of computing them."""
    uitvoer = _demo_data("--met-cijfers")
    assert "Cijfers van het dashboard opgeslagen voor 3 gemeenten" in uitvoer
    assert aanmelden_gelukt(client, "teamleider.demo", settings.DEMO_PASSWORD)
    antwoord = client.get("/rapportering/")
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "niet bewaard" not in html and "Berekend op" in html


@pytest.mark.django_db
def test_refuses_without_debug(settings):
    settings.DEBUG = False
    voor = Gemeente.objects.count(), Client.objects.count()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data", "--opnieuw", stdout=io.StringIO())
    assert (Gemeente.objects.count(), Client.objects.count()) == voor


@pytest.mark.django_db
def test_runs_without_forceer_when_debug_is_on(settings):
    settings.DEBUG = True
    uit = io.StringIO()
    call_command("demo_data", "--clienten", "100", "--peildatum", "2024-12-31", stdout=uit)
    assert "Demodata aangemaakt" in uit.getvalue() or "bestaan al" in uit.getvalue()
    assert Gemeente.objects.filter(nis_code="12025").exists()


@pytest.mark.django_db
def test_vlaanderen_scale_builds_thirty_gemeenten(demo):
    uitvoer = _demo_data("--opnieuw", "--schaal", "vlaanderen", "--clienten", "40")
    assert "30 gemeenten" in uitvoer
    assert Gemeente.objects.count() == 30
    # Every gemeente has clients, a social worker and its two LAP agreements.
    per_gemeente = Gemeente.objects.annotate(
        n_clienten=Count("clienten", distinct=True),
        mas=Count(
            "medewerkers", filter=Q(medewerkers__rol=Rol.MAATSCHAPPELIJK_ASSISTENT), distinct=True
        ),
        laps=Count("lap_overeenkomsten", distinct=True),
    )
    for g in per_gemeente:
        assert g.n_clienten > 0 and g.mas > 0 and g.laps == 2, g.naam
    assert Uitkeringsperiode.objects.filter(einddatum=None).exists()
