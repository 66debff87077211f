"""GDPR duties on client dossiers: the retention term with anonymisation, and the subject
access export (everything about one client as JSON or PDF). See docs/gegevensbescherming.md
and ADR 0020 (retention term) / 0021 (anonymisation instead of deletion).

Two registries keep both duties complete when the data model grows:

- ``INZAGE_SECTIES``: every model that refers to a client (directly, through one of the
  client's trajecten / GPMI's, or by a ``client_id`` column) with the lookup that selects the
  client's rows. ``tests/gdpr`` finds those models by introspection and fails when one is
  missing here.
- ``ANONIMISERING``: what anonymisation does with each of those models (keep, clear fields,
  delete). The same test fails for a model without a decision.

Reads are in the ``*_lezen``/``*_selecteren`` functions, writes in ``client_anonimiseren``
and ``clients_anonimiseren_na_bewaartermijn``; views and the Celery task stay thin."""

from __future__ import annotations

import datetime
import io
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import (
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateutil.relativedelta import relativedelta

from activering.constants import Rol
from activering.models import Medewerker
from activering.services import audit_log
from partners.api.cache import lijst_cache_ongeldig_voor_clienten

from .models import Client
from .selectors import client_queryset_bewerkbaar

logger = logging.getLogger(__name__)

#: Prefix of the dossier number an anonymised client gets (``ANON-<id>``); it also marks the
#: dossier as anonymised (no extra column needed).
ANON_PREFIX = "ANON-"


# --- registries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sectie:
    """One section of the subject access export: ``model`` (app label.Model) filtered with
    ``lookup`` = the client's id."""

    naam: str
    titel: str  # lazily translated
    model: str
    lookup: str


INZAGE_SECTIES: tuple[Sectie, ...] = (
    Sectie(
        "uitkeringsperiodes",
        gettext_lazy("Uitkeringsperiodes"),
        "clients.Uitkeringsperiode",
        "client",
    ),
    Sectie("trajecten", gettext_lazy("Trajecten"), "trajecten.Traject", "client"),
    Sectie("werkperiodes", gettext_lazy("Werkperiodes"), "trajecten.Werkperiode", "client"),
    Sectie("logboek", gettext_lazy("Logboek"), "clients.Logboekitem", "client"),
    Sectie("gpmis", gettext_lazy("GPMI"), "clients.Gpmi", "client"),
    Sectie("gpmi_afspraken", gettext_lazy("GPMI-afspraken"), "clients.GpmiActie", "gpmi__client"),
    Sectie(
        "gpmi_evaluaties", gettext_lazy("GPMI-evaluaties"), "clients.GpmiEvaluatie", "gpmi__client"
    ),
    Sectie("taken", gettext_lazy("Taken"), "clients.Taak", "client"),
    Sectie("documenten", gettext_lazy("Documenten (lijst)"), "clients.Document", "client"),
    Sectie(
        "partnermeldingen",
        gettext_lazy("Meldingen van partners"),
        "partners.Melding",
        "traject__client",
    ),
    Sectie(
        "webhook_afleveringen",
        gettext_lazy("Berichten aan partners (webhooks)"),
        "partners.WebhookAflevering",
        "traject__client",
    ),
    Sectie(
        "notificaties",
        gettext_lazy("Notificaties aan medewerkers"),
        "activering.Notificatie",
        "client_id",
    ),
    Sectie(
        "auditgebeurtenissen",
        gettext_lazy("Wie deed wat met het dossier"),
        "activering.AuditEvent",
        "client_id",
    ),
)

#: Fields never exported (internal storage paths, secrets).
_NIET_EXPORTEREN = {("clients.Document", "bestand")}

#: What anonymisation does per model that refers to a client:
#: ``("bewaren", ())`` keep as is (needed by the indicators or holds no personal data);
#: ``("wissen", fields)`` clear those text fields; ``("vervangen", fields)`` replace them by a
#: neutral value (``_werkgevers_vervangen``); ``("verwijderen", ())`` delete the rows.
ANONIMISERING: dict[str, tuple[str, tuple[str, ...]]] = {
    "clients.Uitkeringsperiode": ("bewaren", ()),
    "trajecten.Traject": ("wissen", ("omschrijving", "werkplek_naam")),
    "trajecten.Werkperiode": ("vervangen", ("werkgever",)),  # "Werkgever <n>"
    "clients.Logboekitem": ("wissen", ("tekst",)),
    "clients.Gpmi": ("wissen", ("doelen",)),
    "clients.GpmiActie": ("wissen", ("omschrijving",)),
    "clients.GpmiEvaluatie": ("wissen", ("verslag",)),
    "clients.Taak": ("wissen", ("omschrijving",)),
    "clients.Document": ("verwijderen", ()),  # rows and stored files
    "partners.Melding": ("wissen", ("omschrijving",)),
    "partners.WebhookAflevering": ("bewaren", ()),  # ids, status codes, timestamps
    "activering.Notificatie": ("verwijderen", ()),
    "activering.AuditEvent": ("bewaren", ()),  # ids only, kept as the processing record
}

#: Client fields anonymisation clears (set to "" / None / []); everything else is kept.
CLIENT_WISSEN = (
    "rijksregisternummer",
    "telefoon",
    "email",
    "straat",
    "postcode",
    "woonplaats",
    "drempels",
)


def bewaartermijn_jaren() -> int:
    return int(settings.BEWAARTERMIJN_JAREN)


# --- retention: which dossiers are due --------------------------------------------------------


def _max_datum(model: str, lookup: str, *velden: str) -> Subquery:
    """The latest of ``velden`` over the client's rows of ``model`` (NULL without rows)."""
    model_cls = apps.get_model(model)
    expressie = (
        Greatest(*[Cast(F(v), DateField()) for v in velden])
        if len(velden) > 1
        else Cast(F(velden[0]), DateField())
    )
    return Subquery(
        model_cls.objects.filter(**{lookup: OuterRef("pk")})
        .order_by()
        .values(lookup)
        .annotate(m=Max(expressie))
        .values("m")[:1],
        output_field=DateField(),
    )


def clients_met_laatste_activiteit(qs: QuerySet[Client] | None = None) -> QuerySet[Client]:
    """Annotate ``laatste_activiteit``: the latest DOMAIN date of the dossier: closing date,
    benefit period ends and starts, traject referral/start/end, work spells, logbook, GPMI
    and its evaluations, tasks, document uploads. Technical timestamps (``gewijzigd_op``, an
    import, a view) do not count; a dossier without any dated fact falls back to its creation
    date. Computed in PostgreSQL (one query)."""
    qs = Client.objects.all() if qs is None else qs
    return qs.annotate(
        laatste_activiteit=Coalesce(
            Greatest(
                F("afgesloten_op"),
                _max_datum("clients.Uitkeringsperiode", "client", "startdatum", "einddatum"),
                _max_datum(
                    "trajecten.Traject", "client", "aanmelddatum", "startdatum", "einddatum"
                ),
                _max_datum("trajecten.Werkperiode", "client", "startdatum", "einddatum"),
                _max_datum("clients.Logboekitem", "client", "datum"),
                _max_datum("clients.Gpmi", "client", "startdatum", "einddatum"),
                _max_datum("clients.GpmiEvaluatie", "gpmi__client", "datum"),
                _max_datum("clients.Taak", "client", "vervaldatum", "afgewerkt_op"),
                _max_datum("clients.Document", "client", "aangemaakt_op"),
                output_field=DateField(),
            ),
            Cast(F("aangemaakt_op"), DateField()),
            output_field=DateField(),
        )
    )


def clients_voor_anonimisering(
    *, vandaag: datetime.date | None = None, jaren: int | None = None
) -> QuerySet[Client]:
    """Dossiers whose retention term is over, as of ``vandaag`` (default today):

    1. not anonymised yet;
    2. nothing open: no benefit period without an end or ending on/after ``vandaag``, no
       traject ``aangemeld``/``lopend``;
    3. the dossier's end — the latest of ``afgesloten_op`` and every domain date
       (``clients_met_laatste_activiteit``) — lies more than ``jaren`` (default
       ``BEWAARTERMIJN_JAREN``) years before ``vandaag``.

    A closed dossier (``afgesloten_op`` set) with later activity or something still open is
    NOT due: the term runs from the last fact, whichever comes last."""
    from trajecten.constants import OPEN_STATUSSEN
    from trajecten.models import Traject

    from .models import Uitkeringsperiode

    vandaag = vandaag or timezone.localdate()
    jaren = bewaartermijn_jaren() if jaren is None else jaren
    grens = vandaag - relativedelta(years=jaren)
    open_periode = Uitkeringsperiode.objects.filter(client=OuterRef("pk")).filter(
        Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag)
    )
    open_traject = Traject.objects.filter(client=OuterRef("pk"), status__in=OPEN_STATUSSEN)
    return (
        clients_met_laatste_activiteit(Client.objects.exclude(referentie__startswith=ANON_PREFIX))
        .annotate(heeft_open_periode=Exists(open_periode), heeft_open_traject=Exists(open_traject))
        .filter(heeft_open_periode=False, heeft_open_traject=False, laatste_activiteit__lt=grens)
        .order_by("pk")
    )


