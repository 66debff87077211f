"""Reads of the reporting figures: fresh computations and stored snapshots, all in the output
shape of ../shared/spec/indicatoren.md section 8 (used by the command, the API and later the
dashboard, exports and council report)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from activering.constants import Rol
from activering.models import Gemeente
from activering.permissions import medewerker_van

from .indicatoren import (
    JAAR_CODES,
    MAAND_CODES,
    OngeldigePeriode,
    jaar_indicatoren,
    lap_indicatoren,
    maand_indicatoren,
    waarden,
)
from .models import Export, IndicatorSnapshot, LapOvereenkomst


class OngeldigeParameter(ValueError):
    """A request parameter the reporting reads cannot use (message in Dutch)."""


def gemeente_get_by_nis(*, nis_code: str) -> Gemeente:
    """The gemeente with this NIS code; ``OngeldigeParameter`` (Dutch message) otherwise."""
    gemeente = Gemeente.objects.filter(nis_code=nis_code).first()
    if gemeente is None:
        raise OngeldigeParameter(_("Onbekende gemeente: %(nis)s.") % {"nis": nis_code})
    return gemeente


def standaard_peildatum() -> date:
    return timezone.localdate()


def _maand_tekst(maand: date) -> str:
    return maand.strftime("%Y-%m")


# --- Fresh computations -------------------------------------------------------------------


def indicatoren_maand(*, gemeente: Gemeente, maand: date, peildatum: date | None = None) -> dict:
    """Every monthly indicator (sections 1, 2, 3, 4, 5 and 6) for one month, computed now."""
    peildatum = peildatum or standaard_peildatum()
    resultaat = maand_indicatoren(gemeente=gemeente, maanden=[maand], peildatum=peildatum)[maand]
    return {
        "gemeente": gemeente.nis_code,
        "maand": _maand_tekst(maand),
        "peildatum": peildatum.isoformat(),
        "indicatoren": waarden(resultaat.totaal),
    }


def indicatoren_jaar(*, gemeente: Gemeente, jaar: int, peildatum: date | None = None) -> dict:
    """The yearly indicators (sections 1, 3, 4, 5) and section 7 for every partner."""
    peildatum = peildatum or standaard_peildatum()
    resultaat = jaar_indicatoren(gemeente=gemeente, jaar=jaar, peildatum=peildatum)
    return {
        "gemeente": gemeente.nis_code,
        "jaar": str(jaar),
        "peildatum": peildatum.isoformat(),
        "indicatoren": waarden(resultaat.totaal),
        "partners": {code: waarden(w) for code, w in resultaat.partners.items()},
    }


def indicatoren_lap(*, gemeente: Gemeente, peildatum: date | None = None) -> dict:
    """Section 4.1 for every LAP agreement of the gemeente, ordered by startdatum."""
    peildatum = peildatum or standaard_peildatum()
    return {
        "gemeente": gemeente.nis_code,
        "peildatum": peildatum.isoformat(),
        "lap": lap_indicatoren(gemeente=gemeente, peildatum=peildatum),
    }


# --- Stored snapshots ---------------------------------------------------------------------


def indicatoren_maand_opgeslagen(*, gemeente: Gemeente, maand: date) -> dict | None:
    """The stored snapshot of one month in the same shape as ``indicatoren_maand``, with the
    peildatum it was computed with; ``None`` when the month was never stored."""
    rijen = list(
        IndicatorSnapshot.objects.filter(
            gemeente=gemeente,
            periode=IndicatorSnapshot.Periode.MAAND,
            maand=maand,
            dimensie=IndicatorSnapshot.Dimensie.TOTAAL,
            indicator__in=MAAND_CODES,
        )
    )
    if not rijen:
        return None
    return {
        "gemeente": gemeente.nis_code,
        "maand": _maand_tekst(maand),
        "peildatum": max(r.peildatum for r in rijen).isoformat(),
        "indicatoren": {r.indicator: r.uitvoer for r in rijen},
    }


def indicatoren_jaar_opgeslagen(*, gemeente: Gemeente, jaar: int) -> dict | None:
    """The stored yearly snapshot (with partners), same shape as ``indicatoren_jaar``."""
    rijen = list(
        IndicatorSnapshot.objects.filter(
            gemeente=gemeente, periode=IndicatorSnapshot.Periode.JAAR, maand=date(jaar, 1, 1)
        )
    )
    totaal = [r for r in rijen if r.dimensie == IndicatorSnapshot.Dimensie.TOTAAL]
    if not totaal:
        return None
    partners: dict[str, dict] = {}
    for rij in rijen:
        if rij.dimensie == IndicatorSnapshot.Dimensie.PARTNER:
            partners.setdefault(rij.dimensie_sleutel, {})[rij.indicator] = rij.uitvoer
    return {
        "gemeente": gemeente.nis_code,
        "jaar": str(jaar),
        "peildatum": max(r.peildatum for r in totaal).isoformat(),
        "indicatoren": {r.indicator: r.uitvoer for r in totaal if r.indicator in JAAR_CODES},
        "partners": dict(sorted(partners.items())),
    }


def indicatoren_reeks_opgeslagen(
    *, gemeente: Gemeente, van: date, tot: date, indicatoren: list[str] | None = None
) -> dict[str, dict]:
    """Stored monthly totals from ``van`` to ``tot`` (first days): ``{"YYYY-MM": {code: v}}``
    (for the dashboard's time series)."""
    qs = IndicatorSnapshot.objects.filter(
        gemeente=gemeente,
        periode=IndicatorSnapshot.Periode.MAAND,
        maand__range=(van, tot),
        dimensie=IndicatorSnapshot.Dimensie.TOTAAL,
    ).order_by("maand", "indicator")
    if indicatoren:
        qs = qs.filter(indicator__in=indicatoren)
    reeks: dict[str, dict] = {}
    for rij in qs:
        reeks.setdefault(_maand_tekst(rij.maand), {})[rij.indicator] = rij.uitvoer
    return reeks


def indicatoren_dimensie_opgeslagen(
    *, gemeente: Gemeente, maand: date, dimensie: str
) -> dict[str, dict]:
    """Stored breakdown of one month by ``dimensie`` (``team`` or ``medewerker``):
    ``{dimension key: {code: value}}``."""
    if dimensie not in (IndicatorSnapshot.Dimensie.TEAM, IndicatorSnapshot.Dimensie.MEDEWERKER):
        raise OngeldigeParameter(_("Onbekende dimensie: %(d)s.") % {"d": dimensie})
    resultaat: dict[str, dict] = {}
    for rij in IndicatorSnapshot.objects.filter(
        gemeente=gemeente,
        periode=IndicatorSnapshot.Periode.MAAND,
        maand=maand,
        dimensie=dimensie,
    ):
        resultaat.setdefault(rij.dimensie_sleutel, {})[rij.indicator] = rij.uitvoer
    return resultaat


# --- Dashboard reads: stored snapshots first, a fresh computation only where none is stored --


@dataclass(frozen=True)
class Herkomst:
    """Where a figure comes from: its peildatum, when it was stored (``None``: computed for
    this page, not stored) and whether the month (or year) was still running."""

    peildatum: date
    berekend_op: datetime | None
    voorlopig: bool

    @property
    def opgeslagen(self) -> bool:
        return self.berekend_op is not None


@dataclass
class Maandgegevens:
    """Totals and breakdowns (team, medewerker) per month, with the origin of each month."""

    totaal: dict[date, dict[str, int | str | None]] = field(default_factory=dict)
    dimensies: dict[date, dict[tuple[str, str], dict]] = field(default_factory=dict)
    herkomst: dict[date, Herkomst] = field(default_factory=dict)


def _snapshot_waarde(waarde: Decimal | None, tekst: str) -> int | str | None:
    if waarde is None:
        return None
    return tekst or int(waarde)


def dashboard_maanden(*, gemeente: Gemeente, maanden: list[date], vandaag: date) -> Maandgegevens:
    """Monthly totals and breakdowns of ``maanden`` from the stored snapshots (one query);
    months never stored are computed now with peildatum ``vandaag`` (not stored)."""
    gegevens = Maandgegevens()
    rijen = IndicatorSnapshot.objects.filter(
        gemeente=gemeente, periode=IndicatorSnapshot.Periode.MAAND, maand__in=maanden
    ).values_list(
        "maand",
        "indicator",
        "dimensie",
        "dimensie_sleutel",
        "waarde",
        "waarde_tekst",
        "peildatum",
        "voorlopig",
        "berekend_op",
    )
    for maand, code, dimensie, sleutel, waarde, tekst, peildatum, voorlopig, op in rijen:
        uitvoer = _snapshot_waarde(waarde, tekst)
        if dimensie == IndicatorSnapshot.Dimensie.TOTAAL:
            if code in MAAND_CODES:
                gegevens.totaal.setdefault(maand, {})[code] = uitvoer
                gegevens.herkomst.setdefault(maand, Herkomst(peildatum, op, voorlopig))
        else:
            gegevens.dimensies.setdefault(maand, {}).setdefault((dimensie, sleutel), {})[code] = (
                uitvoer
            )
    ontbrekend = [m for m in maanden if m not in gegevens.totaal and m <= vandaag]
    if ontbrekend:
        for maand, resultaat in maand_indicatoren(
            gemeente=gemeente, maanden=ontbrekend, peildatum=vandaag
        ).items():
            gegevens.totaal[maand] = waarden(resultaat.totaal)
            gegevens.dimensies[maand] = {
                sleutel: waarden(w) for sleutel, w in resultaat.dimensies.items()
            }
            gegevens.herkomst[maand] = Herkomst(vandaag, None, resultaat.voorlopig)
    return gegevens


@dataclass
class Jaargegevens:
    indicatoren: dict[str, int | str | None]
    partners: dict[str, dict[str, int | str | None]]
    herkomst: Herkomst


def dashboard_jaren(
    *, gemeente: Gemeente, jaren: list[int], vandaag: date
) -> dict[int, Jaargegevens]:
    """Yearly indicators and partner results per year from the stored snapshots; years never
    stored are computed now with peildatum ``vandaag`` (not stored)."""
    resultaat: dict[int, Jaargegevens] = {}
    rijen = IndicatorSnapshot.objects.filter(
        gemeente=gemeente,
        periode=IndicatorSnapshot.Periode.JAAR,
        maand__in=[date(j, 1, 1) for j in jaren],
    ).values_list(
        "maand",
        "indicator",
        "dimensie",
        "dimensie_sleutel",
        "waarde",
        "waarde_tekst",
        "peildatum",
        "voorlopig",
        "berekend_op",
    )
    for maand, code, dimensie, sleutel, waarde, tekst, peildatum, voorlopig, op in rijen:
        jaar = resultaat.setdefault(
            maand.year, Jaargegevens({}, {}, Herkomst(peildatum, op, voorlopig))
        )
        uitvoer = _snapshot_waarde(waarde, tekst)
        if dimensie == IndicatorSnapshot.Dimensie.PARTNER:
            jaar.partners.setdefault(sleutel, {})[code] = uitvoer
        elif dimensie == IndicatorSnapshot.Dimensie.TOTAAL and code in JAAR_CODES:
            jaar.indicatoren[code] = uitvoer
    for jaar in jaren:
        if (jaar in resultaat and resultaat[jaar].indicatoren) or date(jaar, 1, 1) > vandaag:
            continue
        berekend = jaar_indicatoren(gemeente=gemeente, jaar=jaar, peildatum=vandaag)
        resultaat[jaar] = Jaargegevens(
            waarden(berekend.totaal),
            {code: waarden(w) for code, w in berekend.partners.items()},
            Herkomst(vandaag, None, vandaag < date(jaar, 12, 31)),
        )
    return resultaat


@dataclass
class LapGegevens:
    overeenkomst: LapOvereenkomst
    waarden: dict
    herkomst: Herkomst


def lap_tracker(
    overeenkomsten: Iterable[LapOvereenkomst], *, vandaag: date
) -> LapOvereenkomst | None:
    """The agreement the dashboard's LAP tracker follows month by month: the latest one that
    has started (``overeenkomsten`` ordered by startdatum and id)."""
    gestart = [o for o in overeenkomsten if o.startdatum <= vandaag]
    return gestart[-1] if gestart else None


def dashboard_lap(*, gemeente: Gemeente, vandaag: date) -> list[LapGegevens]:
    """Section 4.1 per LAP agreement from the stored LAP snapshots; when one is missing, all
    agreements of the gemeente are computed now with peildatum ``vandaag`` (not stored)."""
    overeenkomsten = list(
        LapOvereenkomst.objects.filter(gemeente=gemeente)
        .select_related("snapshot")
        .order_by("startdatum", "id")
    )
    snapshots = [getattr(o, "snapshot", None) for o in overeenkomsten]
    if all(snapshot is not None for snapshot in snapshots):
        return [
            LapGegevens(
                o,
                s.waarden,
                Herkomst(s.peildatum, s.berekend_op, s.peildatum < o.einddatum),
            )
            for o, s in zip(overeenkomsten, snapshots, strict=True)
        ]
    berekend = lap_indicatoren(gemeente=gemeente, peildatum=vandaag)
    return [
        LapGegevens(o, w, Herkomst(vandaag, None, vandaag < o.einddatum))
        for o, w in zip(overeenkomsten, berekend, strict=True)
    ]


def dashboard_vergelijking(
    *, gemeenten: list[Gemeente], maand: date
) -> dict[str, tuple[dict, Herkomst] | None]:
    """The stored monthly totals of several gemeenten for one month (snapshots only: no
    fresh computation for a whole installation on a page view). ``None`` = not stored."""
    resultaat: dict[str, tuple[dict, Herkomst] | None] = {g.nis_code: None for g in gemeenten}
    rijen = IndicatorSnapshot.objects.filter(
        gemeente__in=gemeenten,
        periode=IndicatorSnapshot.Periode.MAAND,
        maand=maand,
        dimensie=IndicatorSnapshot.Dimensie.TOTAAL,
        indicator__in=MAAND_CODES,
    ).values_list(
        "gemeente__nis_code",
        "indicator",
        "waarde",
        "waarde_tekst",
        "peildatum",
        "voorlopig",
        "berekend_op",
    )
    for nis, code, waarde, tekst, peildatum, voorlopig, op in rijen:
        if resultaat[nis] is None:
            resultaat[nis] = ({}, Herkomst(peildatum, op, voorlopig))
        resultaat[nis][0][code] = _snapshot_waarde(waarde, tekst)
    return resultaat


def gemeenten_voor_rapportering(*, medewerker) -> list[Gemeente]:
    """The gemeenten whose aggregated figures a staff member may open on the dashboard:
    analisten and beheerders every gemeente of the installation (ADR 0012), a teamleider
    only his own."""
    if medewerker.rol in (Rol.ANALIST, Rol.BEHEERDER):
        return list(Gemeente.objects.order_by("naam"))
    return [medewerker.gemeente]


def export_list_voor_gebruiker(*, user, limiet: int = 20):
    """The user's own most recent exports."""
    return list(Export.objects.filter(aangevraagd_door=user).select_related("gemeente")[:limiet])


def export_get_voor_download(*, user, export_id: int):
    """The export if ``user`` may see and download it (the requester, or a beheerder of the
    export's gemeente); ``None`` otherwise (the view answers 404, nothing disclosed)."""
    export = Export.objects.select_related("gemeente").filter(pk=export_id).first()
    if export is None:
        return None
    if export.aangevraagd_door_id == user.pk:
        return export
    medewerker = medewerker_van(user)
    if (
        medewerker is not None
        and medewerker.rol == Rol.BEHEERDER
        and medewerker.gemeente_id == export.gemeente_id
    ):
        return export
    return None


__all__ = [
    "Herkomst",
    "Jaargegevens",
    "LapGegevens",
    "Maandgegevens",
    "OngeldigeParameter",
    "OngeldigePeriode",
    "dashboard_jaren",
    "dashboard_lap",
    "dashboard_maanden",
    "dashboard_vergelijking",
    "export_get_voor_download",
    "export_list_voor_gebruiker",
    "gemeente_get_by_nis",
    "gemeenten_voor_rapportering",
    "indicatoren_dimensie_opgeslagen",
    "indicatoren_jaar",
    "indicatoren_jaar_opgeslagen",
    "indicatoren_lap",
    "indicatoren_maand",
    "indicatoren_maand_opgeslagen",
    "indicatoren_reeks_opgeslagen",
    "standaard_peildatum",
]
