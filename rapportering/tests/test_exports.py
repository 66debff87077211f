"""Exports: dashboard tables (CSV, XLSX) and the council report (XLSX, PDF), built by a real
Celery worker; the files hold the same numbers as ``bereken_indicatoren --json``; only the
requester and the gemeente's beheerders download them, and every download is audited."""

from __future__ import annotations

import csv
import io
import time
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from activering.constants import Rol
from activering.models import AuditEvent
from clients.tests.builders import medewerker_maak
from rapportering.exports import bestand_maken
from rapportering.exports.raadsrapport import raadsrapport_opbouwen, raadsrapport_pdf
from rapportering.grafieken import getal_tekst
from rapportering.models import Export
from rapportering.services import export_maak, exports_opruimen
from rapportering.tabellen import datum_label, maand_label

from .dashboard_data import command_json, dashboard_wereld_maak

HTMX = {"HTTP_HX_REQUEST": "true"}


def aangemeld(client, gebruikersnaam: str):
    client.force_login(get_user_model().objects.get(username=gebruikersnaam))
    return client


def wacht_op(export_id: int, seconden: int = 120) -> Export:
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline:
        export = Export.objects.get(pk=export_id)
        if not export.loopt:
            return export
        time.sleep(0.3)
    raise AssertionError("export not ready in time")


def download(client, export: Export) -> bytes:
    antwoord = client.get(f"/rapportering/exports/{export.pk}/download/")
    assert antwoord.status_code == 200, antwoord
    return b"".join(antwoord.streaming_content)


def _verwacht(rij_indicator: str, periode: str, sleutel: str, peildatum: str, cache: dict):
    if len(periode) == 7:
        sleutel_cache = ("maand", periode)
        if sleutel_cache not in cache:
            cache[sleutel_cache] = command_json(
                "--gemeente", "12025", "--maand", periode, "--peildatum", peildatum
            )
        return cache[sleutel_cache]["indicatoren"][rij_indicator]
    if len(periode) == 4:
        sleutel_cache = ("jaar", periode)
        if sleutel_cache not in cache:
            cache[sleutel_cache] = command_json(
                "--gemeente", "12025", "--jaar", periode, "--peildatum", peildatum
            )
        if sleutel.startswith("partner:"):
            return cache[sleutel_cache]["partners"][sleutel.split(":", 1)[1]][rij_indicator]
        return cache[sleutel_cache]["indicatoren"][rij_indicator]
    if "lap" not in cache:
        cache["lap"] = command_json("--gemeente", "12025", "--lap", "--peildatum", peildatum)
    (o,) = [o for o in cache["lap"]["lap"] if o["startdatum"] == periode]
    return o[rij_indicator]