# --- anonymisation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnonimiseringResultaat:
    client_ids: list[int]

    @property
    def aantal(self) -> int:
        return len(self.client_ids)


def _wissen(model: str, lookup: str, client_id: int, velden: tuple[str, ...]) -> int:
    model_cls = apps.get_model(model)
    waarden = {}
    for veld in velden:
        field = model_cls._meta.get_field(veld)
        waarden[veld] = None if field.null else ""
    return model_cls.objects.filter(**{lookup: client_id}).update(**waarden)


def _werkgevers_vervangen(client_id: int) -> None:
    """Replace employer names by ``Werkgever <n>`` (n by start date), keeping the spells
    distinct for the (client, startdatum, werkgever) key. Done in one UPDATE."""
    from trajecten.models import Werkperiode

    tabel = connection.ops.quote_name(Werkperiode._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {tabel} w SET werkgever = 'Werkgever ' || n.nr "  # noqa: S608 - model table
            f"FROM (SELECT id, row_number() OVER (ORDER BY startdatum, id) AS nr "
            f"      FROM {tabel} WHERE client_id = %s) n "
            "WHERE w.id = n.id",
            [client_id],
        )


def client_anonimiseren(
    *,
    client_id: int,
    vandaag: datetime.date | None = None,
    jaren: int | None = None,
    door: Medewerker | None = None,
) -> bool:
    """Anonymise one dossier when its retention term is over (checked again under a row lock,
    so a dossier reopened meanwhile is left alone). Returns whether it was anonymised.

    Kept: gemeente, social worker, benefit periods, trajecten (dates, soort, partner, status,
    outcome), werkperiodes (dates, contract type, hours), dates of logbook entries, GPMI's and
    tasks, birth YEAR, gender, language, household category: everything the indicators use.
    Cleared: names, rijksregisternummer, contact and address, threshold list, every free text
    (logbook, GPMI, tasks, partner reports, traject notes), employer names; documents are
    deleted with their files (after commit); notifications deleted; a new dossier number
    ``ANON-<id>`` and a new pseudonym (partners' copies can no longer be linked).

    One transaction: all of it or nothing. Audited with ids only."""
    from .models import Document

    vandaag = vandaag or timezone.localdate()
    jaren = bewaartermijn_jaren() if jaren is None else jaren
    with transaction.atomic():
        client = Client.objects.select_for_update(of=("self",)).filter(pk=client_id).first()
        if client is None:
            return False
        rij = clients_voor_anonimisering(vandaag=vandaag, jaren=jaren).filter(pk=client_id)
        laatste = rij.values_list("laatste_activiteit", flat=True).first()
        if laatste is None:
            return False
        bestanden = list(
            Document.objects.filter(client_id=client_id).values_list("bestand", flat=True)
        )
        geboortedatum = client.geboortedatum
        lijst_cache_ongeldig_voor_clienten(client_ids=[client_id])
        Client.objects.filter(pk=client_id).update(
            referentie=f"{ANON_PREFIX}{client_id}",
            pseudoniem=uuid.uuid4(),
            voornaam=_("Geanonimiseerd"),
            achternaam=f"{ANON_PREFIX}{client_id}",
            geboortedatum=(
                datetime.date(geboortedatum.year, 1, 1) if geboortedatum is not None else None
            ),
            **{
                veld: (None if veld == "rijksregisternummer" else [] if veld == "drempels" else "")
                for veld in CLIENT_WISSEN
            },
            versie=F("versie") + 1,
            gewijzigd_op=timezone.now(),
            gewijzigd_door=None,
        )
        for sectie in INZAGE_SECTIES:
            actie, velden = ANONIMISERING[sectie.model]
            if actie == "vervangen":
                _werkgevers_vervangen(client_id)
            elif actie == "wissen":
                _wissen(sectie.model, sectie.lookup, client_id, velden)
            elif actie == "verwijderen":
                apps.get_model(sectie.model).objects.filter(**{sectie.lookup: client_id}).delete()
        audit_log(
            actie="client_geanonimiseerd",
            gebruiker=door.user if door is not None else None,
            object_type="client",
            object_id=client_id,
            client_id=client_id,
            details={
                "bewaartermijn_jaren": jaren,
                "laatste_activiteit": laatste.isoformat(),
                "documenten_verwijderd": len(bestanden),
            },
        )

        def bestanden_wissen() -> None:
            opslag = Document._meta.get_field("bestand").storage
            for naam in bestanden:
                try:
                    opslag.delete(naam)
                except OSError:
                    logger.warning("Document file of client %s not deleted", client_id)

        transaction.on_commit(bestanden_wissen)
    logger.info("client %s anonymised (retention %s years)", client_id, jaren)
    return True


