"""What an import run reports: problems (``file:line: column: message``), counts per file and
progress messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Probleem:
    bestand: str
    regel: int  # 1 = header line; 0 = the file as a whole
    kolom: str  # "-" when no single column is at fault
    bericht: str

    def __str__(self) -> str:
        return f"{self.bestand}:{self.regel}: {self.kolom}: {self.bericht}"


@dataclass
class BestandResultaat:
    bestand: str
    rijen: int = 0
    aangemaakt: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0


@dataclass
class ImportResultaat:
    dry_run: bool = False
    bestanden: list[BestandResultaat] = field(default_factory=list)
    problemen: list[Probleem] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)

    @property
    def geslaagd(self) -> bool:
        return not self.problemen

    @property
    def ingeladen(self) -> bool:
        """True when the rows are in the database (no problems and not a dry run)."""
        return self.geslaagd and not self.dry_run


@dataclass(frozen=True)
class Voortgang:
    """A progress report: ``fase`` is ``"lezen"`` (reading/validating) or ``"schrijven"``."""

    bestand: str
    fase: str
    verwerkt: int
    totaal: int | None = None


VoortgangCallback = Callable[[Voortgang], None]
