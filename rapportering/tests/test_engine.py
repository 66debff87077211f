"""Hand-made edge cases of the indicator definitions (../shared/spec/indicatoren.md)."""

from datetime import date

import pytest

from activering.constants import Rol
from partners.models import Overeenkomst, Partner
from rapportering.indicatoren import OngeldigePeriode, maand_indicatoren

from .builders import (
    ell,
    jaar,
    ll,
    maak_client,
    maak_medewerker,
    maak_team,
    maand,
    traject,
    werk,
)

pytestmark = pytest.mark.django_db

P = date(2025, 6, 30)


# --- 1. Stock ----------------------------------------------------------------------------------


def test_stock_counts_clients_overlapping_the_month(gemeente):
    beide = maak_client(gemeente)
    ll(beide, date(2024, 1, 31), date(2024, 2, 10))  # last day of January
    ell(beide, date(2023, 5, 1), date(2024, 1, 1))  # first day of January
    ll(maak_client(gemeente), date(2023, 1, 1), date(2023, 12, 31))  # ends the day before
    ll(maak_client(gemeente), date(2024, 2, 1))  # starts the day after
    twee_periodes = maak_client(gemeente)
    ll(twee_periodes, date(2024, 1, 1), date(2024, 1, 10))
    ll(twee_periodes, date(2024, 1, 20), date(2024, 1, 25))

    uit = maand(gemeente, 2024, 1, P)
    assert uit["leefloon_maand"] == 2  # distinct clients: `beide` and `twee_periodes`
    assert uit["equivalent_leefloon_maand"] == 1
    assert uit["leefloon_per_1000"] == "0.02"  # 2 per 89,336 inhabitants
    assert jaar(gemeente, 2024, P)["leefloon_jaar"] == 3
    assert jaar(gemeente, 2024, P)["equivalent_leefloon_jaar"] == 1


def test_rate_per_1000_uses_inhabitants_of_the_year_of_the_month(gemeente):
    for _ in range(36):
        ll(maak_client(gemeente), date(2023, 1, 1))
    assert maand(gemeente, 2024, 1, P)["leefloon_per_1000"] == "0.40"  # 36 / 89,336
    assert maand(gemeente, 2023, 12, P)["leefloon_per_1000"] is None  # 2023 unknown
    assert maand(gemeente, 2024, 1, P)["equivalent_leefloon_per_1000"] == "0.00"


# --- 2. Episodes and duration ------------------------------------------------------------------


@pytest.mark.parametrize(("herstart", "bucket"), [(1, "duur_1_tot_2_jaar"), (2, "duur_tot_1_jaar")])
def test_gap_of_31_days_continues_the_episode_and_32_starts_a_new_one(gemeente, herstart, bucket):
    client = maak_client(gemeente)
    ll(client, date(2023, 1, 1), date(2023, 5, 31))
    ll(client, date(2023, 7, herstart))  # 1 July: 31 days after 31 May; 2 July: 32
    uit = maand(gemeente, 2024, 6, P)  # D = 2024-06-30, D - 1 year = 2023-06-30
    assert uit[bucket] == 1
    assert uit[f"{bucket}_pct"] == "100.0"
    assert maand(gemeente, 2023, 7, P)["instroom"] == (0 if herstart == 1 else 1)


def test_gap_setting_is_used(gemeente, settings):
    client = maak_client(gemeente)
    ll(client, date(2023, 1, 1), date(2023, 5, 31))
    ll(client, date(2023, 7, 2))
    settings.EPISODE_GAP_DAYS = 32
    assert maand(gemeente, 2024, 6, P)["duur_1_tot_2_jaar"] == 1
    settings.EPISODE_GAP_DAYS = 0
    assert maand(gemeente, 2024, 6, P)["duur_tot_1_jaar"] == 1