def clients_anonimiseren_na_bewaartermijn(
    *, vandaag: datetime.date | None = None, jaren: int | None = None
) -> AnonimiseringResultaat:
    """Anonymise every dossier whose retention term is over; one transaction per dossier,
    so a failure leaves the others done and the run can simply be repeated."""
    ids = list(
        clients_voor_anonimisering(vandaag=vandaag, jaren=jaren).values_list("pk", flat=True)
    )
    gedaan = [pk for pk in ids if client_anonimiseren(client_id=pk, vandaag=vandaag, jaren=jaren)]
    return AnonimiseringResultaat(client_ids=gedaan)


# --- subject access -----------------------------------------------------------------------------


def mag_inzage_exporteren(*, medewerker: Medewerker | None, client: Client) -> bool:
    """Beheerders of the client's gemeente and the teamleider of the client's team (or of an
    unassigned client of the gemeente) may export; nobody else."""
    if medewerker is None or medewerker.rol not in (Rol.BEHEERDER, Rol.TEAMLEIDER):
        return False
    return client_queryset_bewerkbaar(medewerker=medewerker).filter(pk=client.pk).exists()


def _waarde(waarde):
    if waarde is None or isinstance(waarde, bool | int | str):
        return waarde
    if isinstance(waarde, datetime.datetime):
        return timezone.localtime(waarde).isoformat() if timezone.is_aware(waarde) else str(waarde)
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, list | tuple):
        return [_waarde(w) for w in waarde]
    if isinstance(waarde, dict):
        return {str(k): _waarde(v) for k, v in waarde.items()}
    return str(waarde)


