"""Display helpers for the social workers' screens (nl-BE: 31/12/2025, € 1.234,56; English
pages get English number notation)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dateutil.relativedelta import relativedelta

register = template.Library()


@register.filter
def datum(waarde) -> str:
    """``31/12/2025`` (``SHORT_DATE_FORMAT`` of activering/formats); empty for no date."""
    if not waarde:
        return ""
    return formats.date_format(waarde, "SHORT_DATE_FORMAT")


@register.filter
def euro(waarde) -> str:
    """``€ 1.234,56`` in nl-BE, ``€ 1,234.56`` in English; empty for no amount."""
    if waarde is None or waarde == "":
        return ""
    bedrag = Decimal(str(waarde)).quantize(Decimal("0.01"))
    teken = "-" if bedrag < 0 else ""
    return f"{teken}€ {formats.number_format(abs(bedrag), 2, force_grouping=True)}"


@register.filter
def rrn_masker(nummer: str | None) -> str:
    """``93.05.18-***.**``: the birth-date part only, until a deliberate ‘toon’."""
    if not nummer or len(nummer) != 11:
        return "–"
    return f"{nummer[0:2]}.{nummer[2:4]}.{nummer[4:6]}-***.**"


@register.simple_tag
def duur_sinds(start: datetime.date | None, vandaag: datetime.date) -> str:
    """``2 jaar 3 maanden`` between ``start`` and ``vandaag``."""
    if not start:
        return ""
    verschil = relativedelta(vandaag, start)
    delen = []
    if verschil.years:
        delen.append(ngettext("%(n)s jaar", "%(n)s jaar", verschil.years) % {"n": verschil.years})
    if verschil.months or not verschil.years:
        if not verschil.years and not verschil.months:
            dagen = (vandaag - start).days
            return ngettext("%(n)s dag", "%(n)s dagen", dagen) % {"n": dagen}
        delen.append(
            ngettext("%(n)s maand", "%(n)s maanden", verschil.months) % {"n": verschil.months}
        )
    return " ".join(delen)


@register.filter
def naam(medewerker) -> str:
    """A staff member's full name (or user name)."""
    if medewerker is None:
        return _("niet toegewezen")
    user = medewerker.user
    return user.get_full_name() or user.get_username()


@register.filter
def decimaal(waarde, cijfers: int = 1) -> str:
    if waarde is None:
        return ""
    return formats.number_format(waarde, int(cijfers), use_l10n=True, force_grouping=True)


@register.filter
def met_aria(veld):
    """Render a bound field's widget with ``aria-invalid`` and ``aria-describedby`` pointing
    at its help text and error message (see ``components/veld.html``)."""
    attrs = {}
    ids = []
    if veld.errors:
        attrs["aria-invalid"] = "true"
        ids.append(f"{veld.auto_id}-fout")
    if veld.help_text:
        ids.append(f"{veld.auto_id}-hulp")
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return veld.as_widget(attrs=attrs)


@register.filter
def signalen(client):
    """The alerts of a client annotated by ``clients.alerts.clients_met_alerts``."""
    from clients.alerts import alerts_van

    return alerts_van(client)


@register.simple_tag
def dagen_tussen(van: datetime.date | None, tot: datetime.date) -> int | None:
    return (tot - van).days if van else None


@register.filter
def drempel_labels(codes) -> list[str]:
    """Dutch labels of a client's barriers to work."""
    from clients.constants import Drempel

    labels = dict(Drempel.choices)
    return [str(labels.get(code, code)) for code in codes or []]
