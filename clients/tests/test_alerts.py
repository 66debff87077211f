"""Every alert rule of ``clients.alerts``: a case where it fires and cases where it must not."""

import datetime
import itertools

import pytest

from clients.alerts import alerts_van, clients_met_alerts
from clients.models import Client, Gpmi, GpmiEvaluatie, Logboekitem
from clients.tests.builders import (
    client_maak,
    gemeente_maak,
    leefloon_maak,
    medewerker_maak,
    partner_maak,
    team_maak,
)
from partners.models import Melding
from trajecten.models import Traject

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2025, 6, 15)
_ref = itertools.count(1)


def d(dagen: int) -> datetime.date:
    """A date ``dagen`` days before VANDAAG (negative: after)."""
    return VANDAAG - datetime.timedelta(days=dagen)


def alerts(client: Client, vandaag: datetime.date = VANDAAG) -> dict[str, str]:
    annotated = clients_met_alerts(Client.objects.filter(pk=client.pk), vandaag=vandaag).get()
    gevonden = {a.code: a.reden for a in alerts_van(annotated)}
    assert annotated.alert_aantal == len(gevonden)
    return gevonden


def traject(client: Client, **velden) -> Traject:
    return Traject.objects.create(referentie=f"TRJ-T-{next(_ref)}", client=client, **velden)


@pytest.fixture
def client_():
    gemeente = gemeente_maak()
    ma = medewerker_maak(gemeente=gemeente, team=team_maak(gemeente=gemeente))
    c = client_maak(gemeente=gemeente, ma=ma)
    # A recent contact so that ``geen_contact`` stays quiet unless a test wants it.
    Logboekitem.objects.create(client=c, datum=d(5), soort="gesprek", tekst="Opvolging")
    return c


# --- art60_einde ---------------------------------------------------------------------------


def test_art60_ending_within_two_months_alerts(client_):
    traject(client_, soort="art60", status="lopend", startdatum=d(300), einddatum_gepland=d(-40))
    gevonden = alerts(client_)
    assert set(gevonden) == {"art60_einde"}
    assert "25/07/2025" in gevonden["art60_einde"]


@pytest.mark.parametrize(
    "velden",
    [
        # Ends later than two months from now.
        {"status": "lopend", "startdatum": d(300), "einddatum_gepland": d(-70)},
        # Planned end already passed (the traject should have been closed; another concern).
        {"status": "lopend", "startdatum": d(300), "einddatum_gepland": d(3)},
        # Closed.
        {
            "status": "afgerond",
            "startdatum": d(300),
            "einddatum_gepland": d(-20),
            "einddatum": d(1),
            "uitkomst": "werk_3m_plus",
        },
    ],
)
def test_art60_not_ending_soon_or_closed_does_not_alert(client_, velden):
    traject(client_, soort="art60", **velden)
    assert "art60_einde" not in alerts(client_)


def test_other_soort_ending_soon_does_not_alert(client_):
    traject(
        client_, soort="jobhunting", status="lopend", startdatum=d(60), einddatum_gepland=d(-10)
    )
    assert "art60_einde" not in alerts(client_)


# --- gpmi_evaluatie ------------------------------------------------------------------------


def test_gpmi_without_evaluation_after_three_months_alerts(client_):
    Gpmi.objects.create(client=client_, startdatum=d(100), domein="tewerkstelling", doelen="Werk")
    assert "gpmi_evaluatie" in alerts(client_)


def test_gpmi_last_evaluation_over_three_months_ago_alerts(client_):
    gpmi = Gpmi.objects.create(
        client=client_, startdatum=d(400), domein="tewerkstelling", doelen="Werk"
    )
    GpmiEvaluatie.objects.create(gpmi=gpmi, datum=d(200), verslag="ok")
    GpmiEvaluatie.objects.create(gpmi=gpmi, datum=d(95), verslag="ok")
    gevonden = alerts(client_)
    assert "gpmi_evaluatie" in gevonden
    assert "12/03/2025" in gevonden["gpmi_evaluatie"]


def test_gpmi_recently_evaluated_or_recently_started_does_not_alert(client_):
    oud = Gpmi.objects.create(
        client=client_, startdatum=d(400), domein="tewerkstelling", doelen="Werk"
    )
    GpmiEvaluatie.objects.create(gpmi=oud, datum=d(200), verslag="ok")
    GpmiEvaluatie.objects.create(gpmi=oud, datum=d(30), verslag="ok")
    assert "gpmi_evaluatie" not in alerts(client_)
    oud.einddatum = d(20)
    oud.save()
    Gpmi.objects.create(client=client_, startdatum=d(19), domein="opleiding", doelen="Opleiding")
    assert "gpmi_evaluatie" not in alerts(client_)


def test_ended_gpmi_does_not_alert(client_):
    Gpmi.objects.create(
        client=client_, startdatum=d(400), einddatum=d(10), domein="andere", doelen="x"
    )
    assert "gpmi_evaluatie" not in alerts(client_)


# --- geen_contact --------------------------------------------------------------------------


def test_no_contact_for_sixty_days_alerts():
    gemeente = gemeente_maak()
    c = client_maak(gemeente=gemeente)
    Logboekitem.objects.create(client=c, datum=d(61), soort="huisbezoek", tekst="Bezoek")
    # A partner report is not a contact of the social worker.
    Logboekitem.objects.create(client=c, datum=d(2), soort="partnermelding", tekst="Gestart")
    gevonden = alerts(c)
    assert "geen_contact" in gevonden
    assert "15/04/2025" in gevonden["geen_contact"]


