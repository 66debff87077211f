"""Writes for partner organisations: API keys, reports (meldingen) from the partner API,
idempotent requests and the audit trail of partner access."""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from activering.exceptions import DomeinConflict
from activering.models import AuditEvent, Medewerker
from activering.services import audit_log, notificatie_create
from clients.constants import LogboekSoort
from clients.models import Logboekitem
from partners.api.cache import lijst_cache_ongeldig
from trajecten.constants import GESLOTEN_STATUSSEN, TrajectStatus, Uitkomst
from trajecten.models import Traject
from trajecten.services import traject_afsluiten, traject_start, werkperiode_create

from . import webhooks
from .constants import MeldingSoort, VerzoekStatus
from .models import (
    IdempotentVerzoek,
    Melding,
    Overeenkomst,
    Partner,
    PartnerAPIKey,
    PartnerWebhook,
    WebhookAflevering,
)

logger = logging.getLogger(__name__)

LAATST_GEBRUIKT_INTERVAL = datetime.timedelta(minutes=1)
AFWEZIGHEID_VENSTER_DAGEN = 30
WERK_UITKOMSTEN = frozenset({Uitkomst.WERK_3M_PLUS, Uitkomst.WERK_TOT_3M})


# --- API keys ----------------------------------------------------------------------------------


def partner_api_key_create(
    *,
    partner: Partner,
    naam: str = "",
    door: Medewerker | None = None,
    ip_adres: str | None = None,
) -> tuple[PartnerAPIKey, str]:
    """Create a key for ``partner``. Returns the stored key and the plain key, which is shown
    once and never stored (only its SHA-512 hash is). Audited (prefix only)."""
    naam = (naam or f"{partner.code} {timezone.localdate():%Y-%m-%d}")[:50]
    with transaction.atomic():
        api_key, sleutel = PartnerAPIKey.objects.create_key(partner=partner, name=naam)
        _beheer_audit(
            actie="partner.sleutel_aangemaakt",
            door=door,
            ip_adres=ip_adres,
            object_type="partner_api_sleutel",
            object_id=api_key.prefix,
            details={"partner_id": partner.pk},
        )
    logger.info("API key %s created for partner %s", api_key.prefix, partner.pk)
    return api_key, sleutel


def partner_api_key_revoke(
    *, api_key: PartnerAPIKey, door: Medewerker | None = None, ip_adres: str | None = None
) -> PartnerAPIKey:
    """Revoke a key; the very next request with it gets 401 (keys are checked per request)."""
    with transaction.atomic():
        PartnerAPIKey.objects.filter(pk=api_key.pk).update(revoked=True)
        _beheer_audit(
            actie="partner.sleutel_ingetrokken",
            door=door,
            ip_adres=ip_adres,
            object_type="partner_api_sleutel",
            object_id=api_key.prefix,
            details={"partner_id": api_key.partner_id},
        )
    api_key.revoked = True
    logger.info("API key %s revoked", api_key.prefix)
    return api_key


def partner_api_key_mark_used(
    *, api_key: PartnerAPIKey, nu: datetime.datetime | None = None
) -> bool:
    """Record that ``api_key`` was used, at most once a minute (no write on every request).
    Returns True when the database was written."""
    nu = nu or timezone.now()
    grens = nu - LAATST_GEBRUIKT_INTERVAL
    if api_key.laatst_gebruikt is not None and api_key.laatst_gebruikt > grens:
        return False
    bijgewerkt = (
        PartnerAPIKey.objects.filter(pk=api_key.pk)
        .filter(Q(laatst_gebruikt__isnull=True) | Q(laatst_gebruikt__lte=grens))
        .update(laatst_gebruikt=nu)
    )
    api_key.laatst_gebruikt = nu
    return bool(bijgewerkt)


# --- Audit -----------------------------------------------------------------------------------


