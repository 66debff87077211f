"""`manage.py importeer`: the worked example, idempotence, formats and error reporting."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.formats import date_format

import pytest

from activering.models import Gemeente, Inwoners, Medewerker, Team
from clients.models import Client, Uitkeringsperiode
from partners.models import Overeenkomst, Partner
from rapportering.models import LapOvereenkomst
from trajecten.models import Traject, Werkperiode

pytestmark = pytest.mark.django_db

MODELLEN = {
    "gemeenten.csv": Gemeente,
    "inwoners.csv": Inwoners,
    "medewerkers.csv": Medewerker,
    "partners.csv": Partner,
    "overeenkomsten.csv": Overeenkomst,
    "lap.csv": LapOvereenkomst,
    "clienten.csv": Client,
    "uitkeringsperiodes.csv": Uitkeringsperiode,
    "trajecten.csv": Traject,
    "werkperiodes.csv": Werkperiode,
}


def importeer(map_pad, *args) -> str:
    uit = io.StringIO()
    call_command("importeer", str(map_pad), *args, stdout=uit, stderr=io.StringIO())
    return uit.getvalue()


def aantallen() -> dict[str, int]:
    return {bestand: model.objects.count() for bestand, model in MODELLEN.items()}


def data_regels(pad) -> int:
    return len(pad.read_text(encoding="utf-8-sig").strip().splitlines()) - 1


def test_worked_example_imports_every_row(voorbeeld):
    uitvoer = importeer(voorbeeld)

    verwacht = {naam: data_regels(voorbeeld / naam) for naam in MODELLEN}
    assert verwacht["gemeenten.csv"] == 3
    assert verwacht["clienten.csv"] == 150
    assert aantallen() == verwacht
    for naam, aantal in verwacht.items():
        assert f"{naam}: {aantal} nieuw, 0 bijgewerkt, 0 ongewijzigd" in uitvoer

    client = Client.objects.get(referentie="e647cb8f-74e6-9a5d-0dd2-7a65bd628881")
    assert client.gemeente.nis_code == "12025"
    assert client.rijksregisternummer == "95031500905"
    assert client.geslacht == "m"
    assert client.maatschappelijk_assistent.user.username == "ma_12025_6"
    # staff: unusable password, profile, teams created within their gemeente
    user = get_user_model().objects.get(username="ma_12025_5")
    assert not user.has_usable_password()
    assert user.medewerker.vte == 0.5
    assert user.medewerker.team.naam == "team_12025_1"
    assert user.medewerker.team.gemeente.nis_code == "12025"
    assert not get_user_model().objects.get(username="ma_12025_7").medewerker.actief
    assert Team.objects.count() == 6
    lap = LapOvereenkomst.objects.get(gemeente__nis_code="12029")
    assert lap.referentie_leefloners == 72
    assert (
        LapOvereenkomst.objects.get(
            gemeente__nis_code="12025", startdatum="2023-12-01"
        ).referentie_leefloners
        is None
    )
    traject = Traject.objects.get(referentie="T5-p")
    assert (traject.status, traject.startdatum, traject.partner.code) == (
        "aangemeld",
        None,
        "COSEARCH",
    )


def test_reimport_changes_nothing(voorbeeld):
    importeer(voorbeeld)
    voor = aantallen()
    gewijzigd_op = dict(Client.objects.values_list("referentie", "gewijzigd_op"))

    uitvoer = importeer(voorbeeld)

    assert aantallen() == voor
    for naam, aantal in voor.items():
        assert f"{naam}: 0 nieuw, 0 bijgewerkt, {aantal} ongewijzigd" in uitvoer
    assert dict(Client.objects.values_list("referentie", "gewijzigd_op")) == gewijzigd_op


def test_reimport_updates_changed_rows_in_place(voorbeeld):
    importeer(voorbeeld)
    pad = voorbeeld / "clienten.csv"
    pad.write_text(
        pad.read_text(encoding="utf-8").replace(",Jan,El Amrani,", ",Janneke,El Amrani,", 1),
        encoding="utf-8",
    )
    client = Client.objects.get(referentie="e647cb8f-74e6-9a5d-0dd2-7a65bd628881")

    uitvoer = importeer(voorbeeld)

    assert "clienten.csv: 0 nieuw, 1 bijgewerkt, 149 ongewijzigd" in uitvoer
    client.refresh_from_db()
    assert client.voornaam == "Janneke"
    assert client.versie == 2
    assert Client.objects.count() == 150


def _analyze(queries) -> set[str]:
    return {q["sql"].split()[-1].strip('"') for q in queries if q["sql"].startswith("ANALYZE")}


def test_an_import_refreshes_the_planner_statistics_a_dry_run_does_not(voorbeeld):
    """Right after a bulk load the planner would believe the tables empty (the dashboard then
    took seconds instead of milliseconds): a landed import ANALYZEs what it filled."""
    with CaptureQueriesContext(connection) as proef:
        importeer(voorbeeld, "--dry-run")
    assert _analyze(proef.captured_queries) == set()
    with CaptureQueriesContext(connection) as echt:
        importeer(voorbeeld)
    assert _analyze(echt.captured_queries) >= {
        "clients_client",
        "clients_uitkeringsperiode",
        "trajecten_traject",
        "trajecten_werkperiode",
    }


def test_dry_run_lands_nothing(voorbeeld):
    uitvoer = importeer(voorbeeld, "--dry-run")

    assert "clienten.csv: 150 nieuw" in uitvoer
    assert set(aantallen().values()) == {0}
    assert not get_user_model().objects.exists()


def schrijf(map_pad, bestanden: dict[str, str | bytes]) -> None:
    map_pad.mkdir(exist_ok=True)
    for naam, inhoud in bestanden.items():
        data = inhoud if isinstance(inhoud, bytes) else inhoud.encode("utf-8")
        (map_pad / naam).write_bytes(data)


def importeer_fout(map_pad, *args) -> list[str]:
    """Run an import that must fail; return the reported problem lines."""
    fouten = io.StringIO()
    with pytest.raises(CommandError, match="niets ingeladen"):
        call_command(
            "importeer", str(map_pad), *args, verbosity=0, stdout=io.StringIO(), stderr=fouten
        )
    return fouten.getvalue().splitlines()


BASIS = {
    "gemeenten.csv": "nis_code,naam\n12025,Mechelen\n",
    "partners.csv": "code,naam,soort\nJOBROAD,Jobroad,trajectpartner\n",
}


def test_semicolon_belgian_dates_and_decimal_comma(tmp_path):
    schrijf(
        tmp_path,
        {
            **BASIS,
            "lap.csv": "gemeente;startdatum;einddatum;subsidie_eur\n"
            "12025;01/12/2023;30/11/2024;320156,81\n",
            "clienten.csv": "referentie;gemeente;voornaam;achternaam;geboortedatum;geslacht\n"
            "DOS-1;12025;An;Peeters;5/3/1990;v\n",
            "werkperiodes.csv": "client;startdatum;werkgever;contracttype;einddatum;uren_per_week\n"
            "DOS-1;01/02/2024;Bakkerij Jansens;tijdelijk;;19,5\n",
        },
    )

    importeer(tmp_path)

    lap = LapOvereenkomst.objects.get()
    assert (str(lap.startdatum), str(lap.einddatum), str(lap.subsidie_eur)) == (
        "2023-12-01",
        "2024-11-30",
        "320156.81",
    )
    assert lap.referentie_leefloners is None  # optional column left out
    client = Client.objects.get()
    assert str(client.geboortedatum) == "1990-03-05"
    assert client.rijksregisternummer is None
    werk = Werkperiode.objects.get()
    assert (str(werk.startdatum), werk.einddatum, str(werk.uren_per_week)) == (
        "2024-02-01",
        None,
        "19.5",
    )


def test_bom_and_case_insensitive_headers(tmp_path):
    schrijf(
        tmp_path,
        {
            "gemeenten.csv": b"\xef\xbb\xbfNIS_Code,Naam\r\n12025,Mechelen\r\n",
            "clienten.csv": "\ufeffReferentie, GEMEENTE ,Rijksregisternummer,Voornaam,"
            "Achternaam,Geboortedatum,Geslacht\r\n"
            "DOS-1,12025,93.05.18-223.61,Jan,Peeters,1993-05-18,m\r\n",
        },
    )

    importeer(tmp_path)

    assert Gemeente.objects.get().nis_code == "12025"
    assert Client.objects.get().rijksregisternummer == "93051822361"


def test_bad_folder_reports_every_problem_and_lands_nothing(tmp_path):
    schrijf(
        tmp_path,
        {
            **BASIS,
            # broken encoding: a Latin-1 'ë' (0xeb) in a UTF-8 file
            "partners.csv": b"code,naam,soort\nJOBROAD,Jobroad,trajectpartner\n"
            b"DUO,Duo for a job \xeb,trajectpartner\n",
            "clienten.csv": (
                "referentie,gemeente,rijksregisternummer,voornaam,achternaam,geboortedatum,"
                "geslacht\n"
                "DOS-1,12025,93051822361,Jan,Peeters,1993-05-18,m\n"
                "DOS-2,12025,93051822362,Piet,Peeters,1993-05-18,m\n"  # wrong check digit
                "DOS-3,12025,93.05.18-223.61,Joris,Peeters,1993-05-18,m\n"  # duplicate
                "DOS-4,12025,76021600459,Bert,Peeters,1976-02-17,m\n"  # birth date + gender
            ),
            "uitkeringsperiodes.csv": (
                "client,soort,startdatum,categorie,einddatum,stopreden\n"
                "DOS-1,leefloon,2024-01-01,alleenstaand,2024-06-30,werk\n"
                "DOS-1,leefloon,2024-06-30,alleenstaand,,\n"  # overlaps line 2 (same day)
                "DOS-2,leefloon,2024-05-01,alleenstaand,2024-04-01,\n"  # end before start
                "DOS-9,leefloon,2024-01-01,alleenstaand,,\n"  # unknown client
                "DOS-1,equivalent_leefloon,2024-01-01,getrouwd,,\n"  # unknown code
            ),
            # missing column: contracttype
            "werkperiodes.csv": "client,startdatum,werkgever,einddatum,uren_per_week\n"
            "DOS-1,2024-07-01,Bakkerij,,38\n",
        },
    )

    problemen = importeer_fout(tmp_path)

    verwacht = [
        "partners.csv:3: naam: ongeldige tekencodering: byte 0xeb is geen UTF-8",
        "clienten.csv:3: rijksregisternummer: Het controlegetal van het rijksregisternummer "
        "klopt niet.",
        "clienten.csv:4: rijksregisternummer: dit rijksregisternummer staat ook op regel 2",
        "clienten.csv:5: rijksregisternummer: Het rijksregisternummer past niet bij de "
        # a message for people: the birth date in the nl-BE short format, not ISO
        f"geboortedatum {date_format(datetime.date(1976, 2, 17), 'SHORT_DATE_FORMAT')}.",
        "clienten.csv:5: rijksregisternummer: Het rijksregisternummer is dat van een vrouw, "
        "niet van een man.",
        "uitkeringsperiodes.csv:3: startdatum: overlapt met de uitkeringsperiode van dezelfde "
        "soort vanaf 2024-01-01 (regel 2)",
        "uitkeringsperiodes.csv:4: einddatum: einddatum 2024-04-01 ligt voor startdatum 2024-05-01",
        "uitkeringsperiodes.csv:5: client: onbekende cliënt 'DOS-9'",
        "uitkeringsperiodes.csv:6: categorie: onbekende code 'getrouwd' (toegelaten: "
        "samenwonend, alleenstaand, gezinslast)",
        "werkperiodes.csv:1: contracttype: verplichte kolom ontbreekt",
    ]
    assert problemen == verwacht
    assert set(aantallen().values()) == {0}


def test_database_rows_count_for_overlap_and_references(voorbeeld, tmp_path):
    importeer(voorbeeld)
    voor = aantallen()
    client = "3f98e277-4cbd-87ad-5c90-a9587403e430"  # leefloon from 2019-10-27, ongoing
    schrijf(
        tmp_path / "nieuw",
        {
            "uitkeringsperiodes.csv": "client,soort,startdatum,categorie,einddatum,stopreden\n"
            f"{client},leefloon,2024-01-01,alleenstaand,,\n",
            "trajecten.csv": "referentie,client,soort,partner,status,startdatum,"
            "einddatum_gepland,einddatum,uitkomst\n"
            f"T-NIEUW,{client},art60,ONBEKEND,lopend,2024-01-01,,,\n"
            f"T-NIEUW-2,{client},art60,,afgerond,2024-03-01,,2024-04-01,\n"
            f"T-NIEUW-3,{client},wes,,lopend,2024-03-01,,,werk_3m_plus\n",
        },
    )

    problemen = importeer_fout(tmp_path / "nieuw")

    assert problemen == [
        "uitkeringsperiodes.csv:2: startdatum: overlapt met de uitkeringsperiode van dezelfde "
        "soort vanaf 2019-10-27 (al in de databank)",
        "trajecten.csv:2: partner: onbekende partner 'ONBEKEND'",
        "trajecten.csv:3: startdatum: overlapt met een ander art. 60-traject van deze cliënt "
        "vanaf 2024-01-01 (regel 2)",
        "trajecten.csv:4: uitkomst: een uitkomst kan enkel bij een afgerond of stopgezet traject",
    ]
    assert aantallen() == voor


def test_header_and_cell_problems_are_all_reported(tmp_path):
    schrijf(
        tmp_path,
        {
            **BASIS,
            "inwoners.csv": "nis_code,jaar,inwoners,opmerking\n12025,2024,89336,x\n",
            "lap.csv": "gemeente;startdatum;einddatum;subsidie_eur\n"
            "12025;2023-13-01;30/11/2024;1.234,56\n"
            "12025;2024-12-01;2025-11-30\n"
            "12025;;2025-11-30;10\n",
            "overeenkomsten.csv": "partner,gemeente,jaar,subsidie_eur,capaciteit,omschrijving,"
            "jaar\n",
        },
    )

    problemen = importeer_fout(tmp_path)

    assert problemen == [
        "inwoners.csv:1: opmerking: onbekende kolom (toegelaten: nis_code, jaar, inwoners)",
        "overeenkomsten.csv:1: jaar: deze kolom staat er twee keer",
        "lap.csv:2: startdatum: '2023-13-01' is geen bestaande datum",
        "lap.csv:2: subsidie_eur: '1.234,56' is geen getal (bv. 1234.56 of 1234,56)",
        "lap.csv:3: -: deze regel heeft 3 waarden, de kopregel 4 kolommen",
        "lap.csv:4: startdatum: waarde ontbreekt",
    ]


def test_database_constraint_violations_become_reported_problems(tmp_path):
    """A rule the importer does not know about (here: a constraint added on the spot) is
    reported on the right line instead of ending in a traceback."""
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE partners_partner ADD CONSTRAINT test_geen_verboden "
            "CHECK (naam <> 'Verboden')"
        )
    schrijf(
        tmp_path,
        {
            "partners.csv": "code,naam,soort\nJOBROAD,Jobroad,trajectpartner\n"
            "X,Verboden,andere\nDUO,DUO,trajectpartner\n",
        },
    )

    problemen = importeer_fout(tmp_path)

    assert problemen == [
        "partners.csv:3: -: de databank weigert deze rij (beperking test_geen_verboden)"
    ]
    assert not Partner.objects.exists()


def test_unknown_folder_or_empty_folder_fails_cleanly(tmp_path):
    assert importeer_fout(tmp_path / "bestaat-niet") == [
        f"{tmp_path / 'bestaat-niet'}:0: -: deze map bestaat niet"
    ]
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "client.csv").write_text("referentie\n")
    waarschuwing, probleem = importeer_fout(tmp_path / "leeg")
    assert (
        waarschuwing
        == "client.csv is geen bestand van het uitwisselingsformaat en werd overgeslagen"
    )
    assert "geen enkel bestand van het uitwisselingsformaat gevonden" in probleem


def test_unreadable_csv_and_empty_file_are_reported(tmp_path):
    schrijf(
        tmp_path,
        {
            "gemeenten.csv": "",
            "partners.csv": "code,naam,soort\nJOBROAD," + "x" * 200_000 + ",andere\n",
        },
    )

    problemen = importeer_fout(tmp_path)

    assert problemen[0] == "gemeenten.csv:1: -: de kopregel ontbreekt"
    assert problemen[1].startswith("partners.csv:2: -: onleesbare regel: field larger than")
    assert len(problemen) == 2
