"""Reads on clients for the browser screens. Access rules live in these queries: a dossier
outside a staff member's reach is simply not in his queryset, so views answer 404 and never
disclose that it exists.

Who reads and who changes which clients (``activering.constants.Rol``):

=========================  ==============================================  =====================
role                       reads                                           changes
=========================  ==============================================  =====================
maatschappelijk_assistent  clients whose social worker is in his team      only his own caseload
                           (his own caseload when he has no team)
teamleider                 clients of his team + unassigned clients of     same as reads
                           his gemeente
beheerder                  every client of his gemeente                    same as reads
analist                    nothing (aggregated figures only, elsewhere)    nothing
=========================  ==============================================  =====================

A client of another gemeente is never readable. An inactive staff member reads nothing.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, JSONObject
from django.utils.translation import gettext as _

from activering.constants import Rol
from activering.models import Medewerker
from activering.permissions import medewerker_van
from partners.models import Partner
from trajecten.constants import OPEN_STATUSSEN
from trajecten.models import Traject, Werkperiode

from .alerts import Alert, alerts_van, clients_met_alerts
from .models import Client, Document, Gpmi, GpmiActie, GpmiEvaluatie, Logboekitem, Taak
from .rijksregisternummer import rijksregisternummer_normalize

# --- access ---------------------------------------------------------------------------------


def client_queryset_leesbaar(*, medewerker: Medewerker | None) -> QuerySet[Client]:
    """The clients ``medewerker`` may read (see the module docstring for the rule)."""
    if medewerker is None or not medewerker.actief:
        return Client.objects.none()
    basis = Client.objects.filter(gemeente_id=medewerker.gemeente_id)
    if medewerker.rol == Rol.BEHEERDER:
        return basis
    if medewerker.rol == Rol.TEAMLEIDER:
        if medewerker.team_id is None:
            return basis.filter(maatschappelijk_assistent__isnull=True)
        return basis.filter(
            Q(maatschappelijk_assistent__team_id=medewerker.team_id)
            | Q(maatschappelijk_assistent__isnull=True)
        )
    if medewerker.rol == Rol.MAATSCHAPPELIJK_ASSISTENT:
        if medewerker.team_id is None:
            return basis.filter(maatschappelijk_assistent=medewerker)
        return basis.filter(
            Q(maatschappelijk_assistent__team_id=medewerker.team_id)
            | Q(maatschappelijk_assistent=medewerker)
        )
    return Client.objects.none()  # analist, or a role this module does not know


def client_queryset_bewerkbaar(*, medewerker: Medewerker | None) -> QuerySet[Client]:
    """The clients ``medewerker`` may change: a social worker only his own caseload, a
    teamleider and a beheerder everything they may read, an analist nothing."""
    if medewerker is not None and medewerker.rol == Rol.MAATSCHAPPELIJK_ASSISTENT:
        return client_queryset_leesbaar(medewerker=medewerker).filter(
            maatschappelijk_assistent=medewerker
        )
    return client_queryset_leesbaar(medewerker=medewerker)


def client_mag_bewerken(*, medewerker: Medewerker | None, client: Client) -> bool:
    """Whether ``medewerker`` may change ``client`` (the same rule as the queryset, in memory
    for a client already read through ``client_queryset_leesbaar``)."""
    if medewerker is None or not medewerker.actief or client.gemeente_id != medewerker.gemeente_id:
        return False
    if medewerker.rol == Rol.MAATSCHAPPELIJK_ASSISTENT:
        return client.maatschappelijk_assistent_id == medewerker.pk
    if medewerker.rol in (Rol.TEAMLEIDER, Rol.BEHEERDER):
        return client_queryset_leesbaar(medewerker=medewerker).filter(pk=client.pk).exists()
    return False


def client_get_leesbaar(*, user, pk: int) -> Client:
    """One readable client or ``Client.DoesNotExist`` (→ 404)."""
    return client_queryset_leesbaar(medewerker=medewerker_van(user)).get(pk=pk)


def client_get_bewerkbaar(*, user, pk: int) -> Client:
    """One changeable client or ``Client.DoesNotExist`` (→ 404)."""
    return client_queryset_bewerkbaar(medewerker=medewerker_van(user)).get(pk=pk)


# --- caseload -------------------------------------------------------------------------------

SORTERINGEN = {
    "naam": ("achternaam", "voornaam", "pk"),
    "-naam": ("-achternaam", "-voornaam", "-pk"),
    "alerts": ("-alert_aantal", "achternaam", "pk"),
    "contact": (F("laatste_contact").asc(nulls_first=True), "achternaam", "pk"),
    "uitkering": (F("episode_start").asc(nulls_last=True), "achternaam", "pk"),
    "taak": (F("volgende_taak_datum").asc(nulls_last=True), "achternaam", "pk"),
}


def _zoekfilter(zoek: str) -> Q:
    """Name (any part), dossier number (contains) or an exact rijksregisternummer."""
    zoek = zoek.strip()
    cijfers = rijksregisternummer_normalize(zoek)
    if cijfers.isdigit() and len(cijfers) == 11:
        return Q(rijksregisternummer=cijfers) | Q(referentie__icontains=zoek)
    voorwaarde = Q(referentie__icontains=zoek)
    woorden = zoek.split()
    if woorden:
        naam = Q()
        for woord in woorden:
            naam &= Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord)
        voorwaarde |= naam
    return voorwaarde


def caseload_list(
    *,
    medewerker: Medewerker,
    vandaag: datetime.date,
    eigen: bool = True,
    zoek: str = "",
    uitkering: str = "",
    alert: str = "",
    traject_soort: str = "",
    sortering: str = "naam",
) -> QuerySet[Client]:
    """Open dossiers for the caseload screen with everything shown at a glance, in a constant
    number of queries: current benefit and episode start, alerts, next open task, last
    contact; running trajecten are prefetched (one query for the page).

    ``eigen``: only the clients assigned to ``medewerker``; otherwise every readable client
    (searching the team's dossiers). Filters: ``uitkering`` (benefit soort running today, or
    ``geen``), ``alert`` (a rule code, or ``ja`` for any), ``traject_soort`` (an open traject
    of that soort)."""
    qs = client_queryset_leesbaar(medewerker=medewerker).filter(afgesloten_op__isnull=True)
    if eigen:
        qs = qs.filter(maatschappelijk_assistent=medewerker)
    if zoek.strip():
        qs = qs.filter(_zoekfilter(zoek))
    if traject_soort:
        qs = qs.filter(
            pk__in=Traject.objects.filter(soort=traject_soort, status__in=OPEN_STATUSSEN).values(
                "client_id"
            )
        )
    volgende_taak = Taak.objects.filter(client=OuterRef("pk"), afgewerkt_op__isnull=True).order_by(
        "vervaldatum", "id"
    )
    qs = clients_met_alerts(qs, vandaag=vandaag).annotate(
        volgende_taak_datum=Subquery(volgende_taak.values("vervaldatum")[:1]),
        volgende_taak_omschrijving=Subquery(volgende_taak.values("omschrijving")[:1]),
    )
    if uitkering == "geen":
        qs = qs.filter(uitkering_soort__isnull=True)
    elif uitkering:
        qs = qs.filter(uitkering_soort=uitkering)
    if alert == "ja":
        qs = qs.filter(alert_aantal__gt=0)
    elif alert:
        qs = qs.filter(**{f"alert_{alert}": True})
    lopende = Prefetch(
        "trajecten",
        queryset=Traject.objects.filter(status__in=OPEN_STATUSSEN)
        .select_related("partner")
        .order_by("aanmelddatum", "id"),
        to_attr="open_trajecten",
    )
    volgorde = SORTERINGEN.get(sortering, SORTERINGEN["naam"])
    return (
        qs.select_related("maatschappelijk_assistent__user")
        .prefetch_related(lopende)
        .order_by(*volgorde)
    )


# --- dossier --------------------------------------------------------------------------------


@dataclass
class GpmiRegel:
    """A GPMI with its agreed steps and evaluations (read in the same query as the GPMI)."""

    gpmi: Gpmi
    acties: list[dict] = field(default_factory=list)
    evaluaties: list[dict] = field(default_factory=list)


@dataclass
class Dossier:
    client: Client
    alerts: list[Alert]
    mag_bewerken: bool
    uitkeringsperiodes: list
    trajecten: list[Traject]
    werkperiodes: list[Werkperiode]
    logboek: list[Logboekitem]
    logboek_totaal: int
    taken: list[Taak]
    documenten: list[Document]
    gpmis: list[GpmiRegel]


def _json_datums(rijen: list[dict] | None, *velden: str) -> list[dict]:
    """Dates come back from ``jsonb_agg`` as ISO strings; turn them into dates again."""
    uit = []
    for rij in rijen or []:
        rij = dict(rij)
        for veld in velden:
            if rij.get(veld):
                rij[veld] = datetime.date.fromisoformat(rij[veld])
        uit.append(rij)
    return uit


def client_dossier(
    *,
    medewerker: Medewerker,
    pk: int,
    vandaag: datetime.date,
    logboek_limiet: int | None = 50,
) -> Dossier:
    """Everything the dossier screen shows, in a fixed number of queries whatever the length
    of the history (one per section; a GPMI's steps and evaluations come with the GPMI as
    JSON). Raises ``Client.DoesNotExist`` when the client is not readable.

    ``logboek_limiet``: the newest N logbook entries (None: all); the total is counted in the
    client query."""
    logboek_totaal = (
        Logboekitem.objects.filter(client=OuterRef("pk"))
        .values("client")
        .annotate(n=Count("id"))
        .values("n")
    )
    leesbaar = client_queryset_leesbaar(medewerker=medewerker)
    client = (
        clients_met_alerts(leesbaar.filter(pk=pk), vandaag=vandaag)
        .annotate(logboek_totaal=Coalesce(Subquery(logboek_totaal), 0))
        .select_related("gemeente", "maatschappelijk_assistent__user", "gewijzigd_door__user")
        .prefetch_related(
            "uitkeringsperiodes",
            Prefetch(
                "trajecten",
                queryset=Traject.objects.select_related("partner").order_by(
                    F("startdatum").desc(nulls_first=True), "-aanmelddatum", "-id"
                ),
            ),
            Prefetch("werkperiodes", queryset=Werkperiode.objects.order_by("-startdatum")),
            Prefetch(
                "taken",
                queryset=Taak.objects.select_related("toegewezen_aan__user").order_by(
                    F("afgewerkt_op").desc(nulls_first=True), "vervaldatum", "id"
                ),
            ),
            Prefetch(
                "documenten", queryset=Document.objects.select_related("opgeladen_door__user")
            ),
        )
        .get()
    )
    logboek_qs = Logboekitem.objects.filter(client=client).select_related("auteur__user", "partner")
    logboek = list(logboek_qs[:logboek_limiet] if logboek_limiet else logboek_qs)
    acties = (
        GpmiActie.objects.filter(gpmi=OuterRef("pk"))
        .values("gpmi")
        .annotate(
            j=JSONBAgg(
                JSONObject(
                    id="id",
                    actor="actor",
                    omschrijving="omschrijving",
                    deadline="deadline",
                    afgerond_op="afgerond_op",
                ),
                order_by=(F("deadline").asc(nulls_last=True), "id"),
            )
        )
        .values("j")
    )
    evaluaties = (
        GpmiEvaluatie.objects.filter(gpmi=OuterRef("pk"))
        .values("gpmi")
        .annotate(
            j=JSONBAgg(
                JSONObject(id="id", datum="datum", verslag="verslag"),
                order_by=("-datum", "-id"),
            )
        )
        .values("j")
    )
    gpmis = [
        GpmiRegel(
            gpmi=g,
            acties=_json_datums(_json(g.acties_json), "deadline", "afgerond_op"),
            evaluaties=_json_datums(_json(g.evaluaties_json), "datum"),
        )
        for g in Gpmi.objects.filter(client=client).annotate(
            acties_json=Subquery(acties), evaluaties_json=Subquery(evaluaties)
        )
    ]
    return Dossier(
        client=client,
        alerts=alerts_van(client),
        mag_bewerken=_mag_bewerken_zonder_query(medewerker=medewerker, client=client),
        uitkeringsperiodes=list(client.uitkeringsperiodes.all()),
        trajecten=list(client.trajecten.all()),
        werkperiodes=list(client.werkperiodes.all()),
        logboek=logboek,
        logboek_totaal=client.logboek_totaal,
        taken=list(client.taken.all()),
        documenten=list(client.documenten.all()),
        gpmis=gpmis,
    )


def _json(waarde):
    if isinstance(waarde, str):
        return json.loads(waarde)
    return waarde


def _mag_bewerken_zonder_query(*, medewerker: Medewerker, client: Client) -> bool:
    """``client`` was read through ``client_queryset_leesbaar``; for a teamleider and a
    beheerder reading means changing, a social worker changes only his own caseload."""
    if medewerker.rol in (Rol.TEAMLEIDER, Rol.BEHEERDER):
        return True
    return (
        medewerker.rol == Rol.MAATSCHAPPELIJK_ASSISTENT
        and client.maatschappelijk_assistent_id == medewerker.pk
    )


def logboek_list(*, client: Client, limiet: int | None = None) -> list[Logboekitem]:
    qs = Logboekitem.objects.filter(client=client).select_related("auteur__user", "partner")
    return list(qs[:limiet] if limiet else qs)


# --- team -----------------------------------------------------------------------------------


def team_medewerkers(*, medewerker: Medewerker) -> QuerySet[Medewerker]:
    """The social workers whose caseloads ``medewerker`` manages: his team's (teamleider) or
    every team of his gemeente (beheerder)."""
    qs = Medewerker.objects.filter(
        gemeente_id=medewerker.gemeente_id,
        actief=True,
        rol__in=[Rol.MAATSCHAPPELIJK_ASSISTENT, Rol.TEAMLEIDER],
    )
    if medewerker.rol == Rol.TEAMLEIDER:
        qs = qs.filter(team_id=medewerker.team_id) if medewerker.team_id else qs.none()
    elif medewerker.rol != Rol.BEHEERDER:
        qs = qs.none()
    return qs.select_related("user", "team").order_by("team__naam", "user__last_name")


def team_caseloads(*, medewerker: Medewerker, vandaag: datetime.date) -> list[dict]:
    """Per social worker of the team: open clients, clients per FTE against
    ``CASELOAD_TARGET``, clients with an alert and the number of alerts. A team lead is listed
    only when he carries clients himself (otherwise he would show as an idle social worker at
    0 %). Counted in PostgreSQL (one query for the counts, one for the staff list)."""
    medewerkers = list(team_medewerkers(medewerker=medewerker))
    tellingen = {
        rij["maatschappelijk_assistent"]: rij
        for rij in clients_met_alerts(
            Client.objects.filter(
                afgesloten_op__isnull=True,
                maatschappelijk_assistent__in=[m.pk for m in medewerkers],
            ),
            vandaag=vandaag,
        )
        .values("maatschappelijk_assistent")
        .annotate(
            clienten=Count("pk"),
            met_alert=Count("pk", filter=Q(alert_aantal__gt=0)),
            alerts=Sum("alert_aantal"),
        )
        .order_by()
    }
    doel = settings.CASELOAD_TARGET
    regels = []
    for m in medewerkers:
        rij = tellingen.get(m.pk, {})
        aantal = rij.get("clienten", 0)
        if m.rol == Rol.TEAMLEIDER and not aantal:
            continue
        per_vte = (Decimal(aantal) / m.vte).quantize(Decimal("0.1")) if m.vte else None
        regels.append(
            {
                "medewerker": m,
                "clienten": aantal,
                "per_vte": per_vte,
                "doel": doel,
                "boven_doel": per_vte is not None and per_vte > doel,
                "bezetting": int(per_vte * 100 / doel) if per_vte is not None and doel else 0,
                "met_alert": rij.get("met_alert", 0),
                "alerts": rij.get("alerts") or 0,
            }
        )
    return regels


def team_clienten(
    *,
    medewerker: Medewerker,
    vandaag: datetime.date,
    niet_toegewezen: bool = False,
    van: Medewerker | None = None,
) -> QuerySet[Client]:
    """Open dossiers the teamleider or beheerder can reassign (with their alert count);
    ``niet_toegewezen``: only those without a social worker; ``van``: only that social
    worker's caseload."""
    qs = client_queryset_bewerkbaar(medewerker=medewerker).filter(afgesloten_op__isnull=True)
    if niet_toegewezen:
        qs = qs.filter(maatschappelijk_assistent__isnull=True)
    elif van is not None:
        qs = qs.filter(maatschappelijk_assistent=van)
    return (
        clients_met_alerts(qs, vandaag=vandaag)
        .select_related("maatschappelijk_assistent__user")
        .order_by(
            F("maatschappelijk_assistent__user__last_name").asc(nulls_first=True), "achternaam"
        )
    )