def partner_toegang_log(
    *,
    actie: str,
    api_key: PartnerAPIKey,
    trajecten: Iterable[tuple[uuid.UUID, int]],
    ip_adres: str | None = None,
    details: dict | None = None,
) -> None:
    """One audit event per traject a partner request touched, given as ``(uuid, client_id)``
    pairs (a page of the list is read as rows, not models). One INSERT per request."""
    trajecten = list(trajecten)
    if len(trajecten) == 1:
        traject_uuid, client_id = trajecten[0]
        audit_log(
            actie=actie,
            partner_code=api_key.partner.code,
            api_sleutel=api_key.prefix,
            object_type="traject",
            object_id=traject_uuid,
            client_id=client_id,
            ip_adres=ip_adres,
            details=details,
        )
    elif trajecten:
        _audit_insert_per_traject(
            actie=actie,
            partner_code=api_key.partner.code,
            api_sleutel=api_key.prefix,
            trajecten=trajecten,
            ip_adres=ip_adres,
            details=details or {},
        )


def _audit_insert_per_traject(
    *,
    actie: str,
    partner_code: str,
    api_sleutel: str,
    trajecten: list[tuple[uuid.UUID, int]],
    ip_adres: str | None,
    details: dict,
) -> None:
    """The rows ``AuditEvent.objects.bulk_create`` would write, in one ``INSERT … SELECT
    FROM unnest(ids)``: the ORM prepares every field of every row in Python (about 2 ms of
    CPU for a page of 50, then the largest cost of a list request); here only two arrays are
    sent. Same table, same columns, one moment for the whole page (docs/benchmarks.md)."""
    meta = AuditEvent._meta
    kolommen = [
        connection.ops.quote_name(meta.get_field(veld).column)
        for veld in (
            "tijdstip",
            "gebruiker",
            "partner_code",
            "api_sleutel",
            "actie",
            "object_type",
            "object_id",
            "client_id",
            "ip_adres",
            "details",
        )
    ]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({', '.join(kolommen)}) "  # noqa: S608
        "SELECT %s, NULL, %s, %s, %s, 'traject', t.object_id, t.client_id, %s::inet, %s::jsonb "
        "FROM unnest(%s::varchar[], %s::bigint[]) AS t(object_id, client_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                timezone.now(),
                partner_code,
                api_sleutel,
                actie,
                ip_adres,
                json.dumps(details, cls=DjangoJSONEncoder),
                [str(traject_uuid) for traject_uuid, _client_id in trajecten],
                [client_id for _traject_uuid, client_id in trajecten],
            ],
        )


# --- Meldingen -------------------------------------------------------------------------------


def _fout(veld: str, bericht: str, code: str) -> ValidationError:
    return ValidationError({veld: ValidationError(bericht, code=code)})


def _met_prefix(exc: ValidationError, hernoem: dict[str, str]) -> ValidationError:
    """Rename the fields of a service's ValidationError to the API's input fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {hernoem.get(veld, veld): fouten for veld, fouten in exc.error_dict.items()}
    )


def _contactpersoon(traject: Traject) -> Medewerker | None:
    """The client's social worker, else whoever referred the traject (active staff only)."""
    for medewerker in (traject.client.maatschappelijk_assistent, traject.verwijzer):
        if medewerker is not None and medewerker.actief:
            return medewerker
    return None


def _logboek_tekst(
    *, melding: Melding, partner: Partner, traject: Traject, werk: dict | None
) -> str:
    delen = [
        _("Melding van %(partner)s over traject %(traject)s: %(soort)s.")
        % {
            "partner": partner.naam,
            "traject": traject.referentie,
            "soort": melding.get_soort_display(),
        }
    ]
    if melding.uitkomst:
        delen.append(_("Uitkomst: %(uitkomst)s.") % {"uitkomst": melding.get_uitkomst_display()})
    if werk:
        delen.append(
            _("Werk bij %(werkgever)s vanaf %(start)s.")
            % {
                "werkgever": werk["werkgever"],
                "start": date_format(werk["startdatum"], "SHORT_DATE_FORMAT"),
            }
        )
    if melding.omschrijving:
        delen.append(melding.omschrijving)
    return "\n".join(delen)


