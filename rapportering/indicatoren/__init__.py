"""Indicator engine (../shared/spec/indicatoren.md, sections 1–7), computed in PostgreSQL.

Use it through ``rapportering.selectors`` (read: fresh computations and stored snapshots) and
``rapportering.services`` (write: compute and store snapshots)."""

from .engine import (
    JAAR_CODES,
    MAAND_CODES,
    PARTNER_CODES,
    JaarResultaat,
    MaandResultaat,
    OngeldigePeriode,
    Waarde,
    jaar_indicatoren,
    lap_indicatoren,
    maand_einde,
    maand_indicatoren,
    partner_resultaten,
    waarden,
)
from .parameters import DEFINITIE_VERSIE, Parameters

__all__ = [
    "DEFINITIE_VERSIE",
    "JAAR_CODES",
    "MAAND_CODES",
    "PARTNER_CODES",
    "JaarResultaat",
    "MaandResultaat",
    "OngeldigePeriode",
    "Parameters",
    "Waarde",
    "jaar_indicatoren",
    "lap_indicatoren",
    "maand_einde",
    "maand_indicatoren",
    "partner_resultaten",
    "waarden",
]
