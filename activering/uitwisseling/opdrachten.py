"""Writes for the browser import (``/beheer/import/``): an upload becomes an
``Importopdracht`` whose files wait in a private folder under ``MEDIA_ROOT`` until a Celery
job runs them through the same service as ``manage.py importeer``
(``services.uitwisseling_import``), with live progress in the cache.

Kept apart from ``services.py`` (the command's entry points) so that the import logic itself
is never duplicated here: this module only stores uploads, runs and reports jobs."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import time
import uuid
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from celery.exceptions import SoftTimeLimitExceeded
from kombu.exceptions import KombuError

from activering.models import Importopdracht
from activering.services import audit_log

from .resultaat import ImportResultaat, Probleem, Voortgang
from .services import uitwisseling_import
from .specificatie import BESTANDEN, BESTANDSNAMEN

logger = logging.getLogger(__name__)

#: Folder under MEDIA_ROOT for uploads waiting for their job (never served by the web server).
PRIVE_MAP = "prive/import"
#: At most this many problem lines are stored (the count is always exact).
MAX_PROBLEMEN = 10_000
#: "File" of a problem about the upload as a whole (the folder path is never shown).
UPLOAD = "upload"
#: A ZIP holds at most this many entries (folders included): ten files are expected.
MAX_ZIP_ITEMS = 100
_CHUNK = 1024 * 1024

Status = Importopdracht.Status


def voortgang_sleutel(opdracht_id: int) -> str:
    """Cache key of a running job's progress (the job's transaction hides the database row's
    changes until the end, so live progress goes through the cache)."""
    return f"importopdracht:{opdracht_id}:voortgang"


# --- Upload ----------------------------------------------------------------------------------


def _mb(aantal: int) -> str:
    return formats.number_format(aantal / (1024 * 1024), 0)


def _te_groot() -> ValidationError:
    return ValidationError(
        _("De upload is te groot (maximaal %(mb)s MB).") % {"mb": _mb(settings.IMPORT_MAX_BYTES)}
    )


def _toegelaten_namen() -> str:
    return ", ".join(spec.naam for spec in BESTANDEN)


def _controleer_naam(naam: str, gezien: set[str], fouten: list[str]) -> str | None:
    """The canonical (lower-case) exchange file name for ``naam``, or None (reported)."""
    if not naam.lower().endswith(".csv"):
        fouten.append(_("%(naam)s is geen CSV-bestand.") % {"naam": naam})
        return None
    canoniek = naam.lower()
    if canoniek not in BESTANDSNAMEN:
        fouten.append(
            _("%(naam)s is geen bestand van het uitwisselingsformaat (toegelaten: %(lijst)s).")
            % {"naam": naam, "lijst": _toegelaten_namen()}
        )
        return None
    if canoniek in gezien:
        fouten.append(_("%(naam)s staat er meer dan één keer in.") % {"naam": canoniek})
        return None
    gezien.add(canoniek)
    return canoniek


def _schrijf(doel: Path, naam: str, stukken, geschreven: int) -> int:
    """Write ``stukken`` (byte chunks) to a new private file; returns the new byte total and
    stops at the size limit (a ZIP's headers may lie about the unpacked size)."""
    fd = os.open(doel / naam, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as uit:
        for stuk in stukken:
            geschreven += len(stuk)
            if geschreven > settings.IMPORT_MAX_BYTES:
                raise _te_groot()
            uit.write(stuk)
    return geschreven


def _csv_opslaan(bestanden: Sequence[UploadedFile], doel: Path) -> list[dict]:
    fouten: list[str] = []
    gezien: set[str] = set()
    te_schrijven = []
    for bestand in bestanden:
        naam = _controleer_naam(Path(bestand.name or "").name, gezien, fouten)
        if naam is not None:
            te_schrijven.append((naam, bestand))
    if fouten:
        raise ValidationError(fouten)
    geschreven = 0
    opgeslagen = []
    for naam, bestand in te_schrijven:
        voor = geschreven
        geschreven = _schrijf(doel, naam, bestand.chunks(_CHUNK), geschreven)
        opgeslagen.append({"naam": naam, "grootte": geschreven - voor})
    return opgeslagen


def _onveilig_pad(naam: str) -> bool:
    delen = naam.replace("\\", "/").split("/")
    return (
        naam.startswith(("/", "\\"))
        or ".." in delen
        or (len(delen[0]) == 2 and delen[0].endswith(":"))  # a Windows drive, "C:"
        or "\x00" in naam
    )


def _zip_uitpakken(upload: UploadedFile, doel: Path) -> list[dict]:
    """Unpack the CSV files of a ZIP into ``doel`` (flat). Entries under a folder are
    accepted (a zipped folder); a path that climbs out (``..``, absolute) or any entry that
    is not one of the exchange's CSV files refuses the whole upload."""
    zipnaam = Path(upload.name or "upload.zip").name
    ongeldig = ValidationError(_("%(naam)s is geen geldig ZIP-bestand.") % {"naam": zipnaam})
    try:
        bron = upload.file
        bron.seek(0)
        archief = zipfile.ZipFile(bron)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ongeldig from exc
    with archief:
        if len(archief.infolist()) > MAX_ZIP_ITEMS:
            raise ValidationError(
                _("Het ZIP-bestand bevat te veel items (maximaal %d).") % MAX_ZIP_ITEMS
            )
        fouten: list[str] = []
        gezien: set[str] = set()
        items: list[tuple[str, zipfile.ZipInfo]] = []
        for info in archief.infolist():
            if _onveilig_pad(info.filename):
                fouten.append(
                    _(
                        "Het ZIP-bestand bevat een ongeldig pad: %(pad)s (enkel bestandsnamen "
                        "of mappen binnen het ZIP-bestand zijn toegelaten)."
                    )
                    % {"pad": info.filename}
                )
                continue
            if info.is_dir() or info.filename.replace("\\", "/").startswith("__MACOSX/"):
                continue  # folders; macOS Finder's resource forks
            naam = _controleer_naam(
                info.filename.replace("\\", "/").rsplit("/", 1)[-1], gezien, fouten
            )
            if naam is None:
                continue
            if info.flag_bits & 0x1:
                fouten.append(
                    _("%(naam)s is versleuteld; dat wordt niet ondersteund.") % {"naam": naam}
                )
                continue
            items.append((naam, info))
        if not items and not fouten:
            fouten.append(_("Het ZIP-bestand bevat geen CSV-bestanden."))
        if fouten:
            raise ValidationError(fouten)
        if sum(info.file_size for _naam, info in items) > settings.IMPORT_MAX_BYTES:
            raise _te_groot()
        geschreven = 0
        opgeslagen = []
        try:
            for naam, info in items:
                with archief.open(info) as bron:
                    voor = geschreven
                    geschreven = _schrijf(
                        doel, naam, iter(lambda b=bron: b.read(_CHUNK), b""), geschreven
                    )
                opgeslagen.append({"naam": naam, "grootte": geschreven - voor})
        except (zipfile.BadZipFile, NotImplementedError, zlib.error, EOFError, OSError) as exc:
            raise ongeldig from exc
    return opgeslagen


def importopdracht_create(
    *,
    bestanden: Sequence[UploadedFile],
    dry_run: bool,
    gebruiker,
    ip_adres: str | None = None,
) -> Importopdracht:
    """Check and store an upload (several CSV files, or one ZIP holding them) and create the
    job in status ``wachtend``. Raises ``ValidationError`` with Dutch messages (nothing is
    stored then). Call ``importopdracht_inplannen`` to start it."""
    if not bestanden:
        raise ValidationError(_("Kies minstens één CSV-bestand of één ZIP-bestand."))
    zips = [b for b in bestanden if (b.name or "").lower().endswith(".zip")]
    if zips and len(bestanden) > 1:
        raise ValidationError(
            _("Laad ofwel CSV-bestanden op, ofwel één ZIP-bestand, maar niet beide samen.")
        )
    if sum(b.size or 0 for b in bestanden) > settings.IMPORT_MAX_BYTES:
        raise _te_groot()

    prive = Path(settings.MEDIA_ROOT) / PRIVE_MAP
    prive.mkdir(parents=True, exist_ok=True, mode=0o700)
    map_rel = f"{PRIVE_MAP}/{uuid.uuid4().hex}"
    doel = Path(settings.MEDIA_ROOT) / map_rel
    doel.mkdir(mode=0o700)
    try:
        opgeslagen = _zip_uitpakken(zips[0], doel) if zips else _csv_opslaan(bestanden, doel)
        opdracht = Importopdracht.objects.create(
            gebruiker=gebruiker,
            dry_run=dry_run,
            map=map_rel,
            bestanden=opgeslagen,
            taak_id=str(uuid.uuid4()),
        )
    except BaseException:
        shutil.rmtree(doel, ignore_errors=True)
        raise
    audit_log(
        actie="importopdracht_aangemaakt",
        gebruiker=gebruiker,
        object_type="importopdracht",
        object_id=opdracht.pk,
        ip_adres=ip_adres,
        details={
            "dry_run": dry_run,
            "bestanden": len(opgeslagen),
            "bytes": sum(b["grootte"] for b in opgeslagen),
            "zip": bool(zips),
        },
    )
    logger.info("importopdracht %s aangemaakt (%d bestanden)", opdracht.pk, len(opgeslagen))
    return opdracht


def importopdracht_inplannen(*, opdracht: Importopdracht) -> None:
    """Queue the job once the opdracht is committed. When the broker cannot be reached the
    opdracht fails at once with a Dutch message (and its files are deleted)."""
    from .tasks import importopdracht_uitvoeren as taak

    def verstuur() -> None:
        try:
            taak.apply_async(args=[opdracht.pk], task_id=opdracht.taak_id)
        except (KombuError, OSError) as exc:
            logger.error(
                "importopdracht %s: wachtrij onbereikbaar (%s)", opdracht.pk, type(exc).__name__
            )
            resultaat = ImportResultaat(dry_run=opdracht.dry_run)
            resultaat.problemen.append(
                Probleem(
                    UPLOAD,
                    0,
                    "-",
                    _("de achtergrondverwerking is niet bereikbaar; probeer het later opnieuw"),
                )
            )
            _bestanden_wissen(opdracht)
            _afsluiten(opdracht, resultaat, van=(Status.WACHTEND,))

    transaction.on_commit(verstuur)


# --- Running ---------------------------------------------------------------------------------


def _map_pad(opdracht: Importopdracht) -> Path | None:
    if not opdracht.map:
        return None
    return Path(settings.MEDIA_ROOT) / opdracht.map


def _bestanden_wissen(opdracht: Importopdracht) -> None:
    pad = _map_pad(opdracht)
    if pad is not None:
        shutil.rmtree(pad, ignore_errors=True)


def _regels(pad: Path) -> int:
    """Data lines of a CSV file (its newlines minus the header), for the progress weights."""
    aantal = 0
    laatste = b"\n"
    with pad.open("rb") as bron:
        while stuk := bron.read(_CHUNK):
            aantal += stuk.count(b"\n")
            laatste = stuk[-1:]
    if laatste != b"\n":
        aantal += 1
    return max(aantal - 1, 0)


class VoortgangMeter:
    """Turns the importer's progress reports into a percentage in the cache.

    Each file weighs its number of lines; within a file reading counts for the first half and
    writing for the second. The percentage never goes back and stays below 100 until the job
    has finished."""

    def __init__(self, opdracht_id: int, regels: dict[str, int]) -> None:
        self.sleutel = voortgang_sleutel(opdracht_id)
        self.gewicht = {naam: max(n, 1) for naam, n in regels.items()}
        self.totaal = sum(self.gewicht.values()) or 1
        self.klaar = 0
        self.huidig: str | None = None
        self.procent = 0
        self.laatst = 0.0

    def __call__(self, v: Voortgang) -> None:
        if v.bestand != self.huidig:
            if self.huidig is not None:
                self.klaar += self.gewicht.get(self.huidig, 0)
            self.huidig = v.bestand
        gewicht = self.gewicht.get(v.bestand, 1)
        if v.fase == "lezen":
            deel = 0.5 * min(v.verwerkt / gewicht, 1.0)
        else:
            deel = 0.5 + 0.5 * (min(v.verwerkt / v.totaal, 1.0) if v.totaal else 1.0)
        procent = max(self.procent, min(99, int(100 * (self.klaar + gewicht * deel) / self.totaal)))
        nu = time.monotonic()
        if procent > self.procent or nu - self.laatst >= 2:
            self.procent = procent
            self.laatst = nu
            cache.set(
                self.sleutel,
                {"procent": procent, "bestand": v.bestand, "fase": v.fase},
                timeout=settings.IMPORT_TIME_LIMIT * 2,
            )


def _probleemregel(probleem: Probleem, map_pad: Path | None) -> str:
    """``file:line: column: message`` as the command prints it, without the server's
    private folder (a problem about the folder as a whole is about the ``upload``)."""
    tekst = str(probleem)
    if map_pad is not None:
        if probleem.bestand == str(map_pad):
            tekst = str(Probleem(UPLOAD, probleem.regel, probleem.kolom, probleem.bericht))
        tekst = tekst.replace(str(map_pad), UPLOAD)
    return tekst


def _afsluiten(
    opdracht: Importopdracht,
    resultaat: ImportResultaat,
    *,
    van: tuple[str, ...] = (Status.BEZIG,),
    map_pad: Path | None = None,
) -> bool:
    """Store the outcome (only when the opdracht is still in a status of ``van``: a job
    declared expired is not overwritten). Returns whether it was stored."""
    regels = [_probleemregel(p, map_pad) for p in resultaat.problemen]
    samenvatting = [asdict(b) for b in resultaat.bestanden]
    status = Status.GESLAAGD if resultaat.geslaagd else Status.MISLUKT
    bijgewerkt = Importopdracht.objects.filter(pk=opdracht.pk, status__in=van).update(
        status=status,
        voortgang=100,
        beeindigd_op=timezone.now(),
        map="",
        samenvatting=samenvatting,
        problemen=regels[:MAX_PROBLEMEN],
        aantal_problemen=len(regels),
        waarschuwingen=[
            w.replace(str(map_pad), UPLOAD) if map_pad else w for w in resultaat.waarschuwingen
        ],
    )
    cache.delete(voortgang_sleutel(opdracht.pk))
    if not bijgewerkt:
        return False
    audit_log(
        actie="importopdracht_afgerond",
        gebruiker=opdracht.gebruiker,
        object_type="importopdracht",
        object_id=opdracht.pk,
        details={
            "status": status,
            "dry_run": opdracht.dry_run,
            "problemen": len(regels),
            "bestanden": {
                b.bestand: {
                    "aangemaakt": b.aangemaakt,
                    "bijgewerkt": b.bijgewerkt,
                    "ongewijzigd": b.ongewijzigd,
                }
                for b in resultaat.bestanden
            }
            if resultaat.geslaagd
            else {},
        },
    )
    logger.info("importopdracht %s %s (%d problemen)", opdracht.pk, status, len(regels))
    return True


def importopdracht_uitvoeren(*, opdracht_id: int) -> Importopdracht | None:
    """Run a queued job: the whole import in one transaction (all or nothing), through the
    same service as the command. Returns None when the job was already finished (a task
    delivered twice). The uploaded files are deleted afterwards, whatever the outcome."""
    geclaimd = Importopdracht.objects.filter(
        pk=opdracht_id, status__in=(Status.WACHTEND, Status.BEZIG)
    ).update(status=Status.BEZIG, gestart_op=timezone.now(), voortgang=0)
    if not geclaimd:
        logger.info("importopdracht %s: al afgehandeld of onbekend", opdracht_id)
        return None
    opdracht = Importopdracht.objects.select_related("gebruiker").get(pk=opdracht_id)
    map_pad = _map_pad(opdracht)
    resultaat = ImportResultaat(dry_run=opdracht.dry_run)
    try:
        if map_pad is None or not map_pad.is_dir():
            resultaat.problemen.append(
                Probleem(
                    UPLOAD,
                    0,
                    "-",
                    _("de opgeladen bestanden zijn niet meer beschikbaar; laad ze opnieuw op"),
                )
            )
        else:
            regels = {p.name: _regels(p) for p in map_pad.iterdir() if p.is_file()}
            resultaat = uitwisseling_import(
                map_pad=map_pad,
                dry_run=opdracht.dry_run,
                progress=VoortgangMeter(opdracht.pk, regels),
                gebruiker=opdracht.gebruiker,
            )
    except SoftTimeLimitExceeded:
        logger.warning("importopdracht %s: tijdslimiet overschreden", opdracht.pk)
        resultaat = ImportResultaat(dry_run=opdracht.dry_run)
        resultaat.problemen.append(
            Probleem(UPLOAD, 0, "-", _("de import duurde langer dan toegelaten en werd afgebroken"))
        )
    except Exception as exc:  # never leave a job "bezig": report, and keep the worker alive
        logger.error("importopdracht %s: onverwachte fout %s", opdracht.pk, type(exc).__name__)
        close_old_connections()
        resultaat = ImportResultaat(dry_run=opdracht.dry_run)
        resultaat.problemen.append(
            Probleem(UPLOAD, 0, "-", _("onverwachte fout (%s)") % type(exc).__name__)
        )
    finally:
        _bestanden_wissen(opdracht)
    _afsluiten(opdracht, resultaat, map_pad=map_pad)
    opdracht.refresh_from_db()
    return opdracht


def importopdrachten_verlopen_afsluiten() -> int:
    """Mark jobs that have been ``bezig`` for longer than the hard time limit (the worker was
    killed) as failed and delete their files. Returns how many."""
    grens = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_TIME_LIMIT + 120)
    aantal = 0
    for opdracht in Importopdracht.objects.filter(status=Status.BEZIG, gestart_op__lt=grens):
        resultaat = ImportResultaat(dry_run=opdracht.dry_run)
        resultaat.problemen.append(
            Probleem(UPLOAD, 0, "-", _("de import werd onderbroken (tijdslimiet of herstart)"))
        )
        map_pad = _map_pad(opdracht)
        _bestanden_wissen(opdracht)
        aantal += _afsluiten(opdracht, resultaat, map_pad=map_pad)
    return aantal