def test_overlapping_ll_and_ell_periods_merge_into_one_episode(gemeente):
    client = maak_client(gemeente)
    ll(client, date(2020, 1, 1), date(2022, 12, 31))
    ell(client, date(2022, 6, 1), date(2023, 3, 31))  # bridges the 105-day LL gap
    ll(client, date(2023, 4, 15))
    uit = maand(gemeente, 2024, 6, P)
    assert uit["duur_meer_dan_4_jaar"] == 1  # episode from 2020-01-01 <= 2020-06-30
    assert maand(gemeente, 2023, 4, P)["instroom"] == 0


def test_duration_population_is_ll_covering_the_last_day(gemeente):
    ell(maak_client(gemeente), date(2024, 1, 1))  # only ELL: not in the population
    ll(maak_client(gemeente), date(2024, 1, 1), date(2024, 6, 29))  # ends before D
    mee = maak_client(gemeente)
    ell(mee, date(2021, 1, 1), date(2023, 12, 31))  # ELL history counts for the episode
    ll(mee, date(2024, 1, 1))
    uit = maand(gemeente, 2024, 6, P)
    assert uit["leefloon_maand"] == 2
    assert (uit["duur_tot_1_jaar"], uit["duur_2_tot_4_jaar"]) == (0, 1)
    assert uit["duur_2_tot_4_jaar_pct"] == "100.0"
    assert uit["duur_tot_1_jaar_pct"] == "0.0"


def test_empty_population_gives_null_percentages(gemeente):
    uit = maand(gemeente, 2024, 6, P)
    assert uit["duur_tot_1_jaar"] == 0
    assert uit["duur_tot_1_jaar_pct"] is None
    assert uit["uitstroom_binnen_6_maanden_pct"] is None  # empty cohort
    assert uit["caseload_per_vte"] is None  # no FTE


@pytest.mark.parametrize(
    ("start", "maand_d", "bucket"),
    [
        # D = 2024-02-29: D - 1 year = 2023-02-28 (clamped), D - 4 years = 2020-02-29
        (date(2023, 2, 28), (2024, 2), "duur_1_tot_2_jaar"),
        (date(2023, 3, 1), (2024, 2), "duur_tot_1_jaar"),
        (date(2022, 2, 28), (2024, 2), "duur_2_tot_4_jaar"),
        (date(2022, 3, 1), (2024, 2), "duur_1_tot_2_jaar"),
        (date(2020, 2, 29), (2024, 2), "duur_meer_dan_4_jaar"),
        (date(2020, 3, 1), (2024, 2), "duur_2_tot_4_jaar"),
        # D = 2025-02-28: D - 1 year = 2024-02-28, so a start on 2024-02-29 is < 1 year
        (date(2024, 2, 29), (2025, 2), "duur_tot_1_jaar"),
        (date(2024, 2, 28), (2025, 2), "duur_1_tot_2_jaar"),
    ],
)
def test_duration_buckets_use_calendar_arithmetic(gemeente, start, maand_d, bucket):
    ll(maak_client(gemeente), start)
    uit = maand(gemeente, *maand_d, P)
    buckets = ["duur_tot_1_jaar", "duur_1_tot_2_jaar", "duur_2_tot_4_jaar", "duur_meer_dan_4_jaar"]
    assert {b: uit[b] for b in buckets} == {b: int(b == bucket) for b in buckets}


# --- 3. Cohorts --------------------------------------------------------------------------------


def test_cohort_outflow_within_6_months_on_a_month_end(gemeente):
    # s = 2024-08-31: s + 6 months = 2025-02-28
    ll(maak_client(gemeente), date(2024, 8, 31), date(2025, 2, 28))  # out within 6 months
    ll(maak_client(gemeente), date(2024, 8, 31), date(2025, 3, 1))  # one day too late
    ll(maak_client(gemeente), date(2024, 8, 1))  # ongoing
    # Defined once P >= last day of August + 6 months = 2025-02-28.
    assert maand(gemeente, 2024, 8, date(2025, 2, 27))["uitstroom_binnen_6_maanden_pct"] is None
    uit = maand(gemeente, 2024, 8, date(2025, 2, 28))
    assert uit["instroom"] == 3
    assert uit["uitstroom_binnen_6_maanden_pct"] == "33.3"
    assert uit["afhankelijk_na_12_maanden_pct"] is None
    later = maand(gemeente, 2024, 8, date(2025, 8, 31))
    assert later["afhankelijk_na_12_maanden_pct"] == "33.3"  # only the ongoing one
    assert later["afhankelijk_na_24_maanden_pct"] is None