def melding_create(
    *,
    traject: Traject,
    partner: Partner,
    soort: str,
    datum: datetime.date,
    omschrijving: str = "",
    uitkomst: str = "",
    werk: dict[str, Any] | None = None,
    api_sleutel: PartnerAPIKey | None = None,
) -> Melding:
    """Store a partner's report on one of its trajecten and apply its effect, all or nothing:

    - ``start``: the traject goes ``aangemeld`` → ``lopend`` from ``datum``;
    - ``voortgang``/``afwezigheid``: only the logbook entry; two absences on different days
      less than 30 days apart alert the social worker;
    - ``werk``: a werkperiode for the client, with this partner as its source;
    - ``uitkomst``: closes the traject on ``datum`` (``afgehaakt`` → ``stopgezet``), with the
      werkperiode when ``werk`` is given. On a closed traject: ``DomeinConflict`` (409).

    Every report also becomes a logbook entry and a notification for the social worker.
    ``datum`` may not lie in the future, nor before the traject's start (or referral)."""
    if soort not in MeldingSoort.values:
        raise _fout("soort", _("Onbekende soort melding."), "invalid_choice")
    with transaction.atomic():
        traject = (
            Traject.objects.select_for_update(of=("self",))
            .select_related("client__maatschappelijk_assistent", "verwijzer")
            .get(pk=traject.pk)
        )
        if traject.partner_id != partner.pk:  # callers resolve trajecten per partner
            raise _fout("traject", _("Dit traject is niet aan deze partner toegewezen."), "invalid")
        if datum > timezone.localdate():
            raise _fout("datum", _("De datum ligt in de toekomst."), "in_future")
        ondergrens = traject.startdatum or traject.aanmelddatum
        if ondergrens and datum < ondergrens:
            raise _fout(
                "datum",
                _("De datum ligt vóór de start van het traject (%(start)s).")
                % {"start": ondergrens.isoformat()},
                "before_start",
            )
        if soort == MeldingSoort.UITKOMST and traject.status in GESLOTEN_STATUSSEN:
            raise DomeinConflict(
                _("Dit traject is al afgesloten; een uitkomst kan niet opnieuw gemeld worden."),
                code="traject_afgesloten",
            )
        if soort == MeldingSoort.START and traject.status != TrajectStatus.AANGEMELD:
            raise DomeinConflict(
                _(
                    "Dit traject is al gestart of afgesloten; "
                    "de start kan niet opnieuw gemeld worden."
                ),
                code="traject_al_gestart",
            )

        werkperiode = None
        if werk is not None:
            try:
                werkperiode = werkperiode_create(
                    client=traject.client,
                    startdatum=werk["startdatum"],
                    einddatum=werk.get("einddatum"),
                    werkgever=werk["werkgever"],
                    contracttype=werk["contracttype"],
                    uren_per_week=werk.get("uren_per_week"),
                    bron_partner=partner,
                )
            except ValidationError as exc:
                raise _met_prefix(
                    exc, {veld: f"werk.{veld}" for veld in getattr(exc, "error_dict", {})}
                ) from exc
        try:
            if soort == MeldingSoort.START:
                traject_start(traject=traject, startdatum=datum)
            elif soort == MeldingSoort.UITKOMST:
                traject_afsluiten(traject=traject, einddatum=datum, uitkomst=uitkomst)
            else:
                # Reports change what partners see (gewijzigd_op) even without a status change.
                nu = timezone.now()
                Traject.objects.filter(pk=traject.pk).update(gewijzigd_op=nu)
                lijst_cache_ongeldig(partner_ids=[traject.partner_id])
                traject.gewijzigd_op = nu
        except ValidationError as exc:
            raise _met_prefix(exc, {"startdatum": "datum", "einddatum": "datum"}) from exc

        melding = Melding.objects.create(
            traject=traject,
            partner=partner,
            api_sleutel=api_sleutel,
            soort=soort,
            datum=datum,
            omschrijving=omschrijving,
            uitkomst=uitkomst if soort == MeldingSoort.UITKOMST else "",
            werkperiode=werkperiode,
        )
        Logboekitem.objects.create(
            client=traject.client,
            datum=datum,
            soort=LogboekSoort.PARTNERMELDING,
            tekst=_logboek_tekst(melding=melding, partner=partner, traject=traject, werk=werk),
            partner=partner,
        )
        ontvanger = _contactpersoon(traject)
        if ontvanger is not None:
            with translation.override("nl-be"):
                soort_label = melding.get_soort_display()  # its msgid: translated when shown
            notificatie_create(
                ontvanger=ontvanger,
                client_id=traject.client_id,
                sjabloon=gettext_noop(
                    "%(partner)s meldde ‘%(soort)s’ (%(datum)s) voor traject %(traject)s."
                ),
                parameters={
                    "partner": partner.naam,
                    "soort": soort_label,
                    "datum": date_format(datum, "SHORT_DATE_FORMAT"),
                    "traject": traject.referentie,
                },
            )
            if soort == MeldingSoort.AFWEZIGHEID and _afwezigheid_herhaald(melding):
                notificatie_create(
                    ontvanger=ontvanger,
                    client_id=traject.client_id,
                    sjabloon=gettext_noop(
                        "Let op: %(partner)s meldde voor traject %(traject)s twee of meer "
                        "afwezigheden binnen %(dagen)d dagen."
                    ),
                    parameters={
                        "partner": partner.naam,
                        "traject": traject.referentie,
                        "dagen": AFWEZIGHEID_VENSTER_DAGEN,
                    },
                )
        if soort in (MeldingSoort.START, MeldingSoort.UITKOMST):
            traject.refresh_from_db()  # as the workflow stored it
        melding.traject = traject
    logger.info("Melding %s (%s) stored on traject %s", melding.pk, soort, traject.pk)
    return melding