def _rij(obj: models.Model, label: str) -> dict:
    """Every concrete field of ``obj``; a foreign key as its id and its display text."""
    rij: dict = {}
    for field in obj._meta.concrete_fields:
        if (label, field.name) in _NIET_EXPORTEREN:
            continue
        if field.is_relation:
            rij[field.name] = getattr(obj, field.attname)
            gerelateerd = getattr(obj, field.name) if rij[field.name] is not None else None
            if gerelateerd is not None and label != "activering.AuditEvent":
                rij[f"{field.name}_naam"] = str(gerelateerd)
            continue
        waarde = getattr(obj, field.attname)
        if field.choices and waarde not in (None, ""):
            rij[field.name] = _waarde(waarde)
            display = getattr(obj, f"get_{field.name}_display", None)
            if display is not None and not isinstance(waarde, list):
                rij[f"{field.name}_label"] = str(display())
            continue
        rij[field.name] = _waarde(waarde)
    return rij


def _client_rij(client: Client) -> dict:
    rij = _rij(client, "clients.Client")
    rij["drempels_labels"] = [
        str(dict(Client._meta.get_field("drempels").base_field.choices).get(d, d))
        for d in client.drempels
    ]
    return rij


def client_inzage(*, client: Client) -> dict:
    """Everything the system holds about ``client``, section by section (``INZAGE_SECTIES``),
    as plain JSON values. Reads only; the caller audits."""
    gegevens: dict = {
        "formaat": "activering-inzage/1",
        "aangemaakt_op": timezone.localtime().isoformat(),
        "client": _client_rij(client),
        "gemeente": str(client.gemeente),
    }
    for sectie in INZAGE_SECTIES:
        model_cls = apps.get_model(sectie.model)
        qs = model_cls.objects.filter(**{sectie.lookup: client.pk}).order_by("pk")
        relaties = [
            f.name
            for f in model_cls._meta.concrete_fields
            if f.is_relation and sectie.model != "activering.AuditEvent"
        ]
        if relaties:
            qs = qs.select_related(*relaties)
        gegevens[sectie.naam] = [_rij(obj, sectie.model) for obj in qs]
    return gegevens


