"""Alerts on a dossier, computed in PostgreSQL as annotations on a ``Client`` queryset.

``clients_met_alerts(qs, vandaag=...)`` adds, per client, the input of every rule (a date or a
count), one boolean per rule (``alert_<code>``) and ``alert_aantal`` (how many rules fire), so
that lists can filter and sort on alerts without loading anything into Python. ``alerts_van``
turns the annotations of one client into ``Alert`` objects with a Dutch reason.

Rules (only for open dossiers, ``afgesloten_op`` empty):

``art60_einde``
    A running art. 60 traject ends (``einddatum_gepland``) within 2 months from today.
``gpmi_evaluatie``
    The current GPMI (started, not ended) was last evaluated more than 3 months ago, or was
    never evaluated and started more than 3 months ago (the RMI law: at least once a quarter).
``geen_contact``
    No contact in the logbook for 60 days (partner reports do not count as contact). Without
    any contact, the dossier's creation date counts.
``afwezigheden``
    A partner reported two or more absences (``partners.Melding`` of soort ``afwezigheid``)
    with a date in the last 30 days.
``aanmelding_niet_gestart``
    A traject is still ``aangemeld`` more than 30 days after its ``aanmelddatum``.
``leefloon_zonder_traject``
    The current benefit episode (leefloon or equivalent leefloon; periods less than
    ``EPISODE_GAP_DAYS`` apart form one episode) is over 12 months old and no traject of the
    client was referred, running or closed since the episode started.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import formats
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta

from partners.constants import MeldingSoort
from partners.models import Melding
from trajecten.constants import OPEN_STATUSSEN, TrajectSoort, TrajectStatus
from trajecten.models import Traject

from .constants import LogboekSoort
from .models import Client, Gpmi, GpmiEvaluatie, Logboekitem, Uitkeringsperiode

ART60_VOORUITBLIK = relativedelta(months=2)
GPMI_EVALUATIE_TERMIJN = relativedelta(months=3)
GEEN_CONTACT_DAGEN = 60
AFWEZIGHEDEN_VENSTER_DAGEN = 30
AFWEZIGHEDEN_DREMPEL = 2
AANMELDING_TERMIJN_DAGEN = 30
EPISODE_ZONDER_TRAJECT = relativedelta(months=12)

ALERT_CODES = (
    "art60_einde",
    "gpmi_evaluatie",
    "geen_contact",
    "afwezigheden",
    "aanmelding_niet_gestart",
    "leefloon_zonder_traject",
)


@dataclass(frozen=True)
class Alert:
    code: str
    reden: str


def _subquery_date(qs: QuerySet) -> Subquery:
    return Subquery(qs[:1], output_field=DateField())


def huidige_uitkering_subqueries(vandaag: datetime.date) -> dict:
    """Annotations for the benefit running today: its ``soort`` and the start of the episode
    it belongs to (see the module docstring for the gap rule)."""
    lopend = Uitkeringsperiode.objects.filter(
        client=OuterRef("pk"), startdatum__lte=vandaag
    ).filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag))
    gap = datetime.timedelta(days=settings.EPISODE_GAP_DAYS + 1)
    # A period starts an episode when no earlier-starting period of the client reaches to
    # within the allowed gap before its start.
    overbrugd = Uitkeringsperiode.objects.filter(
        client=OuterRef("client"), startdatum__lt=OuterRef("startdatum")
    ).filter(
        Q(einddatum__isnull=True)
        | Q(
            einddatum__gte=ExpressionWrapper(OuterRef("startdatum") - gap, output_field=DateField())
        )
    )
    episodestarts = (
        Uitkeringsperiode.objects.filter(client=OuterRef("pk"), startdatum__lte=vandaag)
        .filter(~Exists(overbrugd))
        .order_by("-startdatum")
        .values("startdatum")
    )
    return {
        "uitkering_soort": Subquery(
            lopend.order_by("-startdatum").values("soort")[:1],
        ),
        "episode_start": Case(
            When(Exists(lopend), then=_subquery_date(episodestarts)),
            default=Value(None),
            output_field=DateField(),
        ),
    }


def clients_met_alerts(qs: QuerySet[Client], *, vandaag: datetime.date) -> QuerySet[Client]:
    """Annotate ``qs`` with every rule's input, ``alert_<code>`` flags and ``alert_aantal``."""
    art60 = (
        Traject.objects.filter(
            client=OuterRef("pk"),
            soort=TrajectSoort.ART60,
            status=TrajectStatus.LOPEND,
            einddatum_gepland__gte=vandaag,
            einddatum_gepland__lte=vandaag + ART60_VOORUITBLIK,
        )
        .order_by("einddatum_gepland")
        .values("einddatum_gepland")
    )
    laatste_evaluatie = (
        GpmiEvaluatie.objects.filter(gpmi=OuterRef("pk")).order_by("-datum").values("datum")[:1]
    )
    gpmi_referentie = (
        Gpmi.objects.filter(client=OuterRef("pk"), startdatum__lte=vandaag)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag))
        .annotate(ref=Coalesce(Subquery(laatste_evaluatie), F("startdatum")))
        .order_by("-startdatum", "-id")
        .values("ref")
    )
    laatste_contact = (
        Logboekitem.objects.filter(client=OuterRef("pk"))
        .exclude(soort=LogboekSoort.PARTNERMELDING)
        .values("client")
        .annotate(m=Max("datum"))
        .values("m")
    )
    afwezigheden = (
        Melding.objects.filter(
            traject__client=OuterRef("pk"),
            soort=MeldingSoort.AFWEZIGHEID,
            datum__gt=vandaag - datetime.timedelta(days=AFWEZIGHEDEN_VENSTER_DAGEN),
            datum__lte=vandaag,
        )
        .values("traject__client")
        .annotate(n=Count("id"))
        .values("n")
    )
    oude_aanmelding = (
        Traject.objects.filter(
            client=OuterRef("pk"),
            status=TrajectStatus.AANGEMELD,
            aanmelddatum__lt=vandaag - datetime.timedelta(days=AANMELDING_TERMIJN_DAGEN),
        )
        .values("client")
        .annotate(m=Min("aanmelddatum"))
        .values("m")
    )
    traject_in_episode = Traject.objects.filter(client=OuterRef("pk")).filter(
        Q(status__in=OPEN_STATUSSEN) | Q(einddatum__gte=OuterRef("episode_start"))
    )

    qs = qs.annotate(
        **huidige_uitkering_subqueries(vandaag),
        art60_einddatum=_subquery_date(art60),
        gpmi_referentiedatum=_subquery_date(gpmi_referentie),
        laatste_contact=Subquery(laatste_contact, output_field=DateField()),
        afwezigheden_30d=Coalesce(Subquery(afwezigheden, output_field=IntegerField()), 0),
        oudste_aanmelding=Subquery(oude_aanmelding, output_field=DateField()),
    )
    open_dossier = Q(afgesloten_op__isnull=True)
    regels = {
        "art60_einde": Q(art60_einddatum__isnull=False),
        "gpmi_evaluatie": Q(gpmi_referentiedatum__lt=vandaag - GPMI_EVALUATIE_TERMIJN),
        "geen_contact": Q(
            contact_referentie__lt=vandaag - datetime.timedelta(days=GEEN_CONTACT_DAGEN)
        ),
        "afwezigheden": Q(afwezigheden_30d__gte=AFWEZIGHEDEN_DREMPEL),
        "aanmelding_niet_gestart": Q(oudste_aanmelding__isnull=False),
        "leefloon_zonder_traject": Q(episode_start__lte=vandaag - EPISODE_ZONDER_TRAJECT)
        & ~Exists(traject_in_episode),
    }
    qs = qs.annotate(
        contact_referentie=Coalesce(F("laatste_contact"), TruncDate("aangemaakt_op")),
    )
    flags = {
        f"alert_{code}": Case(
            When(open_dossier & regel, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for code, regel in regels.items()
    }
    qs = qs.annotate(**flags)
    aantal = sum(
        (
            Case(When(**{f"alert_{code}": True}, then=Value(1)), default=Value(0))
            for code in ALERT_CODES
        ),
        start=Value(0),
    )
    return qs.annotate(alert_aantal=ExpressionWrapper(aantal, output_field=IntegerField()))


def _datum(d: datetime.date) -> str:
    return formats.date_format(d, "d/m/Y")


def _reden(client: Client, code: str) -> str:
    """The Dutch reason of one rule that fires for ``client``."""
    if code == "art60_einde":
        return _("Art. 60-tewerkstelling eindigt op %(datum)s: zoek nu een vervolg.") % {
            "datum": _datum(client.art60_einddatum)
        }
    if code == "gpmi_evaluatie":
        return _("GPMI-evaluatie te laat: laatste evaluatie of start op %(datum)s.") % {
            "datum": _datum(client.gpmi_referentiedatum)
        }
    if code == "geen_contact":
        if client.laatste_contact:
            return _("Geen contact sinds %(datum)s (meer dan %(dagen)s dagen).") % {
                "datum": _datum(client.laatste_contact),
                "dagen": GEEN_CONTACT_DAGEN,
            }
        return _("Nog geen contact in het logboek sinds de opening van het dossier.")
    if code == "afwezigheden":
        return _("%(aantal)s afwezigheden gemeld door een partner in de laatste 30 dagen.") % {
            "aantal": client.afwezigheden_30d
        }
    if code == "aanmelding_niet_gestart":
        return _("Aanmelding van %(datum)s is na meer dan 30 dagen nog niet gestart.") % {
            "datum": _datum(client.oudste_aanmelding)
        }
    return _("Leefloon sinds %(datum)s (meer dan 12 maanden) zonder activeringstraject.") % {
        "datum": _datum(client.episode_start)
    }


def alerts_van(client: Client) -> list[Alert]:
    """The alerts of a client annotated by ``clients_met_alerts``, each with its reason, in
    the order of ``ALERT_CODES``."""
    return [
        Alert(code, _reden(client, code))
        for code in ALERT_CODES
        if getattr(client, f"alert_{code}", False)
    ]


def alert_labels() -> dict[str, str]:
    """Short Dutch names of the rules, for filters."""
    return {
        "art60_einde": _("Art. 60 eindigt binnen 2 maanden"),
        "gpmi_evaluatie": _("GPMI-evaluatie te laat"),
        "geen_contact": _("Geen contact in 60 dagen"),
        "afwezigheden": _("Twee afwezigheden in 30 dagen"),
        "aanmelding_niet_gestart": _("Aanmelding niet gestart na 30 dagen"),
        "leefloon_zonder_traject": _("Leefloon > 12 maanden zonder traject"),
    }