def _afwezigheid_herhaald(melding: Melding) -> bool:
    """Another absence on this traject on a different day less than 30 days away."""
    venster = datetime.timedelta(days=AFWEZIGHEID_VENSTER_DAGEN)
    return (
        Melding.objects.filter(
            traject_id=melding.traject_id,
            soort=MeldingSoort.AFWEZIGHEID,
            datum__gt=melding.datum - venster,
            datum__lt=melding.datum + venster,
        )
        .exclude(datum=melding.datum)
        .exists()
    )


# --- Idempotency -----------------------------------------------------------------------------


class IdempotentieBezig(DomeinConflict):
    """The first request with this key is still running (HTTP 409)."""

    code = "idempotency_in_progress"


class IdempotentieAnderVerzoek(Exception):
    """The key was used before for a different request (HTTP 422)."""

    code = "idempotency_key_reused"

    def __init__(self, bericht: str):
        super().__init__(bericht)
        self.bericht = bericht


@dataclass(frozen=True)
class IdempotentieClaim:
    """Either this request owns the key (``verzoek`` set) or it gets the stored response."""

    verzoek: IdempotentVerzoek | None = None
    response_status: int | None = None
    response_body: Any = None


def _bezig_bericht() -> str:
    return _("Een eerder verzoek met deze Idempotency-Key is nog bezig; probeer later opnieuw.")


def _bezig_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "PARTNER_API_IDEMPOTENTIE_BEZIG_S", 120))


def _insert_or_nothing(*, partner: Partner, sleutel: str, verzoek_hash: str) -> int | None:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id``: the id when this call created the row
    (committed at once in autocommit mode), None when the key already existed."""
    tabel = connection.ops.quote_name(IdempotentVerzoek._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (partner_id, sleutel, verzoek_hash, status, aangemaakt_op) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (partner_id, sleutel) DO NOTHING "
            "RETURNING id",
            [partner.pk, sleutel, verzoek_hash, VerzoekStatus.BEZIG, timezone.now()],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def idempotent_verzoek_claim(
    *, partner: Partner, sleutel: str, verzoek_hash: str
) -> IdempotentieClaim:
    """Claim ``sleutel`` for this request, or get the first request's stored response.

    Raises ``IdempotentieAnderVerzoek`` when the key came with another request, and
    ``IdempotentieBezig`` while the first request is still running. A claim that stayed
    ``bezig`` longer than a request can run (its process died) is taken over, under a row
    lock so that only one retry takes it."""
    for _poging in range(3):
        nieuw_id = _insert_or_nothing(partner=partner, sleutel=sleutel, verzoek_hash=verzoek_hash)
        if nieuw_id is not None:
            return IdempotentieClaim(verzoek=IdempotentVerzoek.objects.get(pk=nieuw_id))
        bestaand = IdempotentVerzoek.objects.filter(partner=partner, sleutel=sleutel).first()
        if bestaand is None:  # released by a failed first request in the meantime: try again
            continue
        if bestaand.verzoek_hash != verzoek_hash:
            raise IdempotentieAnderVerzoek(
                _("Deze Idempotency-Key werd al gebruikt voor een ander verzoek.")
            )
        if bestaand.status == VerzoekStatus.KLAAR:
            return IdempotentieClaim(
                response_status=bestaand.response_status, response_body=bestaand.response_body
            )
        if bestaand.aangemaakt_op > timezone.now() - _bezig_timeout():
            raise IdempotentieBezig(_bezig_bericht())
        try:
            with transaction.atomic():
                verzoek = IdempotentVerzoek.objects.select_for_update(nowait=True).get(
                    pk=bestaand.pk
                )
                if verzoek.status == VerzoekStatus.KLAAR:
                    return IdempotentieClaim(
                        response_status=verzoek.response_status,
                        response_body=verzoek.response_body,
                    )
                verzoek.aangemaakt_op = timezone.now()
                verzoek.save(update_fields=["aangemaakt_op"])
                return IdempotentieClaim(verzoek=verzoek)
        except IdempotentVerzoek.DoesNotExist:
            continue
        except DatabaseError as exc:  # locked: the first request is alive after all
            raise IdempotentieBezig(_bezig_bericht()) from exc
    raise IdempotentieBezig(_bezig_bericht())


def idempotent_verzoek_lock(*, verzoek: IdempotentVerzoek) -> IdempotentVerzoek:
    """Lock the claimed row for the rest of the caller's transaction (while it processes)."""
    return IdempotentVerzoek.objects.select_for_update().get(pk=verzoek.pk)


