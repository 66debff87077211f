"""Writes of the reporting app: compute indicators and store them as snapshots.

Every run takes a PostgreSQL advisory lock on the gemeente (transaction-scoped), so two runs on
the same gemeente never interleave; storing is an upsert (INSERT … ON CONFLICT DO UPDATE) plus
the removal of rows this run no longer produced, so a run can be repeated at will."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta

from activering.models import Gemeente
from activering.services import audit_log

from .indicatoren import (
    DEFINITIE_VERSIE,
    JaarResultaat,
    MaandResultaat,
    Waarde,
    jaar_indicatoren,
    lap_indicatoren,
    maand_indicatoren,
)
from .models import Export, IndicatorSnapshot, LapOvereenkomst, LapSnapshot
from .selectors import lap_tracker

logger = logging.getLogger(__name__)

# First key of the two-key advisory lock ("indicator engine"); the second is the gemeente id.
LOCK_NAMESPACE = 0x1D1C  # 7452
# Months per statement when a long range is computed (and progress reported in between).
MAANDEN_PER_STAP = 12

_UPDATE_FIELDS = [
    "waarde",
    "waarde_tekst",
    "teller",
    "noemer",
    "peildatum",
    "voorlopig",
    "definitie_versie",
    "berekend_op",
]
_UNIQUE_FIELDS = ["gemeente", "periode", "maand", "indicator", "dimensie", "dimensie_sleutel"]


class BerekeningBezig(RuntimeError):
    """Another run holds the lock on this gemeente (raised only when not waiting)."""


def _vergrendel(gemeente: Gemeente, *, wachten: bool) -> None:
    """Advisory lock on the gemeente for the rest of the current transaction."""
    with connection.cursor() as cursor:
        if wachten:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, gemeente.pk])
            return
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, gemeente.pk])
        (gelukt,) = cursor.fetchone()
    if not gelukt:
        raise BerekeningBezig(
            _("De indicatoren van gemeente %(nis)s worden al berekend.")
            % {"nis": gemeente.nis_code}
        )


def _getal(waarde: int | Decimal | None) -> Decimal | None:
    return None if waarde is None else Decimal(waarde)


def _snapshot(
    *,
    gemeente: Gemeente,
    periode: str,
    maand: date,
    code: str,
    waarde: Waarde,
    dimensie: str,
    sleutel: str,
    peildatum: date,
    voorlopig: bool,
    berekend_op,
) -> IndicatorSnapshot:
    if waarde.waarde is None:
        getal, tekst = None, ""
    elif isinstance(waarde.waarde, str):
        getal, tekst = Decimal(waarde.waarde), waarde.waarde
    else:
        getal, tekst = Decimal(waarde.waarde), ""
    return IndicatorSnapshot(
        gemeente=gemeente,
        periode=periode,
        maand=maand,
        indicator=code,
        dimensie=dimensie,
        dimensie_sleutel=sleutel,
        waarde=getal,
        waarde_tekst=tekst,
        teller=_getal(waarde.teller),
        noemer=_getal(waarde.noemer),
        peildatum=peildatum,
        voorlopig=voorlopig,
        definitie_versie=DEFINITIE_VERSIE,
        berekend_op=berekend_op,
    )


def _opslaan(
    *, gemeente: Gemeente, periode: str, maanden: Iterable[date], rijen: list[IndicatorSnapshot]
) -> None:
    """Upsert ``rijen`` and drop the rows of the same scope that this run did not produce."""
    berekend_op = rijen[0].berekend_op if rijen else timezone.now()
    IndicatorSnapshot.objects.bulk_create(
        rijen,
        update_conflicts=True,
        unique_fields=_UNIQUE_FIELDS,
        update_fields=_UPDATE_FIELDS,
        batch_size=2000,
    )
    IndicatorSnapshot.objects.filter(
        gemeente=gemeente, periode=periode, maand__in=list(maanden)
    ).exclude(berekend_op=berekend_op).delete()


def _maand_rijen(resultaat: MaandResultaat, gemeente: Gemeente, berekend_op) -> list:
    gemeenschappelijk = {
        "gemeente": gemeente,
        "periode": IndicatorSnapshot.Periode.MAAND,
        "maand": resultaat.maand,
        "peildatum": resultaat.peildatum,
        "voorlopig": resultaat.voorlopig,
        "berekend_op": berekend_op,
    }
    rijen = [
        _snapshot(**gemeenschappelijk, code=code, waarde=w, dimensie="", sleutel="")
        for code, w in resultaat.totaal.items()
    ]
    for (dimensie, sleutel), indicatoren in resultaat.dimensies.items():
        rijen += [
            _snapshot(**gemeenschappelijk, code=code, waarde=w, dimensie=dimensie, sleutel=sleutel)
            for code, w in indicatoren.items()
        ]
    return rijen


def indicatoren_bereken_reeks(
    *,
    gemeente: Gemeente,
    maanden: Sequence[date],
    peildatum: date | None = None,
    wachten: bool = True,
    voortgang: Callable[[int, int], None] | None = None,
) -> dict[date, MaandResultaat]:
    """Compute and store the monthly indicators of ``maanden`` (first days) as known on
    ``peildatum`` (default today). Several months per statement; each step in its own
    transaction under the gemeente's advisory lock. ``voortgang(done, total)`` is called after
    every step. Raises ``OngeldigePeriode`` for a month after the peildatum, and
    ``BerekeningBezig`` when ``wachten`` is false and another run holds the lock."""
    peildatum = peildatum or timezone.localdate()
    maanden = sorted(set(maanden))
    resultaten: dict[date, MaandResultaat] = {}
    for begin in range(0, len(maanden), MAANDEN_PER_STAP):
        stap = maanden[begin : begin + MAANDEN_PER_STAP]
        with transaction.atomic():
            _vergrendel(gemeente, wachten=wachten)
            berekend = maand_indicatoren(gemeente=gemeente, maanden=stap, peildatum=peildatum)
            berekend_op = timezone.now()
            rijen = [
                rij
                for resultaat in berekend.values()
                for rij in _maand_rijen(resultaat, gemeente, berekend_op)
            ]
            _opslaan(
                gemeente=gemeente,
                periode=IndicatorSnapshot.Periode.MAAND,
                maanden=stap,
                rijen=rijen,
            )
        resultaten |= berekend
        logger.info(
            "indicatoren opgeslagen gemeente_id=%s maanden=%s..%s peildatum=%s",
            gemeente.pk,
            stap[0],
            stap[-1],
            peildatum,
        )
        if voortgang is not None:
            voortgang(len(resultaten), len(maanden))
    return resultaten


def indicatoren_bereken(
    *, gemeente: Gemeente, maand: date, peildatum: date | None = None, wachten: bool = True
) -> MaandResultaat:
    """Compute and store every monthly indicator of one month (see ``..._reeks``)."""
    return indicatoren_bereken_reeks(
        gemeente=gemeente, maanden=[maand], peildatum=peildatum, wachten=wachten
    )[maand]


def indicatoren_jaar_bereken(
    *, gemeente: Gemeente, jaar: int, peildatum: date | None = None, wachten: bool = True
) -> JaarResultaat:
    """Compute and store the yearly indicators and the partner results of ``jaar``."""
    peildatum = peildatum or timezone.localdate()
    eerste_dag = date(jaar, 1, 1)
    with transaction.atomic():
        _vergrendel(gemeente, wachten=wachten)
        resultaat = jaar_indicatoren(gemeente=gemeente, jaar=jaar, peildatum=peildatum)
        gemeenschappelijk = {
            "gemeente": gemeente,
            "periode": IndicatorSnapshot.Periode.JAAR,
            "maand": eerste_dag,
            "peildatum": peildatum,
            "voorlopig": peildatum < date(jaar, 12, 31),
            "berekend_op": timezone.now(),
        }
        rijen = [
            _snapshot(**gemeenschappelijk, code=code, waarde=w, dimensie="", sleutel="")
            for code, w in resultaat.totaal.items()
        ]
        for partner, indicatoren in resultaat.partners.items():
            rijen += [
                _snapshot(
                    **gemeenschappelijk,
                    code=code,
                    waarde=w,
                    dimensie=IndicatorSnapshot.Dimensie.PARTNER,
                    sleutel=partner,
                )
                for code, w in indicatoren.items()
            ]
        _opslaan(
            gemeente=gemeente,
            periode=IndicatorSnapshot.Periode.JAAR,
            maanden=[eerste_dag],
            rijen=rijen,
        )
    return resultaat


# --- LAP snapshots --------------------------------------------------------------------------


def lap_bereken(
    *, gemeente: Gemeente, peildatum: date | None = None, wachten: bool = True
) -> list[dict]:
    """Compute section 4.1 for every LAP agreement of the gemeente and store it (one
    ``LapSnapshot`` per agreement, replaced on every run)."""
    peildatum = peildatum or timezone.localdate()
    with transaction.atomic():
        _vergrendel(gemeente, wachten=wachten)
        overeenkomsten = list(
            LapOvereenkomst.objects.filter(gemeente=gemeente).order_by("startdatum", "id")
        )
        resultaat = lap_indicatoren(gemeente=gemeente, peildatum=peildatum)
        berekend_op = timezone.now()
        for overeenkomst, waarden_lap in zip(overeenkomsten, resultaat, strict=True):
            LapSnapshot.objects.update_or_create(
                overeenkomst=overeenkomst,
                defaults={
                    "waarden": waarden_lap,
                    "peildatum": peildatum,
                    "definitie_versie": DEFINITIE_VERSIE,
                    "berekend_op": berekend_op,
                },
            )
    return resultaat


def dashboard_lap_maanden(*, gemeente: Gemeente, vandaag: date) -> list[date]:
    """The months up to ``vandaag`` of the agreement the dashboard's LAP tracker follows
    (``selectors.lap_tracker``); they may lie before the dashboard's period."""
    overeenkomst = lap_tracker(
        LapOvereenkomst.objects.filter(gemeente=gemeente).order_by("startdatum", "id"),
        vandaag=vandaag,
    )
    if overeenkomst is None:
        return []
    return [
        m for m in maanden_tussen(overeenkomst.startdatum, overeenkomst.einddatum) if m <= vandaag
    ]