def _gelijk(cel, verwacht) -> bool:
    if verwacht is None:
        return cel is None
    if isinstance(verwacht, int):
        return cel == verwacht
    return Decimal(str(cel)) == Decimal(verwacht)


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_council_report_xlsx_and_pdf_hold_the_command_numbers(
    transactional_db, client, celery_worker
):
    w = dashboard_wereld_maak()
    aangemeld(client, "tl.a")
    van, tot = f"{w.vandaag.year - 1}-01", w.vandaag.strftime("%Y-%m")
    ids = []
    for formaat in ("xlsx", "pdf"):
        antwoord = client.post(
            "/rapportering/exports/nieuw/",
            {
                "soort": "raadsrapport",
                "gemeente": "12025",
                "van": van,
                "tot": tot,
                "formaat": formaat,
            },
            **HTMX,
        )
        assert antwoord.status_code == 200
        assert 'hx-trigger="every 2s"' in antwoord.content.decode()
        ids.append(Export.objects.latest("id").pk)
    xlsx, pdf = (wacht_op(i) for i in ids)
    assert xlsx.status == pdf.status == Export.Status.KLAAR, (xlsx.foutmelding, pdf.foutmelding)
    peildatum = xlsx.parameters["peildatum"]
    assert peildatum == w.vandaag.isoformat()

    # The polled status fragment now offers the download.
    fragment = client.get(f"/rapportering/exports/{xlsx.pk}/", **HTMX).content.decode()
    assert "Downloaden" in fragment and "hx-trigger" not in fragment

    werkboek = load_workbook(io.BytesIO(download(client, xlsx)))
    assert werkboek.sheetnames == ["Raadsrapport", "Gegevens"]
    blad = werkboek["Raadsrapport"]
    teksten = [str(c.value) for rij in blad.iter_rows() for c in rij if c.value is not None]
    assert any("Hoeveel procent stroomt uit binnen zes maanden" in t for t in teksten)
    assert any(t.startswith("aanname: LAP_WORKED_DAYS = 90") for t in teksten)
    cache: dict = {}
    codes = set()
    for tabel, code, periode, sleutel, waarde in werkboek["Gegevens"].iter_rows(
        min_row=2, values_only=True
    ):
        verwacht = _verwacht(code, periode, sleutel or "", peildatum, cache)
        assert _gelijk(waarde, verwacht), (tabel, code, periode, sleutel, waarde, verwacht)
        codes.add(code)
    assert {
        "leefloon_maand",
        "leefloon_per_1000",
        "uitstroom_binnen_6_maanden_pct_jaar",
        "afhankelijk_na_12_maanden_pct_jaar",
        "afhankelijk_na_24_maanden_pct_jaar",
        "art60_gemiddeld_jaar",
        "art60_doorstroom_pct",
        "maatschappelijk_assistenten",
        "caseload_per_vte",
        "kost_per_deelnemer",
        "kost_per_werkresultaat",
        "lap_resultaat",
    } <= codes

    inhoud = download(client, pdf)
    assert inhoud.startswith(b"%PDF")
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)
    maand = cache[("maand", tot)]["indicatoren"]
    assert "Raadsrapport activering leefloners – Mechelen" in tekst
    assert f"peildatum {datum_label(w.vandaag)}" in tekst  # nl-BE, not ISO
    assert f"peildatum {peildatum}" not in tekst
    assert getal_tekst(maand["caseload_per_vte"]) in tekst
    assert "Aantal verschillende cliënten met minstens één dag leefloon" in tekst
    assert "aanname: CASELOAD_TARGET = 75" in tekst
    lap = cache["lap"]["lap"][0]
    van_lap, tot_lap = (
        datum_label(date.fromisoformat(lap[k])) for k in ("startdatum", "einddatum")
    )
    assert f"{van_lap} – {tot_lap}" in tekst

    gedownload = AuditEvent.objects.filter(actie="export_gedownload", gebruiker__username="tl.a")
    assert gedownload.count() == 2
    assert AuditEvent.objects.filter(actie="export_aangevraagd").count() == 2
    for export in (xlsx, pdf):
        export.bestand.delete(save=False)


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_dashboard_table_as_csv_and_xlsx(transactional_db, client, celery_worker):
    w = dashboard_wereld_maak()
    aangemeld(client, "analist")
    filters = {
        "gemeente": "12025",
        "van": f"{w.vandaag.year}-01",
        "tot": w.vandaag.strftime("%Y-%m"),
    }
    ids = []
    for formaat in ("csv", "xlsx"):
        antwoord = client.post(
            "/rapportering/exports/nieuw/",
            {"soort": "tabel", "tabel": "leefloners", "formaat": formaat, **filters},
        )
        assert antwoord.status_code == 302
        ids.append(Export.objects.latest("id").pk)
    csv_export, xlsx_export = (wacht_op(i) for i in ids)
    assert csv_export.status == xlsx_export.status == Export.Status.KLAAR

    peildatum = w.vandaag.isoformat()  # nothing stored: computed with peildatum today
    verwacht = command_json(
        "--gemeente", "12025", "--maand", filters["tot"], "--peildatum", peildatum
    )["indicatoren"]
    regels = download(client, csv_export).decode("utf-8-sig").splitlines()
    assert regels[0] == "Maand;LL;ELL;LL per 1.000 inw.;ELL per 1.000 inw."
    laatste = [r for r in regels if r.startswith(maand_label(w.vandaag.replace(day=1)))]
    assert laatste[0].split(";")[1:] == [
        str(verwacht["leefloon_maand"]),
        str(verwacht["equivalent_leefloon_maand"]),
        verwacht["leefloon_per_1000"].replace(".", ","),
        verwacht["equivalent_leefloon_per_1000"].replace(".", ","),
    ]
    rijen_csv = list(csv.reader(regels, delimiter=";"))
    assert any(r and r[0].startswith("Aantal verschillende cliënten") for r in rijen_csv)

    werkboek = load_workbook(io.BytesIO(download(client, xlsx_export)))
    rijen = [r for r in werkboek["Gegevens"].iter_rows(min_row=2, values_only=True)]
    laatste = {code: waarde for _t, code, periode, _s, waarde in rijen if periode == filters["tot"]}
    assert laatste["leefloon_maand"] == verwacht["leefloon_maand"]
    assert Decimal(str(laatste["leefloon_per_1000"])) == Decimal(verwacht["leefloon_per_1000"])
    for export in (csv_export, xlsx_export):
        export.bestand.delete(save=False)