def idempotent_verzoek_finish(
    *, verzoek: IdempotentVerzoek, response_status: int, response_body: Any
) -> None:
    """Store the response; later requests with the same key and body get it back."""
    IdempotentVerzoek.objects.filter(pk=verzoek.pk).update(
        status=VerzoekStatus.KLAAR, response_status=response_status, response_body=response_body
    )


def idempotent_verzoek_release(*, verzoek: IdempotentVerzoek) -> None:
    """Forget a claim whose request failed unexpectedly, so that a retry can run it."""
    IdempotentVerzoek.objects.filter(pk=verzoek.pk, status=VerzoekStatus.BEZIG).delete()


def idempotent_verzoek_cleanup(*, ouder_dan: datetime.timedelta | None = None) -> int:
    """Delete stored keys older than ``ouder_dan`` (default: the setting, at least 24 h)."""
    if ouder_dan is None:
        uren = max(24, getattr(settings, "PARTNER_API_IDEMPOTENTIE_UREN", 48))
        ouder_dan = datetime.timedelta(hours=uren)
    deleted, _detail = IdempotentVerzoek.objects.filter(
        aangemaakt_op__lt=timezone.now() - ouder_dan
    ).delete()
    return deleted


# --- Partner management (beheerder) ----------------------------------------------------------


def _beheer_audit(
    *,
    actie: str,
    door: Medewerker | None,
    ip_adres: str | None,
    object_type: str,
    object_id: Any,
    details: dict | None = None,
) -> None:
    """An audit event for a management action: who, which object, ids only."""
    audit_log(
        actie=actie,
        gebruiker=door.user if door is not None else None,
        object_type=object_type,
        object_id=object_id,
        ip_adres=ip_adres,
        details=details,
    )


PARTNER_VELDEN = ("code", "naam", "soort", "actief", "contact_naam", "contact_email")
OVEREENKOMST_VELDEN = ("jaar", "subsidie_eur", "capaciteit", "omschrijving")


def _bewaren_met_audit(
    obj: Partner | Overeenkomst | PartnerWebhook,
    *,
    actie: str,
    object_type: str,
    door: Medewerker | None,
    ip_adres: str | None,
    details: dict | None = None,
    update_fields: list[str] | None = None,
) -> None:
    """Save ``obj`` (all fields, or ``update_fields``) and its management audit event in one
    transaction."""
    with transaction.atomic():
        obj.save(update_fields=update_fields)
        _beheer_audit(
            actie=actie,
            door=door,
            ip_adres=ip_adres,
            object_type=object_type,
            object_id=obj.pk,
            details=details,
        )


def _alleen_velden(waarden: dict[str, Any], toegestaan: tuple[str, ...], soort: str) -> None:
    onbekend = set(waarden) - set(toegestaan)
    if onbekend:
        raise ValueError(f"unknown {soort} fields: {sorted(onbekend)}")


