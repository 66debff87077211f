"""Server-side charts: small inline SVG documents built in Python.

No JavaScript and no style attributes (the Content-Security-Policy has no 'unsafe-inline'):
geometry goes in SVG presentation attributes, colours come from CSS classes in
``static/css/rapportering.css`` (``reeks-1`` … ``reeks-7``, ``doel``, ``prognose``). Every text
is escaped. Each chart is a picture of a data table that the page shows beside it; the SVG
carries a ``<title>`` and ``<desc>`` for screen readers, the table carries the numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Getal = int | Decimal | str | None

BREEDTE = 640
HOOGTE = 260
LINKS, RECHTS, BOVEN, ONDER = 52, 16, 14, 42


@dataclass
class Reeks:
    """One data series: a name (legend), a CSS class and one value per label (None = gap)."""

    naam: str
    klasse: str
    waarden: Sequence[Getal]
    gestippeld: bool = False


@dataclass
class Grafiek:
    svg: SafeString
    legende: list[tuple[str, str]] = field(default_factory=list)


def getal(waarde: Getal) -> Decimal | None:
    if waarde is None or waarde == "":
        return None
    return Decimal(str(waarde))


def getal_tekst(waarde: Getal, decimalen: int | None = None) -> str:
    """A number in the notation of the active language (nl-BE: 1.494 and 16,73; English:
    1,494 and 16.73), with the decimals the value has; ``–`` for no value."""
    d = getal(waarde)
    if d is None:
        return "–"
    if decimalen is None:
        decimalen = max(0, -d.as_tuple().exponent) if d != d.to_integral_value() else 0
        if isinstance(waarde, str) and "." in waarde:
            decimalen = len(waarde.split(".")[1])
    return number_format(d, decimal_pos=decimalen, force_grouping=True)


def _mooie_max(maximum: Decimal) -> tuple[Decimal, Decimal]:
    """A round axis maximum ≥ ``maximum`` and its step (1, 2 or 5 × 10^k, 4–5 steps)."""
    if maximum <= 0:
        return Decimal(1), Decimal("0.25")
    ruw = float(maximum) / 4
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 2.5, 5, 10):
        stap = factor * macht
        if stap >= ruw:
            break
    stap_d = Decimal(str(stap))
    top = stap_d * Decimal(math.ceil(float(maximum) / stap))
    return top, stap_d


def _f(x: float) -> str:
    return f"{x:.1f}"


def _kop(titel: str, beschrijving: str, ident: str, klasse: str, hoogte: int = HOOGTE) -> str:
    return (
        f'<svg class="grafiek {escape(klasse)}" viewBox="0 0 {BREEDTE} {hoogte}" '
        f'xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{escape(ident)}-titel {escape(ident)}-desc" focusable="false">'
        f'<title id="{escape(ident)}-titel">{escape(titel)}</title>'
        f'<desc id="{escape(ident)}-desc">{escape(beschrijving)}</desc>'
    )


def _y_as(top: Decimal, stap: Decimal, minimum: Decimal, hoogte: int) -> tuple[list[str], callable]:
    binnen = hoogte - BOVEN - ONDER
    bereik = top - minimum or Decimal(1)

    def y(waarde: Decimal) -> float:
        return BOVEN + binnen * float((top - waarde) / bereik)

    delen = []
    waarde = minimum
    while waarde <= top:
        yy = y(waarde)
        delen.append(
            f'<line class="raster" x1="{LINKS}" x2="{BREEDTE - RECHTS}" '
            f'y1="{_f(yy)}" y2="{_f(yy)}"/>'
            f'<text class="as-label" x="{LINKS - 6}" y="{_f(yy + 4)}" '
            f'text-anchor="end">{escape(getal_tekst(waarde))}</text>'
        )
        waarde += stap
    delen.append(
        f'<line class="as" x1="{LINKS}" x2="{BREEDTE - RECHTS}" '
        f'y1="{_f(y(minimum))}" y2="{_f(y(minimum))}"/>'
    )
    return delen, y


def _x_labels(labels: Sequence[str], x, hoogte: int) -> list[str]:
    """At most ~12 labels under the axis: every n-th, counted back from the last one."""
    n = max(1, math.ceil(len(labels) / 12))
    getoond = sorted(range(len(labels) - 1, -1, -n))  # the latest month always has a label
    return [
        f'<text class="as-label" x="{_f(x(i))}" y="{hoogte - ONDER + 16}" '
        f'text-anchor="middle">{escape(labels[i])}</text>'
        for i in getoond
    ]


def lijngrafiek(
    *,
    ident: str,
    titel: str,
    beschrijving: str,
    labels: Sequence[str],
    reeksen: Sequence[Reeks],
    doel: Getal = None,
    doel_label: str = "",
    doel_klasse: str = "doel",
    minimum_nul: bool = True,
) -> Grafiek:
    """Lines over ``labels`` (months); an optional horizontal target line."""
    alle = [getal(w) for r in reeksen for w in r.waarden if getal(w) is not None]
    if getal(doel) is not None:
        alle.append(getal(doel))
    hoogste = max(alle, default=Decimal(0))
    laagste = min([*alle, Decimal(0)]) if minimum_nul else min(alle, default=Decimal(0))
    top, stap = _mooie_max(hoogste - min(laagste, Decimal(0)))
    minimum = Decimal(0)
    if laagste < 0:
        minimum = -stap * Decimal(math.ceil(float(-laagste / stap)))
        top = minimum + top
        while top < hoogste:
            top += stap
    delen, y = _y_as(top, stap, minimum, HOOGTE)
    aantal = max(1, len(labels) - 1)
    breedte = BREEDTE - LINKS - RECHTS - 16

    def x(i: int) -> float:
        return LINKS + 8 + breedte * i / aantal if len(labels) > 1 else LINKS + breedte / 2

    delen += _x_labels(labels, x, HOOGTE)
    if getal(doel) is not None:
        yy = y(getal(doel))
        delen.append(
            f'<line class="{escape(doel_klasse)}" x1="{LINKS}" x2="{BREEDTE - RECHTS}" '
            f'y1="{_f(yy)}" y2="{_f(yy)}"/>'
            f'<text class="{escape(doel_klasse)}-label" x="{LINKS + 6}" y="{_f(yy - 5)}" '
            f'text-anchor="start">{escape(doel_label)}</text>'
        )
    for reeks in reeksen:
        stukken: list[list[tuple[float, float]]] = [[]]
        for i, waarde in enumerate(reeks.waarden):
            d = getal(waarde)
            if d is None:
                stukken.append([])
                continue
            stukken[-1].append((x(i), y(d)))
        klasse = f"lijn {escape(reeks.klasse)}" + (" gestippeld" if reeks.gestippeld else "")
        for stuk in stukken:
            if len(stuk) > 1:
                punten = " ".join(f"{_f(a)},{_f(b)}" for a, b in stuk)
                delen.append(f'<polyline class="{klasse}" points="{punten}" fill="none"/>')
            for a, b in stuk if len(reeks.waarden) <= 36 else stuk[-1:]:
                delen.append(
                    f'<circle class="punt {escape(reeks.klasse)}" cx="{_f(a)}" cy="{_f(b)}" r="3"/>'
                )
    svg = _kop(titel, beschrijving, ident, "lijngrafiek") + "".join(delen) + "</svg>"
    legende = [(r.naam, r.klasse + (" gestippeld" if r.gestippeld else "")) for r in reeksen]
    if getal(doel) is not None:
        legende.append((doel_label, doel_klasse))
    return Grafiek(mark_safe(svg), legende)  # noqa: S308 - every text above is escaped


def staafgrafiek(
    *,
    ident: str,
    titel: str,
    beschrijving: str,
    labels: Sequence[str],
    reeks: Reeks,
    doel: Getal = None,
    doel_label: str = "",
) -> Grafiek:
    """Vertical bars, one per label; an optional horizontal target line."""
    waarden = [getal(w) for w in reeks.waarden]
    alle = [w for w in waarden if w is not None]
    if getal(doel) is not None:
        alle.append(getal(doel))
    top, stap = _mooie_max(max([*alle, Decimal(0)]))
    delen, y = _y_as(top, stap, Decimal(0), HOOGTE)
    vak = (BREEDTE - LINKS - RECHTS) / max(1, len(labels))
    staaf = max(2.0, vak * 0.7)

    def x(i: int) -> float:
        return LINKS + vak * i + vak / 2

    delen += _x_labels(labels, x, HOOGTE)
    for i, waarde in enumerate(waarden):
        if waarde is None:
            continue
        boven = y(waarde)
        delen.append(
            f'<rect class="staaf {escape(reeks.klasse)}" x="{_f(x(i) - staaf / 2)}" '
            f'y="{_f(boven)}" width="{_f(staaf)}" height="{_f(y(Decimal(0)) - boven)}"/>'
        )
        if len(labels) <= 12:
            delen.append(
                f'<text class="staaf-label" x="{_f(x(i))}" y="{_f(boven - 4)}" '
                f'text-anchor="middle">{escape(getal_tekst(waarde))}</text>'
            )
    if getal(doel) is not None:
        yy = y(getal(doel))
        delen.append(
            f'<line class="doel" x1="{LINKS}" x2="{BREEDTE - RECHTS}" '
            f'y1="{_f(yy)}" y2="{_f(yy)}"/>'
            f'<text class="doel-label" x="{BREEDTE - RECHTS - 4}" y="{_f(yy - 5)}" '
            f'text-anchor="end">{escape(doel_label)}</text>'
        )
    svg = _kop(titel, beschrijving, ident, "staafgrafiek") + "".join(delen) + "</svg>"
    legende = [(reeks.naam, reeks.klasse)]
    if getal(doel) is not None:
        legende.append((doel_label, "doel"))
    return Grafiek(mark_safe(svg), legende)  # noqa: S308 - every text above is escaped


def gestapelde_balken(
    *,
    ident: str,
    titel: str,
    beschrijving: str,
    rijen: Sequence[tuple[str, Sequence[Getal]]],
    delen: Sequence[tuple[str, str]],
) -> Grafiek:
    """One horizontal 100 % bar per row (e.g. a partner), split in ``delen`` (name, class)
    by the row's percentages. A row without values gets an empty frame."""
    rijhoogte, links = 30, 190
    hoogte = BOVEN + rijhoogte * max(1, len(rijen)) + 24
    breedte = BREEDTE - links - RECHTS
    svg = [_kop(titel, beschrijving, ident, "balkgrafiek", hoogte)]
    for r, (label, waarden) in enumerate(rijen):
        y = BOVEN + r * rijhoogte
        svg.append(
            f'<text class="as-label" x="{links - 8}" y="{y + 17}" text-anchor="end">'
            f"{escape(label[:30])}</text>"
            f'<rect class="kader" x="{links}" y="{y + 3}" width="{breedte}" height="20"/>'
        )
        x = float(links)
        for (_naam, klasse), waarde in zip(delen, waarden, strict=True):
            d = getal(waarde)
            if not d:
                continue
            w = breedte * float(d) / 100
            svg.append(
                f'<rect class="deel {escape(klasse)}" x="{_f(x)}" y="{y + 3}" '
                f'width="{_f(w)}" height="20"/>'
            )
            x += w
    for i in range(0, 101, 25):
        xx = links + breedte * i / 100
        svg.append(
            f'<text class="as-label" x="{_f(xx)}" y="{hoogte - 6}" text-anchor="middle">'
            f"{i} %</text>"
        )
    svg.append("</svg>")
    return Grafiek(mark_safe("".join(svg)), list(delen))  # noqa: S308 - texts are escaped
