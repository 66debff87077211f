"""Reads of the reporting figures: fresh computations and stored snapshots, all in the output
shape of ../shared/spec/indicatoren.md section 8 (used by the command, the API and later the
dashboard, exports and council report)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from activering.models import Gemeente

from .indicatoren import (
    JAAR_CODES,
    MAAND_CODES,
    OngeldigePeriode,
    jaar_indicatoren,
    lap_indicatoren,
    maand_indicatoren,
    waarden,
)
from .models import IndicatorSnapshot


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


__all__ = [
    "OngeldigeParameter",
    "OngeldigePeriode",
    "gemeente_get_by_nis",
    "indicatoren_dimensie_opgeslagen",
    "indicatoren_jaar",
    "indicatoren_jaar_opgeslagen",
    "indicatoren_lap",
    "indicatoren_maand",
    "indicatoren_maand_opgeslagen",
    "indicatoren_reeks_opgeslagen",
    "standaard_peildatum",
]