def _velden_wijzigen(
    obj: Partner | Overeenkomst,
    waarden: dict[str, Any],
    *,
    controleren: Callable[[], None],
    actie: str,
    object_type: str,
    door: Medewerker | None,
    ip_adres: str | None,
    details: dict | None = None,
) -> None:
    """Set the ``waarden`` that differ, validate with ``controleren`` and store only those
    fields; the audit event names the changed fields (not their values). Nothing changed:
    nothing written."""
    gewijzigd = [veld for veld, waarde in waarden.items() if getattr(obj, veld) != waarde]
    if not gewijzigd:
        return
    for veld in gewijzigd:
        setattr(obj, veld, waarden[veld])
    controleren()
    _bewaren_met_audit(
        obj,
        actie=actie,
        object_type=object_type,
        door=door,
        ip_adres=ip_adres,
        details={**(details or {}), "velden": sorted(gewijzigd)},
        update_fields=[*gewijzigd, "gewijzigd_op"],
    )


def partner_create(
    *,
    code: str,
    naam: str,
    soort: str,
    actief: bool = True,
    contact_naam: str = "",
    contact_email: str = "",
    door: Medewerker | None = None,
    ip_adres: str | None = None,
) -> Partner:
    """A new partner organisation. Invalid or duplicate data: ``ValidationError`` (Dutch)."""
    partner = Partner(
        code=code.strip().upper(),
        naam=naam.strip(),
        soort=soort,
        actief=actief,
        contact_naam=contact_naam.strip(),
        contact_email=contact_email.strip(),
    )
    partner.full_clean()
    _bewaren_met_audit(
        partner, actie="partner.aangemaakt", object_type="partner", door=door, ip_adres=ip_adres
    )
    logger.info("Partner %s created", partner.pk)
    return partner


def partner_update(
    *,
    partner: Partner,
    door: Medewerker | None = None,
    ip_adres: str | None = None,
    **waarden: Any,
) -> Partner:
    """Change a partner's fields (``PARTNER_VELDEN``); the audit event names the changed fields
    (not their values). Deactivating a partner makes all its keys fail on the next request."""
    _alleen_velden(waarden, PARTNER_VELDEN, "partner")
    if "code" in waarden:
        waarden["code"] = waarden["code"].strip().upper()
    _velden_wijzigen(
        partner,
        waarden,
        controleren=partner.full_clean,
        actie="partner.gewijzigd",
        object_type="partner",
        door=door,
        ip_adres=ip_adres,
    )
    return partner


def overeenkomst_create(
    *,
    partner: Partner,
    gemeente,
    jaar: int,
    subsidie_eur,
    capaciteit: int | None = None,
    omschrijving: str = "",
    door: Medewerker | None = None,
    ip_adres: str | None = None,
) -> Overeenkomst:
    """The partner's agreement with ``gemeente`` for ``jaar`` (one per partner, gemeente and
    year: a second one is refused with a clear message)."""
    overeenkomst = Overeenkomst(
        partner=partner,
        gemeente=gemeente,
        jaar=jaar,
        subsidie_eur=subsidie_eur,
        capaciteit=capaciteit,
        omschrijving=omschrijving,
    )
    _overeenkomst_controleren(overeenkomst)
    _bewaren_met_audit(
        overeenkomst,
        actie="partner.overeenkomst_aangemaakt",
        object_type="overeenkomst",
        door=door,
        ip_adres=ip_adres,
        details={"partner_id": partner.pk, "jaar": jaar},
    )
    return overeenkomst


def overeenkomst_update(
    *,
    overeenkomst: Overeenkomst,
    door: Medewerker | None = None,
    ip_adres: str | None = None,
    **waarden: Any,
) -> Overeenkomst:
    _alleen_velden(waarden, OVEREENKOMST_VELDEN, "overeenkomst")
    _velden_wijzigen(
        overeenkomst,
        waarden,
        controleren=lambda: _overeenkomst_controleren(overeenkomst),
        actie="partner.overeenkomst_gewijzigd",
        object_type="overeenkomst",
        door=door,
        ip_adres=ip_adres,
        details={"partner_id": overeenkomst.partner_id},
    )
    return overeenkomst