def test_contact_within_sixty_days_does_not_alert():
    c = client_maak(gemeente=gemeente_maak())
    Logboekitem.objects.create(client=c, datum=d(61), soort="huisbezoek", tekst="Bezoek")
    Logboekitem.objects.create(client=c, datum=d(59), soort="telefoon", tekst="Gebeld")
    assert "geen_contact" not in alerts(c)


def test_never_contacted_counts_from_dossier_creation():
    c = client_maak(gemeente=gemeente_maak())
    Client.objects.filter(pk=c.pk).update(
        aangemaakt_op=datetime.datetime(2025, 3, 1, 10, 0, tzinfo=datetime.UTC)
    )
    assert "geen_contact" in alerts(c)
    Client.objects.filter(pk=c.pk).update(
        aangemaakt_op=datetime.datetime(2025, 5, 1, 10, 0, tzinfo=datetime.UTC)
    )
    assert "geen_contact" not in alerts(c)


def test_closed_dossier_has_no_alerts():
    c = client_maak(gemeente=gemeente_maak(), afgesloten_op=d(100))
    Logboekitem.objects.create(client=c, datum=d(300), soort="gesprek", tekst="x")
    assert alerts(c) == {}


# --- afwezigheden ------------------------------------------------------------------------


def _afwezig(t: Traject, datum: datetime.date, soort: str = "afwezigheid") -> Melding:
    return Melding.objects.create(traject=t, partner=t.partner, soort=soort, datum=datum)


def test_two_absences_within_thirty_days_alerts(client_):
    t = traject(client_, soort="jobhunting", status="lopend", startdatum=d(90))
    t.partner = partner_maak()
    t.save()
    _afwezig(t, d(29))
    _afwezig(t, d(1))
    gevonden = alerts(client_)
    assert "afwezigheden" in gevonden
    assert gevonden["afwezigheden"].startswith("2 ")


def test_absences_spread_over_more_than_thirty_days_or_other_reports_do_not_alert(client_):
    t = traject(client_, soort="jobhunting", status="lopend", startdatum=d(90))
    t.partner = partner_maak()
    t.save()
    _afwezig(t, d(31))
    _afwezig(t, d(1))
    _afwezig(t, d(2), soort="voortgang")
    assert "afwezigheden" not in alerts(client_)


# --- aanmelding_niet_gestart -------------------------------------------------------------


def test_referral_not_started_after_thirty_days_alerts(client_):
    traject(client_, soort="mentoring", status="aangemeld", aanmelddatum=d(31))
    gevonden = alerts(client_)
    assert "aanmelding_niet_gestart" in gevonden
    assert "15/05/2025" in gevonden["aanmelding_niet_gestart"]


def test_recent_or_started_referral_does_not_alert(client_):
    traject(client_, soort="mentoring", status="aangemeld", aanmelddatum=d(30))
    traject(client_, soort="jobhunting", status="lopend", aanmelddatum=d(90), startdatum=d(50))
    assert "aanmelding_niet_gestart" not in alerts(client_)


# --- leefloon_zonder_traject -------------------------------------------------------------


def test_leefloon_episode_over_twelve_months_without_traject_alerts(client_):
    # Two periods with a 20-day gap form one episode that started 14 months ago.
    leefloon_maak(client=client_, startdatum=d(430), einddatum=d(200))
    leefloon_maak(client=client_, startdatum=d(180))
    gevonden = alerts(client_)
    assert "leefloon_zonder_traject" in gevonden
    assert "11/04/2024" in gevonden["leefloon_zonder_traject"]


def test_long_gap_starts_a_new_episode(client_):
    leefloon_maak(client=client_, startdatum=d(800), einddatum=d(400))
    leefloon_maak(client=client_, startdatum=d(300))  # 100 days later: new, shorter episode
    assert "leefloon_zonder_traject" not in alerts(client_)


def test_leefloon_episode_with_traject_or_ended_does_not_alert(client_):
    leefloon_maak(client=client_, startdatum=d(500))
    traject(
        client_,
        soort="sollicitatietraining",
        status="afgerond",
        startdatum=d(200),
        einddatum=d(150),
        uitkomst="overige",
    )
    assert "leefloon_zonder_traject" not in alerts(client_)

    ander = client_maak(gemeente=client_.gemeente)
    leefloon_maak(client=ander, startdatum=d(800), einddatum=d(10))  # no benefit today
    assert "leefloon_zonder_traject" not in alerts(ander)


def test_traject_closed_before_the_episode_does_not_count(client_):
    traject(
        client_,
        soort="opleiding",
        status="afgerond",
        startdatum=d(900),
        einddatum=d(800),
        uitkomst="opleiding",
    )
    leefloon_maak(client=client_, startdatum=d(500))
    assert "leefloon_zonder_traject" in alerts(client_)


def test_current_benefit_soort_and_episode_start_are_annotated(client_):
    leefloon_maak(client=client_, soort="equivalent_leefloon", startdatum=d(100), einddatum=d(50))
    leefloon_maak(client=client_, soort="leefloon", startdatum=d(40))
    c = clients_met_alerts(Client.objects.filter(pk=client_.pk), vandaag=VANDAAG).get()
    assert c.uitkering_soort == "leefloon"
    assert c.episode_start == d(100)


def test_alert_count_is_usable_in_filters(client_):
    traject(client_, soort="mentoring", status="aangemeld", aanmelddatum=d(60))
    leefloon_maak(client=client_, startdatum=d(500))
    rustig = client_maak(gemeente=client_.gemeente)
    Logboekitem.objects.create(client=rustig, datum=d(1), soort="gesprek", tekst="x")
    qs = clients_met_alerts(Client.objects.all(), vandaag=VANDAAG)
    assert list(qs.filter(alert_aantal__gt=0).values_list("pk", flat=True)) == [client_.pk]
    # An open referral counts as a traject in the episode.
    assert qs.get(pk=client_.pk).alert_aantal == 1
