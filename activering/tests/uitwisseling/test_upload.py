"""The browser import (/beheer/import/): upload, background job on a real Celery worker,
progress, the same report as ``manage.py importeer``, access rules and upload checks."""

from __future__ import annotations

import datetime
import io
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from activering.constants import Rol
from activering.models import AuditEvent, Gemeente, Importopdracht, Medewerker
from activering.uitwisseling import opdrachten
from activering.uitwisseling.resultaat import Voortgang
from clients.models import Client
from conftest import VOORBEELD
from trajecten.models import Traject

LIJST = "/beheer/import/"
NIEUW = "/beheer/import/nieuw/"
NIS_EIGEN = "99001"  # the beheerder's own gemeente, not in the worked example


def _medewerker(rol: str, username: str) -> Medewerker:
    gemeente, _ = Gemeente.objects.get_or_create(nis_code=NIS_EIGEN, defaults={"naam": "Eigen"})
    user = get_user_model().objects.create_user(username=username)
    return Medewerker.objects.create(user=user, rol=rol, gemeente=gemeente)


@pytest.fixture
def beheerder(db) -> Medewerker:
    return _medewerker(Rol.BEHEERDER, "beheerder_import")


@pytest.fixture
def web(client, beheerder):
    client.force_login(beheerder.user)
    return client


def _voorbeeld_bestanden() -> dict[str, bytes]:
    return {pad.name: pad.read_bytes() for pad in sorted(VOORBEELD.glob("*.csv"))}


def _data_regels(inhoud: bytes) -> int:
    return len(inhoud.decode("utf-8-sig").strip().splitlines()) - 1


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, data in entries.items():
            archief.writestr(naam, data)
    return buffer.getvalue()


def _upload(web, bestanden: dict[str, bytes], *, modus: str = "echt"):
    return web.post(
        NIEUW,
        {
            "modus": modus,
            "bestanden": [SimpleUploadedFile(naam, data) for naam, data in bestanden.items()],
        },
    )


def _wacht(opdracht_id: int, timeout: float = 90) -> Importopdracht:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        opdracht = Importopdracht.objects.get(pk=opdracht_id)
        if opdracht.afgelopen:
            return opdracht
        time.sleep(0.2)
    raise AssertionError(f"importopdracht {opdracht_id} is not finished after {timeout} s")


def _opdracht_na_upload(response) -> Importopdracht:
    assert response.status_code == 302, response.content.decode()[:2000]
    opdracht = Importopdracht.objects.get()
    assert response["Location"] == reverse("uitwisseling:detail", args=[opdracht.pk])
    return opdracht


def _prive_mappen() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / opdrachten.PRIVE_MAP
    return set(root.iterdir()) if root.is_dir() else set()


# --- With a real worker ----------------------------------------------------------------------


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_uploading_the_worked_example_imports_it_and_shows_the_summary(
    transactional_db, celery_worker, web, beheerder
):
    bestanden = _voorbeeld_bestanden()
    assert len(bestanden) == 10
    mappen_voor = _prive_mappen()

    opdracht = _opdracht_na_upload(_upload(web, bestanden))
    assert opdracht.taak_id
    assert opdracht.gebruiker == beheerder.user
    opdracht = _wacht(opdracht.pk)

    assert opdracht.status == Importopdracht.Status.GESLAAGD, opdracht.problemen
    assert opdracht.voortgang == 100
    assert opdracht.gestart_op and opdracht.beeindigd_op
    verwacht = {naam: _data_regels(data) for naam, data in bestanden.items()}
    assert verwacht["clienten.csv"] == 150
    assert {b["bestand"]: b["aangemaakt"] for b in opdracht.samenvatting} == verwacht
    assert Client.objects.count() == 150
    assert Traject.objects.count() == verwacht["trajecten.csv"]
    assert Gemeente.objects.count() == verwacht["gemeenten.csv"] + 1  # + the beheerder's own
    assert Medewerker.objects.count() == verwacht["medewerkers.csv"] + 1

    # the uploaded files are gone
    assert opdracht.map == ""
    assert _prive_mappen() == mappen_voor

    pagina = web.get(reverse("uitwisseling:detail", args=[opdracht.pk])).content.decode()
    assert "Import geslaagd" in pagina
    # Finished: the status block no longer polls.
    assert reverse("uitwisseling:status", args=[opdracht.pk]) not in pagina
    rij = pagina.split('data-bestand="clienten.csv"', 1)[1].split("</tr>", 1)[0]
    assert [cel.split("<", 1)[0] for cel in rij.split('class="getal">')[1:]] == [
        "150",
        "150",
        "0",
        "0",
    ]
    # the history lists it
    lijst = web.get(LIJST).content.decode()
    assert reverse("uitwisseling:detail", args=[opdracht.pk]) in lijst

    # audited with ids and counts only
    acties = {e.actie: e for e in AuditEvent.objects.filter(gebruiker=beheerder.user)}
    assert {"importopdracht_aangemaakt", "importopdracht_afgerond", "uitwisseling_import"} <= set(
        acties
    )
    afgerond = acties["importopdracht_afgerond"]
    assert afgerond.object_id == str(opdracht.pk)
    assert afgerond.details["bestanden"]["clienten.csv"]["aangemaakt"] == 150
    client = Client.objects.order_by("pk").first()
    for event in acties.values():
        assert client.achternaam not in str(event.details)
        assert client.referentie not in str(event.details)