def _overeenkomst_controleren(overeenkomst: Overeenkomst) -> None:
    fouten: dict[str, ValidationError] = {}
    if overeenkomst.subsidie_eur is not None and overeenkomst.subsidie_eur < 0:
        fouten["subsidie_eur"] = ValidationError(
            _("De subsidie kan niet negatief zijn."), code="min_value"
        )
    if not 2000 <= (overeenkomst.jaar or 0) <= 2100:
        fouten["jaar"] = ValidationError(_("Geef een jaar tussen 2000 en 2100."), code="invalid")
    if fouten:
        raise ValidationError(fouten)
    dubbel = Overeenkomst.objects.filter(
        partner_id=overeenkomst.partner_id,
        gemeente_id=overeenkomst.gemeente_id,
        jaar=overeenkomst.jaar,
    ).exclude(pk=overeenkomst.pk)
    if dubbel.exists():
        raise ValidationError(
            {
                "jaar": ValidationError(
                    _("Er is al een overeenkomst met deze partner voor %(jaar)s.")
                    % {"jaar": overeenkomst.jaar},
                    code="unique",
                )
            }
        )


# --- Webhooks --------------------------------------------------------------------------------


def webhook_create(
    *,
    partner: Partner,
    url: str,
    door: Medewerker | None = None,
    ip_adres: str | None = None,
) -> PartnerWebhook:
    """Register an address of ``partner`` (https only, see ``webhooks.url_controleren``) with
    a new random signing secret, which the beheerder passes on to the partner."""
    url = webhooks.url_controleren(url)
    with transaction.atomic():
        webhook = PartnerWebhook.objects.create(
            partner=partner, url=url, secret=webhooks.secret_nieuw()
        )
        _beheer_audit(
            actie="partner.webhook_aangemaakt",
            door=door,
            ip_adres=ip_adres,
            object_type="partner_webhook",
            object_id=webhook.pk,
            details={"partner_id": partner.pk},
        )
    return webhook


def webhook_set_actief(
    *,
    webhook: PartnerWebhook,
    actief: bool,
    door: Medewerker | None = None,
    ip_adres: str | None = None,
) -> PartnerWebhook:
    """Switch deliveries to this address on or off (queued retries stop when off)."""
    if webhook.actief == actief:
        return webhook
    webhook.actief = actief
    _bewaren_met_audit(
        webhook,
        actie="partner.webhook_aan" if actief else "partner.webhook_uit",
        object_type="partner_webhook",
        door=door,
        ip_adres=ip_adres,
        details={"partner_id": webhook.partner_id},
        update_fields=["actief", "gewijzigd_op"],
    )
    return webhook


def webhook_geheim_vernieuwen(
    *,
    webhook: PartnerWebhook,
    door: Medewerker | None = None,
    ip_adres: str | None = None,
) -> PartnerWebhook:
    """Give the address a new random signing secret (e.g. after a leak or a staff change at
    the partner). It holds from the next delivery attempt on, queued retries included; the
    old secret stops working at once, so the beheerder passes the new one on right away."""
    webhook.secret = webhooks.secret_nieuw()
    _bewaren_met_audit(
        webhook,
        actie="partner.webhook_geheim_vernieuwd",
        object_type="partner_webhook",
        door=door,
        ip_adres=ip_adres,
        details={"partner_id": webhook.partner_id},
        update_fields=["secret", "gewijzigd_op"],
    )
    return webhook


def _webhook_backoff_s() -> float:
    return float(getattr(settings, "PARTNER_WEBHOOK_BACKOFF_S", 30))


def _webhook_max_pogingen() -> int:
    return int(getattr(settings, "PARTNER_WEBHOOK_MAX_POGINGEN", 8))


