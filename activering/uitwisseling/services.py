"""Entry points of the CSV exchange format, for the management commands and a later browser
upload (background job): ``uitwisseling_import`` and ``uitwisseling_export``."""

from __future__ import annotations

from pathlib import Path

from django.db import DatabaseError, DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from activering.models import Medewerker
from activering.services import audit_log, statistieken_bijwerken
from clients.models import Client, Uitkeringsperiode
from trajecten.models import Traject, Werkperiode

from .exporteren import ExportResultaat, exporteer_map
from .importeren import importeer_map
from .resultaat import ImportResultaat, Probleem, VoortgangCallback

# The tables an import fills in bulk (their planner statistics are refreshed afterwards).
GELADEN_MODELLEN = (Client, Uitkeringsperiode, Traject, Werkperiode, Medewerker)


def uitwisseling_import(
    *,
    map_pad: str | Path,
    dry_run: bool = False,
    progress: VoortgangCallback | None = None,
    gebruiker=None,
) -> ImportResultaat:
    """Import the exchange files in ``map_pad`` in one transaction: everything or nothing.

    Never raises for bad input: every problem is in ``resultaat.problemen`` and then nothing
    has landed. With ``dry_run`` the whole import runs (database checks included) and is
    rolled back."""
    resultaat = ImportResultaat(dry_run=dry_run)
    pad = Path(map_pad)
    if not pad.is_dir():
        resultaat.problemen.append(Probleem(str(pad), 0, "-", _("deze map bestaat niet")))
        return resultaat
    try:
        with transaction.atomic():
            importeer_map(pad, resultaat, progress)
            if not resultaat.ingeladen:
                transaction.set_rollback(True)
            else:
                audit_log(
                    actie="uitwisseling_import",
                    gebruiker=gebruiker,
                    details={
                        b.bestand: {
                            "aangemaakt": b.aangemaakt,
                            "bijgewerkt": b.bijgewerkt,
                            "ongewijzigd": b.ongewijzigd,
                        }
                        for b in resultaat.bestanden
                    },
                )
    except DatabaseError as fout:  # a last resort: rows are checked and written per batch
        # The class and first line only: constraint details could hold personal data.
        detail = type(fout).__name__
        if not isinstance(fout, IntegrityError | DataError):
            detail += f" ({str(fout).splitlines()[0] if str(fout) else ''})"
        resultaat.problemen.append(
            Probleem(str(pad), 0, "-", _("databankfout, niets ingeladen: %s") % detail)
        )
    if resultaat.ingeladen:
        statistieken_bijwerken(modellen=GELADEN_MODELLEN)
    return resultaat


def uitwisseling_export(
    *,
    map_pad: str | Path,
    gemeente: str | None = None,
    progress: VoortgangCallback | None = None,
) -> ExportResultaat:
    """Write the exchange files to ``map_pad`` (see ``exporteren``). With ``gemeente`` (NIS
    code) only that gemeente's data and the partners and staff it refers to. Raises
    ``Gemeente.DoesNotExist`` for an unknown NIS code."""
    # One consistent snapshot of the database for all files (unless the caller already runs
    # inside a transaction, e.g. in tests).
    buitenste = not connection.in_atomic_block
    with transaction.atomic():
        if buitenste:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return exporteer_map(Path(map_pad), gemeente=gemeente, progress=progress)
