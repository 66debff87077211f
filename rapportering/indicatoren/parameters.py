"""The settings the definitions depend on, read once per computation from Django settings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

# Bump when a definition in ../shared/spec/indicatoren.md (or its interpretation here) changes;
# stored snapshots carry the version they were computed with.
DEFINITIE_VERSIE = "2025.1"


@dataclass(frozen=True)
class Parameters:
    episode_gap_days: int
    lap_leefloon_lookback_months: int
    lap_worked_days: int
    lap_window_months: int
    lap_excluded_contract_types: tuple[str, ...]
    lap_base_rate: Decimal
    lap_eur_per_extra: Decimal
    lap_payout_tiers: tuple[tuple[Decimal | None, int], ...]
    caseload_target: int

    @classmethod
    def uit_settings(cls) -> Parameters:
        return cls(
            episode_gap_days=int(settings.EPISODE_GAP_DAYS),
            lap_leefloon_lookback_months=int(settings.LAP_LEEFLOON_LOOKBACK_MONTHS),
            lap_worked_days=int(settings.LAP_WORKED_DAYS),
            lap_window_months=int(settings.LAP_WINDOW_MONTHS),
            lap_excluded_contract_types=tuple(settings.LAP_EXCLUDED_CONTRACT_TYPES),
            lap_base_rate=Decimal(settings.LAP_BASE_RATE),
            lap_eur_per_extra=Decimal(settings.LAP_EUR_PER_EXTRA),
            lap_payout_tiers=tuple(
                (None if drempel is None else Decimal(drempel), int(uitbetaling))
                for drempel, uitbetaling in settings.LAP_PAYOUT_TIERS
            ),
            caseload_target=int(settings.CASELOAD_TARGET),
        )

    def als_dict(self) -> dict:
        """The values as JSON-friendly strings, for the dashboard's "which settings" note."""
        return {
            "EPISODE_GAP_DAYS": self.episode_gap_days,
            "LAP_LEEFLOON_LOOKBACK_MONTHS": self.lap_leefloon_lookback_months,
            "LAP_WORKED_DAYS": self.lap_worked_days,
            "LAP_WINDOW_MONTHS": self.lap_window_months,
            "LAP_EXCLUDED_CONTRACT_TYPES": list(self.lap_excluded_contract_types),
            "LAP_BASE_RATE": str(self.lap_base_rate),
            "LAP_EUR_PER_EXTRA": str(self.lap_eur_per_extra),
            "LAP_PAYOUT_TIERS": [
                [None if d is None else str(d), u] for d, u in self.lap_payout_tiers
            ],
            "CASELOAD_TARGET": self.caseload_target,
        }