def maanden_tussen(van: date, tot: date) -> list[date]:
    """First days of every month from ``van`` to ``tot`` (both included)."""
    maanden, maand = [], van.replace(day=1)
    while maand <= tot:
        maanden.append(maand)
        maand += relativedelta(months=1)
    return maanden


def indicatoren_dashboard_bereken(
    *,
    gemeente: Gemeente,
    van: date,
    tot: date,
    peildatum: date | None = None,
    voortgang: Callable[[int, int], None] | None = None,
) -> dict:
    """Everything the dashboard reads for ``van``–``tot``: the months (in steps), the years
    they touch (with partner results), the LAP agreements and the months of the LAP tracker
    (``dashboard_lap_maanden``, which may start before ``van``). ``voortgang(done, total)``
    counts months + years + 1 (LAP). Does not wait for a lock another run holds
    (``BerekeningBezig``)."""
    peildatum = peildatum or timezone.localdate()
    venster = [m for m in maanden_tussen(van, tot) if m <= peildatum]
    jaren = sorted({m.year for m in venster})
    maanden = sorted(
        set(venster) | set(dashboard_lap_maanden(gemeente=gemeente, vandaag=peildatum))
    )
    totaal = len(maanden) + len(jaren) + 1
    klaar = 0

    def stap_klaar(aantal: int) -> None:
        nonlocal klaar
        klaar += aantal
        if voortgang is not None:
            voortgang(klaar, totaal)

    indicatoren_bereken_reeks(
        gemeente=gemeente,
        maanden=maanden,
        peildatum=peildatum,
        wachten=False,
        voortgang=lambda gedaan, _totaal: stap_klaar(gedaan - klaar),
    )
    for jaar in jaren:
        indicatoren_jaar_bereken(gemeente=gemeente, jaar=jaar, peildatum=peildatum, wachten=False)
        stap_klaar(1)
    lap_bereken(gemeente=gemeente, peildatum=peildatum, wachten=False)
    stap_klaar(1)
    return {
        "gemeente": gemeente.nis_code,
        "maanden": len(maanden),
        "jaren": jaren,
        "peildatum": peildatum.isoformat(),
    }