def client_inzage_exporteren(
    *, client: Client, medewerker: Medewerker, formaat: str, ip_adres: str | None = None
) -> dict:
    """The subject access export of ``client`` (audited: who, when, which format)."""
    gegevens = client_inzage(client=client)
    audit_log(
        actie="inzage_geexporteerd",
        gebruiker=medewerker.user,
        object_type="client",
        object_id=client.pk,
        client_id=client.pk,
        ip_adres=ip_adres,
        details={
            "formaat": formaat,
            "rijen": {s.naam: len(gegevens[s.naam]) for s in INZAGE_SECTIES},
        },
    )
    return gegevens


def inzage_pdf(gegevens: dict) -> bytes:
    """The subject access export as a readable PDF (A4, one table per section)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        LongTable,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    stijlen = getSampleStyleSheet()
    klein = stijlen["BodyText"].clone("klein", fontSize=7.5, leading=9)

    def p(tekst) -> Paragraph:
        if isinstance(tekst, list | dict):
            tekst = ", ".join(map(str, tekst)) if isinstance(tekst, list) else str(tekst)
        return Paragraph(escape("" if tekst is None else str(tekst)).replace("\n", "<br/>"), klein)

    def tabel(rijen: list[dict]) -> LongTable:
        data = [[p(_("Veld")), p(_("Waarde"))]]
        for i, rij in enumerate(rijen):
            if i:
                data.append([p("—"), p("")])
            data += [[p(k), p(v)] for k, v in rij.items()]
        t = LongTable(data, colWidths=[5 * cm, 12 * cm], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Inzage in het dossier"),
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        invariant=True,
        pageCompression=0,
    )
    verhaal = [
        Paragraph(escape(_("Inzage in het dossier")), stijlen["Title"]),
        Paragraph(
            escape(
                _("Alle gegevens die Activering over deze persoon bewaart, aangemaakt op %(d)s.")
                % {
                    "d": date_format(
                        datetime.datetime.fromisoformat(gegevens["aangemaakt_op"]),
                        "SHORT_DATETIME_FORMAT",
                    )
                }
            ),
            stijlen["BodyText"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(escape(_("Identiteit en contact")), stijlen["Heading2"]),
        tabel([gegevens["client"]]),
    ]
    for sectie in INZAGE_SECTIES:
        rijen = gegevens[sectie.naam]
        verhaal.append(Paragraph(escape(f"{sectie.titel} ({len(rijen)})"), stijlen["Heading2"]))
        verhaal.append(tabel(rijen) if rijen else Paragraph(escape(_("Geen.")), klein))
    document.build(verhaal)
    return buffer.getvalue()


__all__ = [
    "ANONIMISERING",
    "ANON_PREFIX",
    "INZAGE_SECTIES",
    "client_anonimiseren",
    "client_inzage",
    "client_inzage_exporteren",
    "clients_anonimiseren_na_bewaartermijn",
    "clients_met_laatste_activiteit",
    "clients_voor_anonimisering",
    "inzage_pdf",
    "mag_inzage_exporteren",
]