def webhook_traject_gewijzigd(*, traject: Traject, event: str = webhooks.EVENT_GEWIJZIGD) -> None:
    """Called by ``trajecten.services`` after a referral or a change of status, dates or
    outcome. Once the transaction commits, every active webhook of the traject's partner gets
    the event queued; nothing happens on a rollback. Never raises and never blocks the social
    worker's action: a broker that is down is logged and recorded as a failed delivery."""
    if traject.partner_id is None:
        return
    traject_id = traject.pk
    partner_id = traject.partner_id
    # The retry policy is fixed when the event is queued (and so follows the settings of the
    # process that made the change, also in tests).
    beleid = {"backoff_s": _webhook_backoff_s(), "max_pogingen": _webhook_max_pogingen()}

    def na_commit() -> None:
        try:
            webhook_events_queue(
                traject_id=traject_id, partner_id=partner_id, event=event, **beleid
            )
        except Exception:  # never let a webhook break the action that caused it
            logger.exception("Webhook event for traject %s could not be queued", traject_id)

    transaction.on_commit(na_commit, robust=True)


def webhook_events_queue(
    *,
    traject_id: int,
    partner_id: int,
    event: str,
    backoff_s: float = 30,
    max_pogingen: int = 8,
) -> int:
    """Queue ``event`` on the traject for every active webhook of the partner. Returns how
    many were queued. A queueing failure is recorded (attempt 0) and logged, not raised."""
    from .tasks import webhook_afleveren  # tasks import services

    doelen = list(PartnerWebhook.objects.filter(partner_id=partner_id, actief=True))
    if not doelen:
        return 0
    traject = Traject.objects.filter(pk=traject_id).first()
    if traject is None:
        return 0
    aantal = 0
    for webhook in doelen:
        event_id = str(uuid.uuid4())
        body = webhooks.traject_payload(traject=traject, event=event, event_id=event_id)
        try:
            webhook_afleveren.apply_async(
                kwargs={
                    "webhook_id": webhook.pk,
                    "event_id": event_id,
                    "event": event,
                    "traject_id": traject_id,
                    "body": body,
                    "backoff_s": backoff_s,
                    "max_pogingen": max_pogingen,
                },
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
            )
        except Exception as exc:
            logger.warning(
                "Webhook %s: event %s for traject %s not queued (%s)",
                webhook.pk,
                event_id,
                traject_id,
                type(exc).__name__,
            )
            WebhookAflevering.objects.create(
                webhook=webhook,
                event_id=event_id,
                event=event,
                traject_id=traject_id,
                poging=0,
                fout=(_("Niet in de wachtrij geplaatst: %(fout)s") % {"fout": type(exc).__name__})[
                    :500
                ],
            )
        else:
            aantal += 1
    return aantal


@dataclass(frozen=True)
class PogingUitslag:
    geslaagd: bool
    opnieuw_proberen: bool


def webhook_aflevering_poging(
    *,
    webhook_id: int,
    event_id: str,
    event: str,
    traject_id: int | None,
    body: str,
    poging: int,
    timeout_s: float | None = None,
) -> PogingUitslag:
    """Deliver the event once and record the attempt. A webhook that was switched off or
    removed in the meantime is not tried (and not retried)."""
    webhook = PartnerWebhook.objects.filter(pk=webhook_id, actief=True).first()
    if webhook is None:
        logger.info("Webhook %s inactive or gone; event %s dropped", webhook_id, event_id)
        return PogingUitslag(geslaagd=False, opnieuw_proberen=False)
    if timeout_s is None:
        timeout_s = float(getattr(settings, "PARTNER_WEBHOOK_TIMEOUT_S", 10))
    resultaat = webhooks.afleveren(
        url=webhook.url,
        secret=webhook.secret,
        event=event,
        event_id=event_id,
        body=body,
        timeout_s=timeout_s,
    )
    WebhookAflevering.objects.create(
        webhook=webhook,
        event_id=event_id,
        event=event,
        traject_id=traject_id
        if traject_id and Traject.objects.filter(pk=traject_id).exists()
        else None,
        poging=poging,
        status_code=resultaat.status_code,
        fout="" if resultaat.geslaagd else resultaat.fout or _("Geen 2xx-antwoord."),
        afgeleverd_op=timezone.now() if resultaat.geslaagd else None,
    )
    log = logger.info if resultaat.geslaagd else logger.warning
    log(
        "Webhook %s event %s attempt %s: %s",
        webhook_id,
        event_id,
        poging,
        resultaat.status_code or resultaat.fout,
    )
    return PogingUitslag(geslaagd=resultaat.geslaagd, opnieuw_proberen=not resultaat.geslaagd)