# --- Exports --------------------------------------------------------------------------------


def export_aanvragen(
    *,
    user,
    soort: str,
    formaat: str,
    gemeente: Gemeente,
    parameters: dict,
    tabel: str = "",
    ip_adres: str | None = None,
) -> Export:
    """Record an export request, audit it and queue the job that builds the file (after the
    transaction commits, so the worker finds the row)."""
    from .tasks import maak_export

    export = Export.objects.create(
        soort=soort,
        formaat=formaat,
        tabel=tabel,
        gemeente=gemeente,
        parameters=parameters,
        aangevraagd_door=user,
    )
    audit_log(
        actie="export_aangevraagd",
        gebruiker=user,
        object_type="rapportering.export",
        object_id=export.pk,
        ip_adres=ip_adres,
        details={"soort": soort, "formaat": formaat, "tabel": tabel, "gemeente": gemeente.nis_code},
    )

    def in_wachtrij() -> None:
        taak = maak_export.delay(export.pk)
        Export.objects.filter(pk=export.pk, taak_id="").update(taak_id=taak.id)

    transaction.on_commit(in_wachtrij)
    return export


def export_maak(*, export_id: int) -> Export:
    """Build the file of an export (called by the Celery job). A failure marks the export
    ``mislukt`` with a Dutch message and is logged by id; the exception is not re-raised."""
    from .exports import TabelNietBeschikbaar, bestand_maken

    export = Export.objects.select_related("gemeente").get(pk=export_id)
    if export.status == Export.Status.KLAAR:
        return export
    Export.objects.filter(pk=export.pk).update(status=Export.Status.BEZIG)
    try:
        naam, inhoud = bestand_maken(export)
    except Exception as fout:
        logger.exception("export mislukt export_id=%s", export.pk)
        export.status = Export.Status.MISLUKT
        export.foutmelding = (
            str(fout)
            if isinstance(fout, TabelNietBeschikbaar)
            else _("Het bestand kon niet worden gemaakt. Probeer het later opnieuw.")
        )
        export.voltooid_op = timezone.now()
        export.save(update_fields=["status", "foutmelding", "voltooid_op", "gewijzigd_op"])
        return export
    export.bestand.save(naam, ContentFile(inhoud), save=False)
    export.status = Export.Status.KLAAR
    export.foutmelding = ""
    export.voltooid_op = timezone.now()
    export.save(update_fields=["bestand", "status", "foutmelding", "voltooid_op", "gewijzigd_op"])
    logger.info("export klaar export_id=%s bytes=%s", export.pk, len(inhoud))
    return export