def test_cohort_dependency_after_12_months_boundary(gemeente):
    # s = 2023-01-15: still dependent when the end is after 2024-01-15
    ll(maak_client(gemeente), date(2023, 1, 15), date(2024, 1, 15))  # not "still" (end = s+12m)
    ll(maak_client(gemeente), date(2023, 1, 15), date(2024, 1, 16))
    uit = maand(gemeente, 2023, 1, P)
    assert uit["afhankelijk_na_12_maanden_pct"] == "50.0"
    assert uit["afhankelijk_na_24_maanden_pct"] == "0.0"
    assert jaar(gemeente, 2023, P)["instroom_jaar"] == 2
    assert jaar(gemeente, 2023, P)["afhankelijk_na_12_maanden_pct_jaar"] == "50.0"
    assert jaar(gemeente, 2024, P)["uitstroom_binnen_6_maanden_pct_jaar"] is None  # empty


def test_yearly_cohort_null_until_the_last_window_is_over(gemeente):
    ll(maak_client(gemeente), date(2024, 3, 1), date(2024, 4, 1))
    assert jaar(gemeente, 2024, date(2025, 6, 29))["uitstroom_binnen_6_maanden_pct_jaar"] is None
    assert jaar(gemeente, 2024, date(2025, 6, 30))["uitstroom_binnen_6_maanden_pct_jaar"] == "100.0"


# --- Peildatum -----------------------------------------------------------------------------------


def test_peildatum_ignores_later_periods_and_treats_later_ends_as_ongoing(gemeente):
    client = maak_client(gemeente)
    ll(client, date(2024, 7, 1))
    assert maand(gemeente, 2024, 6, date(2024, 6, 30))["instroom"] == 0
    assert maand(gemeente, 2024, 7, date(2024, 7, 31))["instroom"] == 1

    # A period ending after P is ongoing on P: it covers P (provisional month, D = P).
    ander = maak_client(gemeente)
    ll(ander, date(2024, 1, 1), date(2024, 8, 20))
    provisional = maand_indicatoren(
        gemeente=gemeente, maanden=[date(2024, 8, 1)], peildatum=date(2024, 8, 15)
    )[date(2024, 8, 1)]
    assert provisional.voorlopig is True
    assert provisional.totaal["duur_tot_1_jaar"].waarde == 2  # both cover D = P = 2024-08-15


def test_month_after_peildatum_is_refused(gemeente):
    with pytest.raises(OngeldigePeriode):
        maand(gemeente, 2025, 7, P)


# --- 4. Sustainable outflow --------------------------------------------------------------------


@pytest.fixture
def leefloner(gemeente):
    client = maak_client(gemeente)
    ll(client, date(2023, 6, 1), date(2023, 12, 31))
    return client


@pytest.mark.parametrize(("einde", "gevalideerd"), [(date(2024, 3, 29), 0), (date(2024, 3, 30), 1)])
def test_89_worked_days_are_not_enough_90_are(gemeente, leefloner, einde, gevalideerd):
    werk(leefloner, date(2024, 1, 1), einde)  # 31 + 29 (leap year) + 29 or 30 days
    assert maand(gemeente, 2024, 3, P)["duurzame_uitstroom_maand"] == gevalideerd


def test_only_days_up_to_the_peildatum_are_known(gemeente, leefloner):
    werk(leefloner, date(2024, 1, 1))  # ongoing
    assert maand(gemeente, 2024, 3, date(2024, 3, 29))["duurzame_uitstroom_maand"] == 0
    assert maand(gemeente, 2024, 3, date(2024, 3, 30))["duurzame_uitstroom_maand"] == 1


