"""The exporter: writes every file of the exchange format in its canonical form (UTF-8 without
BOM, ``,`` separator, ``\\n`` line endings, ISO dates, ``.`` decimals, fixed column order, rows
sorted by key), so that export -> import -> export gives byte-identical files."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Collate

from activering.models import Gemeente, Medewerker
from partners.models import Partner

from . import specificatie as spec_
from .importeren import VERWERKERS
from .resultaat import Voortgang, VoortgangCallback

# Minimum number of decimals per decimal column (trailing zeros beyond it are dropped).
DECIMALEN = {"subsidie_eur": 2, "vte": 1, "uren_per_week": 0}
# Key columns that are text (sorted byte-wise with the "C" collation, as Python sorts).
NUMERIEK_OF_DATUM = {"jaar", "startdatum"}


@dataclass
class ExportResultaat:
    map_pad: Path
    rijen: dict[str, int] = field(default_factory=dict)


def _cel(kolom: str, waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        tekst = format(waarde.normalize(), "f")
        geheel, _punt, breuk = tekst.partition(".")
        breuk = breuk.ljust(DECIMALEN.get(kolom, 0), "0")
        return f"{geheel}.{breuk}" if breuk else geheel
    return str(waarde)


def _filters(nis: str) -> dict[str, Q]:
    """Per file: the rows that belong to gemeente ``nis`` (and what they refer to)."""
    clienten = Q(client__gemeente__nis_code=nis)
    assistenten = Medewerker.objects.filter(clienten__gemeente__nis_code=nis).values("id")
    medewerkers = Q(gemeente__nis_code=nis) | Q(id__in=assistenten)
    partners = Partner.objects.filter(
        Q(overeenkomsten__gemeente__nis_code=nis) | Q(trajecten__client__gemeente__nis_code=nis)
    ).values("id")
    gemeenten = Q(nis_code=nis) | Q(
        id__in=Medewerker.objects.filter(medewerkers).values("gemeente_id")
    )
    return {
        spec_.GEMEENTEN.naam: gemeenten,
        spec_.INWONERS.naam: Q(gemeente__nis_code=nis),
        spec_.MEDEWERKERS.naam: medewerkers,
        spec_.PARTNERS.naam: Q(id__in=partners),
        spec_.OVEREENKOMSTEN.naam: Q(gemeente__nis_code=nis),
        spec_.LAP.naam: Q(gemeente__nis_code=nis),
        spec_.CLIENTEN.naam: Q(gemeente__nis_code=nis),
        spec_.UITKERINGSPERIODES.naam: clienten,
        spec_.TRAJECTEN.naam: clienten,
        spec_.WERKPERIODES.naam: clienten,
    }


def _queryset(spec: spec_.BestandSpec, filter_: Q | None) -> QuerySet:
    verwerker = VERWERKERS[spec.naam]
    lookups = [verwerker.lookups.get(k, k) for k in spec.kolommen]
    qs = verwerker.model.objects.all()
    if filter_ is not None:
        qs = qs.filter(filter_)  # only forward joins and id__in: no duplicate rows
    volgorde = []
    for kolom in spec.sleutel:
        lookup = verwerker.lookups.get(kolom, kolom)
        volgorde.append(lookup if kolom in NUMERIEK_OF_DATUM else Collate(lookup, "C"))
    return qs.order_by(*volgorde).values_list(*lookups)


def exporteer_map(
    map_pad: Path, *, gemeente: str | None = None, progress: VoortgangCallback | None = None
) -> ExportResultaat:
    """Write all files to ``map_pad`` (created when missing). ``gemeente``: only the data of
    that gemeente (NIS code), with the partners and staff it refers to. Raises
    ``Gemeente.DoesNotExist`` for an unknown NIS code."""
    if gemeente is not None:
        Gemeente.objects.get(nis_code=gemeente)
    filters = _filters(gemeente) if gemeente is not None else {}
    map_pad.mkdir(parents=True, exist_ok=True)
    resultaat = ExportResultaat(map_pad=map_pad)
    for spec in spec_.BESTANDEN:
        n = 0
        with (map_pad / spec.naam).open("w", encoding="utf-8", newline="") as bestand:
            writer = csv.writer(bestand, lineterminator="\n")
            writer.writerow(spec.kolommen)
            for rij in _queryset(spec, filters.get(spec.naam)).iterator(chunk_size=10000):
                writer.writerow(
                    [_cel(kolom, waarde) for kolom, waarde in zip(spec.kolommen, rij, strict=True)]
                )
                n += 1
                if progress is not None and n % 50000 == 0:
                    progress(Voortgang(spec.naam, "schrijven", n))
        resultaat.rijen[spec.naam] = n
        if progress is not None:
            progress(Voortgang(spec.naam, "schrijven", n, n))
    return resultaat