def exports_opruimen(*, nu: datetime | None = None) -> int:
    """Delete the exports requested more than ``EXPORT_BEWAARDAGEN`` days ago: their rows now,
    their files after the commit (a rollback keeps both). Returns how many were deleted."""
    grens = (nu or timezone.now()) - timedelta(days=settings.EXPORT_BEWAARDAGEN)
    opslag = Export._meta.get_field("bestand").storage
    with transaction.atomic():
        oud = Export.objects.filter(aangemaakt_op__lt=grens)
        bestanden = [naam for naam in oud.values_list("bestand", flat=True) if naam]
        aantal, _per_model = oud.delete()

        def _bestanden_wissen() -> None:
            for naam in bestanden:
                opslag.delete(naam)

        transaction.on_commit(_bestanden_wissen)
    logger.info("exports opgeruimd aantal=%s bestanden=%s", aantal, len(bestanden))
    return aantal


def export_download_registreren(*, export: Export, user, ip_adres: str | None = None) -> None:
    audit_log(
        actie="export_gedownload",
        gebruiker=user,
        object_type="rapportering.export",
        object_id=export.pk,
        ip_adres=ip_adres,
        details={
            "soort": export.soort,
            "formaat": export.formaat,
            "tabel": export.tabel,
            "gemeente": export.gemeente.nis_code,
        },
    )