GEMEENTEN_FOUT = b"nis_code,naam\n1234,Te kort\n12025,Mechelen\n"
CLIENTEN_FOUT = (
    b"referentie,gemeente,voornaam,achternaam,geboortedatum,geslacht\n"
    b"DOS-1,12025,An,Peeters,31/02/1980,v\n"
    b"DOS-2,55555,Jan,Janssens,1980-01-01,q\n"
    b"DOS-3,12025,Els,Claes,1981-05-04,v\n"
)


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_a_bad_upload_shows_the_commands_problems_and_lands_nothing(
    transactional_db, celery_worker, web, tmp_path
):
    bestanden = {"gemeenten.csv": GEMEENTEN_FOUT, "clienten.csv": CLIENTEN_FOUT}
    # What the command reports for the same files.
    for naam, data in bestanden.items():
        (tmp_path / naam).write_bytes(data)
    fouten = io.StringIO()
    with pytest.raises(CommandError):
        call_command("importeer", str(tmp_path), verbosity=0, stdout=io.StringIO(), stderr=fouten)
    verwacht = [regel for regel in fouten.getvalue().splitlines() if regel.strip()]
    assert len(verwacht) >= 4
    assert Gemeente.objects.count() == 1

    opdracht = _wacht(_opdracht_na_upload(_upload(web, bestanden)).pk)

    assert opdracht.status == Importopdracht.Status.MISLUKT
    assert opdracht.problemen == verwacht
    assert opdracht.aantal_problemen == len(verwacht)
    assert any(p.startswith("gemeenten.csv:2: nis_code: ") for p in opdracht.problemen)
    assert any(p.startswith("clienten.csv:3: gemeente: ") for p in opdracht.problemen)
    assert Gemeente.objects.count() == 1  # nothing landed, not even the valid Mechelen row
    assert Client.objects.count() == 0

    pagina = web.get(reverse("uitwisseling:detail", args=[opdracht.pk])).content.decode()
    assert "niets werd geïmporteerd" in pagina
    for probleem in verwacht:
        assert probleem.replace("'", "&#x27;") in pagina
    tekst = web.get(reverse("uitwisseling:problemen", args=[opdracht.pk]))
    assert tekst.content.decode().splitlines() == verwacht


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_a_dry_run_of_a_zipped_folder_counts_but_lands_nothing(
    transactional_db, celery_worker, web
):
    bestanden = _voorbeeld_bestanden()
    archief = _zip({f"voorbeeld/{naam}": data for naam, data in bestanden.items()})

    opdracht = _opdracht_na_upload(_upload(web, {"voorbeeld.zip": archief}, modus="proef"))
    assert opdracht.dry_run
    assert sorted(b["naam"] for b in opdracht.bestanden) == sorted(bestanden)
    opdracht = _wacht(opdracht.pk)

    assert opdracht.status == Importopdracht.Status.GESLAAGD, opdracht.problemen
    assert {b["bestand"]: b["aangemaakt"] for b in opdracht.samenvatting}["clienten.csv"] == 150
    assert Client.objects.count() == 0
    assert Gemeente.objects.count() == 1
    assert not AuditEvent.objects.filter(actie="uitwisseling_import").exists()
    pagina = web.get(reverse("uitwisseling:detail", args=[opdracht.pk])).content.decode()
    assert "Er werd niets bewaard" in pagina


# --- Progress and job handling (no worker needed) --------------------------------------------