# --- permissions and bad input (the file is built in-process here) ----------------------------


@pytest.fixture
def w(db):
    return dashboard_wereld_maak()


def _export_van(client, gebruiker: str, w) -> Export:
    aangemeld(client, gebruiker)
    client.post(
        "/rapportering/exports/nieuw/",
        {
            "soort": "tabel",
            "tabel": "duur",
            "formaat": "csv",
            "gemeente": "12025",
            "van": w.vandaag.strftime("%Y-%m"),
            "tot": w.vandaag.strftime("%Y-%m"),
        },
    )
    export = Export.objects.latest("id")
    export_maak(export_id=export.pk)  # no worker: build it here
    export.refresh_from_db()
    assert export.status == Export.Status.KLAAR
    return export


def test_only_requester_and_beheerder_of_the_gemeente_download(client, w):
    export = _export_van(client, "tl.a", w)
    url = f"/rapportering/exports/{export.pk}/download/"
    assert client.get(url).status_code == 200
    medewerker_maak(gemeente=w.gemeente, rol=Rol.TEAMLEIDER, gebruikersnaam="tl.b")
    medewerker_maak(gemeente=w.andere_gemeente, rol=Rol.BEHEERDER, gebruikersnaam="beheer.h")
    for gebruiker, status in (
        ("beheer", 200),
        ("tl.b", 404),
        ("analist", 404),
        ("beheer.h", 404),
        ("ma.a1", 403),
    ):
        aangemeld(client, gebruiker)
        assert client.get(url).status_code == status, gebruiker
        assert client.get(f"/rapportering/exports/{export.pk}/").status_code == status, gebruiker
    client.logout()
    assert client.get(url).status_code == 302
    assert AuditEvent.objects.filter(actie="export_gedownload").count() == 2
    export.bestand.delete(save=False)


def test_export_list_shows_only_my_exports(client, w):
    mijn = _export_van(client, "tl.a", w)
    ander = _export_van(client, "beheer", w)
    html = aangemeld(client, "tl.a").get("/rapportering/exports/").content.decode()
    assert f"export-item-{mijn.pk}" in html and f"export-item-{ander.pk}" not in html
    for export in (mijn, ander):
        export.bestand.delete(save=False)


@pytest.mark.parametrize(
    ("data", "bericht"),
    [
        ({"soort": "tabel", "tabel": "bestaat_niet", "formaat": "csv"}, "Onbekende tabel."),
        ({"soort": "tabel", "tabel": "duur", "formaat": "pdf"}, "Kies CSV of XLSX."),
        (
            {
                "soort": "raadsrapport",
                "gemeente": "12025",
                "van": "2025-01",
                "tot": "2024-01",
                "formaat": "pdf",
            },
            "De eerste maand ligt na de laatste maand.",
        ),
        (
            {
                "soort": "raadsrapport",
                "gemeente": "11002",
                "van": "2025-01",
                "tot": "2025-02",
                "formaat": "pdf",
            },
            "U kunt de cijfers van deze gemeente niet bekijken.",
        ),
        (
            {
                "soort": "raadsrapport",
                "gemeente": "12025",
                "van": "2025-01",
                "tot": "2025-02",
                "formaat": "csv",
            },
            "Kies PDF of XLSX.",
        ),
    ],
)
def test_bad_export_request_gives_a_dutch_message_and_creates_nothing(client, w, data, bericht):
    aangemeld(client, "tl.a")
    antwoord = client.post("/rapportering/exports/nieuw/", data)
    assert antwoord.status_code == 400
    assert bericht in antwoord.content.decode()
    fragment = client.post("/rapportering/exports/nieuw/", data, **HTMX)
    assert fragment.status_code == 200 and bericht in fragment.content.decode()
    assert not Export.objects.exists()