def test_overlapping_spells_are_not_double_counted(gemeente, leefloner):
    werk(leefloner, date(2024, 1, 1), date(2024, 2, 15))
    werk(leefloner, date(2024, 2, 1), date(2024, 3, 29))  # union: 89 distinct days
    assert jaar(gemeente, 2024, P)["duurzame_uitstroom_periode"] == 0


def test_broken_spells_add_up_and_v_is_the_90th_worked_day(gemeente, leefloner):
    werk(leefloner, date(2024, 1, 1), date(2024, 1, 31))  # 31 days
    werk(leefloner, date(2024, 2, 10), date(2024, 4, 9))  # 60 days, 59th on 2024-04-08
    assert maand(gemeente, 2024, 4, P)["duurzame_uitstroom_maand"] == 1
    assert jaar(gemeente, 2024, P)["duurzame_uitstroom_periode"] == 1


def test_window_is_four_calendar_months(gemeente, leefloner):
    ll(leefloner, date(2024, 6, 1))
    # Start 2024-10-31: window to 2025-02-27 (31 Oct + 4 months = 28 Feb, minus one day).
    werk(leefloner, date(2024, 10, 31), date(2024, 11, 30))  # 31 days
    werk(leefloner, date(2025, 1, 1), date(2025, 2, 28))  # 58 days in the window (not 28 Feb)
    assert jaar(gemeente, 2025, P)["duurzame_uitstroom_periode"] == 0
    werk(leefloner, date(2024, 12, 31), date(2024, 12, 31))  # the 90th day, v = 2025-02-27
    assert maand(gemeente, 2025, 2, P)["duurzame_uitstroom_maand"] == 1


@pytest.mark.parametrize(("ll_einde", "telt"), [(date(2023, 9, 30), 0), (date(2023, 10, 1), 1)])
def test_work_start_needs_leefloon_in_the_3_months_before(gemeente, ll_einde, telt):
    client = maak_client(gemeente)
    ell(client, date(2023, 1, 1), ll_einde)
    werk(client, date(2024, 1, 1), date(2024, 6, 30))  # s - 3 months = 2023-10-01
    assert jaar(gemeente, 2024, P)["duurzame_uitstroom_periode"] == telt


def test_365_day_rule_compares_with_the_last_counted_validation(gemeente):
    client = maak_client(gemeente)
    ll(client, date(2023, 1, 1))
    werk(client, date(2024, 1, 1), date(2024, 4, 30))  # v = 2024-03-30: counted
    werk(client, date(2024, 9, 1), date(2024, 12, 31))  # v = 2024-11-29: < 365 days, not
    werk(client, date(2025, 2, 1), date(2025, 6, 30))  # v = 2025-05-01: 397 days after
    assert maand(gemeente, 2024, 3, P)["duurzame_uitstroom_maand"] == 1
    assert maand(gemeente, 2024, 11, P)["duurzame_uitstroom_maand"] == 0
    assert maand(gemeente, 2025, 5, P)["duurzame_uitstroom_maand"] == 1


@pytest.mark.parametrize(
    ("tweede_start", "telt"), [(date(2024, 12, 31), 1), (date(2024, 12, 30), 0)]
)
def test_365_day_rule_boundary(gemeente, tweede_start, telt):
    client = maak_client(gemeente)
    ll(client, date(2023, 1, 1))
    werk(client, date(2024, 1, 1), date(2024, 3, 30))  # v = 2024-03-30
    werk(client, tweede_start, date(2025, 4, 30))  # v = 2025-03-30 (365 d) or 03-29 (364 d)
    assert maand(gemeente, 2025, 3, P)["duurzame_uitstroom_maand"] == telt


def test_art60_spells_count_and_are_shown_apart(gemeente, leefloner, settings):
    werk(leefloner, date(2024, 1, 1), date(2024, 6, 30), contracttype="art60")
    uit = maand(gemeente, 2024, 3, P)
    assert (uit["duurzame_uitstroom_maand"], uit["duurzame_uitstroom_art60_maand"]) == (1, 1)
    settings.LAP_EXCLUDED_CONTRACT_TYPES = ["art60"]
    assert maand(gemeente, 2024, 3, P)["duurzame_uitstroom_maand"] == 0


