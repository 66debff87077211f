"""The allowed status transitions of a traject, in one place.

    aangemeld ──► lopend ──► afgerond
        │            │
        └──────────► stopgezet ◄┘

Every service that changes ``Traject.status`` calls ``overgang_controleren`` first. A refused
transition raises ``OngeldigeOvergang`` with a Dutch explanation; the API turns it into 409.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from activering.exceptions import DomeinConflict

from .constants import GESLOTEN_STATUSSEN, TrajectStatus

TOEGELATEN_OVERGANGEN: dict[str, frozenset[str]] = {
    TrajectStatus.AANGEMELD: frozenset({TrajectStatus.LOPEND, TrajectStatus.STOPGEZET}),
    TrajectStatus.LOPEND: frozenset({TrajectStatus.AFGEROND, TrajectStatus.STOPGEZET}),
    TrajectStatus.AFGEROND: frozenset(),
    TrajectStatus.STOPGEZET: frozenset(),
}


class OngeldigeOvergang(DomeinConflict):
    """A status transition that the workflow does not allow."""

    code = "ongeldige_statusovergang"


def overgang_toegelaten(*, van: str, naar: str) -> bool:
    return naar in TOEGELATEN_OVERGANGEN.get(van, frozenset())


def _label(status: str) -> str:
    return str(TrajectStatus(status).label)


def overgang_uitleg(*, van: str, naar: str) -> str:
    """Why ``van`` → ``naar`` is refused, in words a social worker or partner understands."""
    if van in GESLOTEN_STATUSSEN:
        return _(
            "Dit traject is al afgesloten (status ‘%(van)s’); de status kan niet meer wijzigen."
        ) % {"van": _label(van)}
    if van == naar:
        return _("Dit traject heeft al de status ‘%(van)s’.") % {"van": _label(van)}
    if van == TrajectStatus.AANGEMELD and naar == TrajectStatus.AFGEROND:
        return _(
            "Een aangemeld traject kan niet afgerond worden zonder eerst te starten; "
            "meld eerst de start, of stop het traject."
        )
    if van == TrajectStatus.LOPEND and naar == TrajectStatus.AANGEMELD:
        return _("Een lopend traject kan niet terug naar ‘aangemeld’.")
    return _("De status kan niet van ‘%(van)s’ naar ‘%(naar)s’ gaan.") % {
        "van": _label(van),
        "naar": _label(naar),
    }


def overgang_controleren(*, van: str, naar: str) -> None:
    """Raise ``OngeldigeOvergang`` when ``van`` → ``naar`` is not an allowed transition."""
    if not overgang_toegelaten(van=van, naar=naar):
        raise OngeldigeOvergang(overgang_uitleg(van=van, naar=naar))