@pytest.mark.django_db
def test_a_waiting_job_renders_a_polled_progress_element(web, beheerder):
    opdracht = Importopdracht.objects.create(gebruiker=beheerder.user, bestanden=[])
    cache.set(
        opdrachten.voortgang_sleutel(opdracht.pk),
        {"procent": 42, "bestand": "clienten.csv", "fase": "lezen"},
    )
    Importopdracht.objects.filter(pk=opdracht.pk).update(status="bezig")
    try:
        response = web.get(reverse("uitwisseling:status", args=[opdracht.pk]))
    finally:
        cache.delete(opdrachten.voortgang_sleutel(opdracht.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress id="importvoortgang" max="100" value="42">' in html
    assert f'hx-get="{reverse("uitwisseling:status", args=[opdracht.pk])}"' in html
    assert "<script" not in html and "style=" not in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_progress_meter_weighs_files_by_lines_and_never_goes_back():
    meter = opdrachten.VoortgangMeter(-1, {"gemeenten.csv": 100, "clienten.csv": 300})
    gezien = []
    for v in [
        Voortgang("gemeenten.csv", "lezen", 100, 100),
        Voortgang("gemeenten.csv", "schrijven", 100, 100),
        Voortgang("clienten.csv", "lezen", 300, 300),
        Voortgang("clienten.csv", "schrijven", 150, 300),
        Voortgang("clienten.csv", "schrijven", 10, 20),  # a second batch series starts low
        Voortgang("clienten.csv", "schrijven", 300, 300),
    ]:
        meter(v)
        gezien.append(cache.get(opdrachten.voortgang_sleutel(-1))["procent"])
    cache.delete(opdrachten.voortgang_sleutel(-1))
    assert gezien == [12, 25, 62, 81, 81, 99]


@pytest.mark.django_db
def test_a_finished_job_is_not_run_again_and_missing_files_fail_cleanly(beheerder):
    opdracht = Importopdracht.objects.create(
        gebruiker=beheerder.user, map=f"{opdrachten.PRIVE_MAP}/bestaat-niet"
    )
    uitgevoerd = opdrachten.importopdracht_uitvoeren(opdracht_id=opdracht.pk)
    assert uitgevoerd.status == Importopdracht.Status.MISLUKT
    assert uitgevoerd.problemen == [
        "upload:0: -: de opgeladen bestanden zijn niet meer beschikbaar; laad ze opnieuw op"
    ]
    assert opdrachten.importopdracht_uitvoeren(opdracht_id=opdracht.pk) is None


@pytest.mark.django_db
def test_a_job_running_past_the_time_limit_is_closed_when_the_history_is_opened(
    web, beheerder, settings
):
    settings.IMPORT_TIME_LIMIT = 60
    oud = Importopdracht.objects.create(
        gebruiker=beheerder.user,
        status=Importopdracht.Status.BEZIG,
        gestart_op=timezone.now() - datetime.timedelta(minutes=10),
    )
    recent = Importopdracht.objects.create(
        gebruiker=beheerder.user, status=Importopdracht.Status.BEZIG, gestart_op=timezone.now()
    )
    assert web.get(LIJST).status_code == 200
    oud.refresh_from_db()
    recent.refresh_from_db()
    assert oud.status == Importopdracht.Status.MISLUKT
    assert oud.problemen == ["upload:0: -: de import werd onderbroken (tijdslimiet of herstart)"]
    assert recent.status == Importopdracht.Status.BEZIG


# --- Access ----------------------------------------------------------------------------------


def _urls(pk: int) -> list[str]:
    return [
        LIJST,
        NIEUW,
        reverse("uitwisseling:detail", args=[pk]),
        reverse("uitwisseling:status", args=[pk]),
        reverse("uitwisseling:problemen", args=[pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [Rol.MAATSCHAPPELIJK_ASSISTENT, Rol.TEAMLEIDER, Rol.ANALIST])
def test_other_roles_get_403(client, rol):
    medewerker = _medewerker(rol, f"niet_beheerder_{rol}")
    opdracht = Importopdracht.objects.create(problemen=["gemeenten.csv:2: naam: x"])
    client.force_login(medewerker.user)
    for url in _urls(opdracht.pk):
        assert client.get(url).status_code == 403, url
    assert client.post(NIEUW, {"modus": "echt"}).status_code == 403
    assert Importopdracht.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page(client):
    opdracht = Importopdracht.objects.create()
    for url in _urls(opdracht.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_beheerders_home_links_to_the_import(web):
    assert LIJST in web.get("/").content.decode()


# --- Upload checks ---------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _geweigerd(response, bericht: str, media: Path) -> None:
    html = response.content.decode()
    assert response.status_code == 400
    assert bericht in html, html
    assert not Importopdracht.objects.exists()
    assert not AuditEvent.objects.filter(actie__startswith="importopdracht").exists()
    prive = media / opdrachten.PRIVE_MAP
    assert not prive.exists() or list(prive.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pad",
    ["../gemeenten.csv", "voorbeeld/../../gemeenten.csv", "/etc/gemeenten.csv", "C:/gemeenten.csv"],
)
def test_a_zip_with_a_path_traversal_entry_is_refused(web, media, pad):
    archief = _zip({"clienten.csv": b"referentie\n", pad: GEMEENTEN_FOUT})
    response = _upload(web, {"import.zip": archief})
    _geweigerd(response, "Het ZIP-bestand bevat een ongeldig pad", media)
    assert not (media.parent / "gemeenten.csv").exists()


@pytest.mark.django_db
def test_a_zip_with_a_non_csv_entry_is_refused(web, media):
    archief = _zip({"gemeenten.csv": GEMEENTEN_FOUT, "script.sh": b"rm -rf /\n"})
    _geweigerd(_upload(web, {"import.zip": archief}), "script.sh is geen CSV-bestand.", media)


@pytest.mark.django_db
def test_unknown_names_invalid_zips_and_mixed_uploads_are_refused(web, media):
    _geweigerd(
        _upload(web, {"personen.csv": b"a,b\n"}),
        "personen.csv is geen bestand van het uitwisselingsformaat",
        media,
    )
    _geweigerd(
        _upload(web, {"import.zip": b"PK\x03\x04 geen zip"}),
        "import.zip is geen geldig ZIP-bestand.",
        media,
    )
    _geweigerd(
        _upload(web, {"import.zip": _zip({"gemeenten.csv": b"x"}), "lap.csv": b"x"}),
        "Laad ofwel CSV-bestanden op, ofwel één ZIP-bestand",
        media,
    )
    _geweigerd(
        _upload(web, {"import.zip": _zip({"a/gemeenten.csv": b"x", "b/gemeenten.csv": b"y"})}),
        "gemeenten.csv staat er meer dan één keer in.",
        media,
    )
    _geweigerd(_upload(web, {}), "Kies minstens één CSV-bestand of één ZIP-bestand.", media)
    veel = {f"map{i}/": b"" for i in range(opdrachten.MAX_ZIP_ITEMS)} | {"lap.csv": b"x"}
    _geweigerd(
        _upload(web, {"import.zip": _zip(veel)}), "Het ZIP-bestand bevat te veel items", media
    )


@pytest.mark.django_db
def test_an_oversized_upload_is_refused(web, media, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    groot = GEMEENTEN_FOUT + b"12025,Mechelen\n" * 80_000  # about 1.2 MB
    _geweigerd(
        _upload(web, {"gemeenten.csv": groot}), "De upload is te groot (maximaal 1 MB).", media
    )
    # a small ZIP that unpacks beyond the limit (a "zip bomb") is refused too
    archief = _zip({"gemeenten.csv": groot})
    assert len(archief) < settings.IMPORT_MAX_BYTES
    _geweigerd(
        _upload(web, {"import.zip": archief}), "De upload is te groot (maximaal 1 MB).", media
    )


@pytest.mark.django_db
def test_a_valid_upload_is_stored_privately_until_the_job_runs(web, media, beheerder):
    response = _upload(web, {"Gemeenten.CSV": b"nis_code,naam\n12025,Mechelen\n"}, modus="proef")
    opdracht = _opdracht_na_upload(response)
    map_pad = media / opdracht.map
    assert opdracht.status == Importopdracht.Status.WACHTEND
    assert [p.name for p in map_pad.iterdir()] == ["gemeenten.csv"]
    assert map_pad.stat().st_mode & 0o077 == 0
    assert (map_pad / "gemeenten.csv").stat().st_mode & 0o077 == 0
    event = AuditEvent.objects.get(actie="importopdracht_aangemaakt")
    assert event.details == {"dry_run": True, "bestanden": 1, "bytes": 29, "zip": False}

    # the job itself (called directly here; the worker tests run it through Celery)
    uitgevoerd = opdrachten.importopdracht_uitvoeren(opdracht_id=opdracht.pk)
    assert uitgevoerd.status == Importopdracht.Status.GESLAAGD
    assert not map_pad.exists()
    assert not Gemeente.objects.filter(nis_code="12025").exists()