def test_worked_days_setting_is_used(gemeente, leefloner, settings):
    werk(leefloner, date(2024, 1, 1), date(2024, 3, 29))
    settings.LAP_WORKED_DAYS = 89
    assert maand(gemeente, 2024, 3, P)["duurzame_uitstroom_maand"] == 1


# --- 5. Art. 60 --------------------------------------------------------------------------------


def test_art60_month_year_average_and_doorstroom(gemeente):
    a, b, c, d = (maak_client(gemeente) for _ in range(4))
    traject(a, "art60", date(2024, 4, 1), date(2024, 6, 30))  # April–June
    traject(b, "art60", date(2024, 6, 30), date(2024, 6, 30))  # one day in June
    traject(c, "art60", date(2023, 1, 1), date(2024, 6, 30))
    traject(d, "art60", date(2024, 1, 1), date(2024, 6, 30))
    traject(maak_client(gemeente), "art60", date(2024, 6, 1), status="aangemeld")  # not started
    werk(a, date(2024, 9, 30), contracttype="vast")  # end + 3 months: in
    traject(b, "opleiding", date(2024, 5, 31))  # end - 30 days: in
    werk(c, date(2024, 10, 1), contracttype="vast")  # a day too late
    werk(d, date(2024, 7, 1), contracttype="art60")  # art. 60 again is no doorstroom

    assert maand(gemeente, 2024, 6, P)["art60_maand"] == 4
    assert maand(gemeente, 2024, 7, P)["art60_maand"] == 0
    uit = jaar(gemeente, 2024, P)
    # months: Jan–Mar 2 (c, d), Apr–May 3, Jun 4 → 6 + 6 + 4 = 16 / 12 = 1.33
    assert uit["art60_gemiddeld_jaar"] == "1.3"
    assert uit["art60_doorstroom_pct"] == "50.0"


def test_art60_end_after_peildatum_is_not_an_end(gemeente):
    traject(maak_client(gemeente), "art60", date(2024, 1, 1), date(2024, 12, 20))
    assert jaar(gemeente, 2024, date(2024, 12, 15))["art60_doorstroom_pct"] is None
    assert jaar(gemeente, 2024, date(2025, 3, 31))["art60_doorstroom_pct"] == "0.0"


# --- 6. Caseload -------------------------------------------------------------------------------


def test_caseload_uses_active_social_workers_and_their_fte(gemeente):
    team = maak_team(gemeente)
    ma1 = maak_medewerker(gemeente, vte="1.0", team=team)
    ma2 = maak_medewerker(gemeente, vte="0.5", team=team)
    weg = maak_medewerker(gemeente, vte="0.8", actief=False)
    maak_medewerker(gemeente, rol=Rol.TEAMLEIDER)
    ll(maak_client(gemeente, ma=ma1), date(2024, 1, 1))
    traject(maak_client(gemeente, ma=ma2), "mentoring", date(2024, 6, 1))  # traject only
    ll(maak_client(gemeente), date(2024, 1, 1))  # no social worker
    ll(maak_client(gemeente, ma=weg), date(2024, 1, 1))  # inactive worker: not in caseload
    ll(maak_client(gemeente, ma=ma1), date(2024, 1, 1), date(2024, 6, 29))  # not on D
    traject(maak_client(gemeente, ma=ma1), "mentoring", date(2024, 6, 1), status="aangemeld")

    resultaat = maand_indicatoren(gemeente=gemeente, maanden=[date(2024, 6, 1)], peildatum=P)
    uit = {code: w.waarde for code, w in resultaat[date(2024, 6, 1)].totaal.items()}
    assert uit["maatschappelijk_assistenten"] == 2
    assert uit["vte_maatschappelijk_assistenten"] == "1.50"
    assert uit["actieve_clienten"] == 4
    assert uit["clienten_zonder_maatschappelijk_assistent"] == 1
    assert uit["caseload_per_vte"] == "1.3"  # 2 assigned / 1.5 FTE
    dimensies = resultaat[date(2024, 6, 1)].dimensies
    assert dimensies[("medewerker", str(ma2.pk))]["caseload_per_vte"].waarde == "2.0"
    assert dimensies[("medewerker", str(ma1.pk))]["actieve_clienten"].waarde == 1
    assert dimensies[("team", str(team.pk))]["caseload_per_vte"].waarde == "1.3"


