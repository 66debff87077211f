"""Template filters of the reporting screens: Dutch number notation and raw values."""

from django import template

from rapportering.grafieken import getal_tekst

register = template.Library()


@register.filter
def cijfer(waarde) -> str:
    """``1494`` → ``1.494``, ``"16.73"`` → ``16,73``, ``None`` → ``–``."""
    return getal_tekst(waarde)


@register.filter
def ruwe_waarde(waarde) -> str:
    """The value exactly as in ``bereken_indicatoren --json`` (for ``data-waarde``)."""
    return "" if waarde is None else str(waarde)