# --- choices for forms ----------------------------------------------------------------------


def partner_list_actief() -> QuerySet[Partner]:
    return Partner.objects.filter(actief=True).order_by("naam")


def traject_get_bewerkbaar(*, user, pk: int) -> Traject:
    """A traject of a client the user may change, or ``Traject.DoesNotExist``."""
    clienten = client_queryset_bewerkbaar(medewerker=medewerker_van(user))
    return Traject.objects.select_related("client", "partner").get(pk=pk, client__in=clienten)


__all__ = [
    "Dossier",
    "caseload_list",
    "client_dossier",
    "client_get_bewerkbaar",
    "client_get_leesbaar",
    "client_mag_bewerken",
    "client_queryset_bewerkbaar",
    "client_queryset_leesbaar",
    "logboek_list",
    "partner_list_actief",
    "team_caseloads",
    "team_clienten",
    "team_medewerkers",
    "traject_get_bewerkbaar",
]


# --- timeline -------------------------------------------------------------------------------


@dataclass
class Balk:
    """One bar on the dossier's timeline; ``x`` and ``breedte`` in % of the time axis."""

    rij: str
    label: str
    start: datetime.date
    einde: datetime.date | None
    klasse: str
    x: float = 0.0
    breedte: float = 0.0


def tijdlijn(*, dossier: Dossier, vandaag: datetime.date) -> dict:
    """Benefit periods, trajecten and work spells as bars on one time axis (from the first
    start to today or the latest planned end), with a tick per year. Pure computation on the
    dossier already read; no queries."""
    balken: list[Balk] = []
    for p in dossier.uitkeringsperiodes:
        balken.append(
            Balk(_("Uitkering"), p.get_soort_display(), p.startdatum, p.einddatum, "uitkering")
        )
    for t in sorted(dossier.trajecten, key=lambda t: t.startdatum or t.aanmelddatum or vandaag):
        start = t.startdatum or t.aanmelddatum
        if start is None:
            continue
        einde = t.einddatum or (t.einddatum_gepland if t.status != "aangemeld" else None)
        label = t.get_soort_display() + (f" · {t.partner.naam}" if t.partner else "")
        balken.append(Balk(label, t.get_status_display(), start, einde, f"traject-{t.status}"))
    for w in dossier.werkperiodes:
        balken.append(
            Balk(
                _("Werk"),
                f"{w.werkgever} ({w.get_contracttype_display()})",
                w.startdatum,
                w.einddatum,
                "werk",
            )
        )
    if not balken:
        return {"rijen": [], "jaren": [], "vandaag_x": 0}
    begin = min(b.start for b in balken)
    eind = max([vandaag, *(b.einde for b in balken if b.einde)])
    totaal = max((eind - begin).days, 1)
    rijen: dict[str, list[Balk]] = {}
    for b in balken:
        tot = b.einde or vandaag
        b.x = round((b.start - begin).days * 100 / totaal, 2)
        b.breedte = max(round((tot - b.start).days * 100 / totaal, 2), 0.6)
        rijen.setdefault(b.rij, []).append(b)
    jaren = [
        (round((datetime.date(j, 1, 1) - begin).days * 100 / totaal, 2), j)
        for j in range(begin.year + 1, eind.year + 1)
    ]
    return {
        "rijen": list(rijen.items()),
        "jaren": jaren,
        "vandaag_x": round((vandaag - begin).days * 100 / totaal, 2),
        "begin": begin,
        "eind": eind,
    }