def test_social_worker_cannot_ask_for_exports(client, w):
    aangemeld(client, "ma.a1")
    assert client.get("/rapportering/exports/").status_code == 403
    antwoord = client.post("/rapportering/exports/nieuw/", {"soort": "raadsrapport"})
    assert antwoord.status_code == 403


def test_failed_export_is_marked_with_a_dutch_message(client, w):
    export = Export.objects.create(
        soort="tabel",
        formaat="csv",
        tabel="vergelijking",  # not on a dashboard without comparison
        gemeente=w.gemeente,
        parameters={"gemeente": "12025", "van": "2025-01", "tot": "2025-01"},
        aangevraagd_door=w.tl_a.user,
    )
    export_maak(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.MISLUKT
    assert export.foutmelding == "Deze tabel is er niet voor de gekozen filters."
    assert not export.bestand


def test_council_report_pdf_has_every_question(w):
    rapport = raadsrapport_opbouwen(
        gemeente=w.gemeente,
        van=w.vandaag.replace(month=1, day=1),
        tot=w.vandaag.replace(day=1),
        peildatum=w.vandaag,
    )
    tekst = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(raadsrapport_pdf(rapport))).pages
    )
    for vraag in (
        "exacte cijfers",
        "binnen zes maanden",
        "artikel 60",
        "maatschappelijk werkers",
        "partners",
        "lokaal activeringspact",
    ):
        assert vraag in tekst.replace("\n", " ")
    # Every table has its definition printed under it.
    assert tekst.count("Definitie:") == len(rapport.tabellen())
    assert "Per partner en jaar: deelnemers" in tekst.replace("\n", " ")


def test_table_export_file_name_holds_no_personal_data(w):
    export = Export(
        soort="tabel",
        formaat="csv",
        tabel="caseload_medewerkers",
        gemeente=w.gemeente,
        parameters={
            "gemeente": "12025",
            "van": w.vandaag.strftime("%Y-%m"),
            "tot": w.vandaag.strftime("%Y-%m"),
        },
    )
    naam, inhoud = bestand_maken(export)
    assert naam == f"caseload_medewerkers-12025-{w.vandaag:%Y-%m}-{w.vandaag:%Y-%m}.csv"
    assert "Maatschappelijk assistent;Team" in inhoud.decode("utf-8-sig")


def test_old_exports_are_deleted_with_their_files(
    w, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_BEWAARDAGEN = 30
    nu = timezone.now()

    def export_met_bestand(dagen_oud: int) -> Export:
        export = Export.objects.create(
            soort="raadsrapport",
            formaat="pdf",
            gemeente=w.gemeente,
            status=Export.Status.KLAAR,
            aangevraagd_door=w.tl_a.user,
        )
        export.bestand.save("raadsrapport.pdf", ContentFile(b"%PDF-1.4"), save=True)
        Export.objects.filter(pk=export.pk).update(aangemaakt_op=nu - timedelta(days=dagen_oud))
        return export

    oud, vers = export_met_bestand(31), export_met_bestand(29)
    mislukt_oud = Export.objects.create(
        soort="tabel",
        formaat="csv",
        tabel="caseload",
        gemeente=w.gemeente,
        status=Export.Status.MISLUKT,
        aangevraagd_door=w.tl_a.user,
    )
    Export.objects.filter(pk=mislukt_oud.pk).update(aangemaakt_op=nu - timedelta(days=40))
    oud_pad = tmp_path / oud.bestand.name

    with django_capture_on_commit_callbacks(execute=True):
        assert exports_opruimen(nu=nu) == 2

    assert list(Export.objects.values_list("pk", flat=True)) == [vers.pk]
    assert not oud_pad.exists()
    assert (tmp_path / vers.bestand.name).read_bytes() == b"%PDF-1.4"


def test_export_cleanup_is_on_the_nightly_beat_schedule(settings):
    regel = settings.CELERY_BEAT_SCHEDULE["rapportering-exports-opruimen"]
    assert regel["task"] == "rapportering.tasks.exports_opruimen"