# --- 7. Partners -------------------------------------------------------------------------------


def test_partner_results(gemeente):
    duo = Partner.objects.create(code="DUO", naam="DUO for a JOB", soort="trajectpartner")
    Partner.objects.create(code="LEEG", naam="Zonder trajecten", soort="trajectpartner")
    Overeenkomst.objects.create(partner=duo, gemeente=gemeente, jaar=2024, subsidie_eur=70000)
    Overeenkomst.objects.create(partner=duo, gemeente=gemeente, jaar=2023, subsidie_eur=1)
    a, b, c = (maak_client(gemeente) for _ in range(3))
    traject(
        a, "mentoring", date(2024, 1, 10), date(2024, 5, 1), partner=duo, uitkomst="werk_3m_plus"
    )
    traject(a, "mentoring", date(2024, 6, 1), date(2024, 8, 1), partner=duo, uitkomst="opleiding")
    traject(b, "mentoring", date(2023, 11, 1), date(2024, 2, 1), partner=duo, uitkomst="afgehaakt")
    traject(c, "mentoring", date(2024, 3, 1), date(2024, 4, 1), partner=duo)  # no uitkomst
    traject(c, "mentoring", date(2024, 9, 1), partner=duo, status="aangemeld")
    traject(c, "mentoring", date(2024, 11, 1), date(2025, 1, 5), partner=duo, uitkomst="overige")

    partners = jaar(gemeente, 2024, P)["partners"]
    assert set(partners) == {"DUO", "LEEG"}
    uit = partners["DUO"]
    assert uit["deelnemers"] == 2  # a and c started in 2024 (b in 2023)
    assert uit["afgesloten"] == 3
    assert uit["uitkomst_werk_3m_plus"] == 1
    assert uit["uitkomst_werk_3m_plus_pct"] == "33.3"
    assert uit["uitkomst_overige"] == 0  # ended in 2025
    assert uit["werk_pct"] == "33.3"
    assert uit["ruimer_resultaat_pct"] == "66.7"
    assert uit["kost_per_deelnemer"] == "35000.00"
    assert uit["kost_per_werkresultaat"] == "70000.00"
    leeg = partners["LEEG"]
    assert leeg["deelnemers"] == 0
    assert leeg["werk_pct"] is None
    assert leeg["kost_per_deelnemer"] is None


def test_referral_stopped_before_it_started_is_closed_but_no_participant(gemeente):
    """A referral stopped straight from aangemeld has no startdatum: it counts among the
    closed trajecten with its uitkomst, not among the participants, and not before the
    peildatum knows it ended."""
    duo = Partner.objects.create(code="DUO", naam="DUO for a JOB", soort="trajectpartner")
    a, b = maak_client(gemeente), maak_client(gemeente)
    traject(a, "mentoring", date(2024, 2, 1), date(2024, 5, 1), partner=duo, uitkomst="werk_tot_3m")
    traject(
        b,
        "mentoring",
        None,
        date(2024, 3, 1),
        status="stopgezet",
        partner=duo,
        uitkomst="afgehaakt",
    )
    traject(
        b,
        "mentoring",
        None,
        date(2025, 9, 1),
        status="stopgezet",
        partner=duo,
        uitkomst="afgehaakt",
    )  # after the peildatum: not known yet

    uit = jaar(gemeente, 2024, P)["partners"]["DUO"]
    assert uit["deelnemers"] == 1
    assert uit["afgesloten"] == 2
    assert uit["uitkomst_afgehaakt"] == 1
    assert uit["werk_pct"] == "50.0"
    assert jaar(gemeente, 2025, P)["partners"]["DUO"]["afgesloten"] == 0
