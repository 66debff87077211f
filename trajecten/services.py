"""Writes on trajecten and werkperiodes. Status changes go through ``trajecten.workflow``;
the dossier screens use the ``*_met_plaatsing`` variants for art. 60 §7 placement details."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from activering.constants import Rol
from activering.models import Medewerker, Notificatie
from activering.services import notificatie_maak
from clients.models import Client
from partners.models import Partner

from .constants import Contracttype, TrajectSoort, TrajectStatus, Uitkomst
from .models import Traject, Werkperiode
from .workflow import overgang_controleren


def _fout(veld: str, bericht: str, code: str) -> ValidationError:
    return ValidationError({veld: ValidationError(bericht, code=code)})


def _referentie_nieuw() -> str:
    return f"TRJ-{timezone.localdate():%Y}-{uuid.uuid4().hex[:10].upper()}"


def _locked(traject: Traject) -> Traject:
    """Re-read ``traject`` under a row lock, so that concurrent status changes serialise."""
    return Traject.objects.select_for_update().get(pk=traject.pk)


def _partner_melden(traject: Traject, *, aangemeld: bool = False) -> None:
    """Let the traject's partner know through its webhooks, after commit (never blocks)."""
    # Imported here: partners.services imports this module.
    from partners.services import webhook_traject_gewijzigd
    from partners.webhooks import EVENT_AANGEMELD, EVENT_GEWIJZIGD

    webhook_traject_gewijzigd(
        traject=traject, event=EVENT_AANGEMELD if aangemeld else EVENT_GEWIJZIGD
    )


def traject_aanmelden(
    *,
    client: Client,
    soort: str,
    partner: Partner | None = None,
    verwijzer: Medewerker | None = None,
    aanmelddatum: datetime.date | None = None,
    einddatum_gepland: datetime.date | None = None,
    referentie: str | None = None,
    omschrijving: str = "",
) -> Traject:
    """Refer a client to a partner (or to an internal traject when ``partner`` is None).

    The traject starts in status ``aangemeld`` with ``aanmelddatum`` (default: today)."""
    if soort not in TrajectSoort.values:
        raise _fout("soort", _("Onbekende trajectsoort."), "invalid_choice")
    aanmelddatum = aanmelddatum or timezone.localdate()
    if einddatum_gepland is not None and einddatum_gepland < aanmelddatum:
        raise _fout(
            "einddatum_gepland", _("De geplande einddatum ligt vóór de aanmelddatum."), "invalid"
        )
    if partner is not None and not partner.actief:
        raise _fout("partner", _("Deze partner is niet actief."), "invalid")
    with transaction.atomic():
        traject = Traject.objects.create(
            referentie=referentie or _referentie_nieuw(),
            client=client,
            soort=soort,
            partner=partner,
            verwijzer=verwijzer,
            status=TrajectStatus.AANGEMELD,
            aanmelddatum=aanmelddatum,
            einddatum_gepland=einddatum_gepland,
            omschrijving=omschrijving,
        )
        _partner_melden(traject, aangemeld=True)
    return traject


def traject_start(*, traject: Traject, startdatum: datetime.date) -> Traject:
    """``aangemeld`` → ``lopend`` from ``startdatum`` (not before the referral)."""
    with transaction.atomic():
        traject = _locked(traject)
        overgang_controleren(van=traject.status, naar=TrajectStatus.LOPEND)
        if traject.aanmelddatum and startdatum < traject.aanmelddatum:
            raise _fout(
                "startdatum",
                _("De startdatum ligt vóór de aanmelddatum van het traject."),
                "before_start",
            )
        if traject.einddatum_gepland and traject.einddatum_gepland < startdatum:
            raise _fout(
                "startdatum",
                _("De startdatum ligt na de geplande einddatum van het traject."),
                "invalid",
            )
        traject.status = TrajectStatus.LOPEND
        traject.startdatum = startdatum
        traject.save(update_fields=["status", "startdatum", "gewijzigd_op"])
        _partner_melden(traject)
    return traject


def traject_afsluiten(
    *,
    traject: Traject,
    einddatum: datetime.date,
    uitkomst: str,
    status: str | None = None,
) -> Traject:
    """Close a traject on ``einddatum`` with ``uitkomst``.

    The status becomes ``stopgezet`` for ``afgehaakt`` and ``afgerond`` otherwise, unless a
    closing ``status`` is given. A referral that never started can only be ``stopgezet`` and
    keeps an empty ``startdatum`` (see the ``traject_gestart_heeft_startdatum`` constraint)."""
    if uitkomst not in Uitkomst.values:
        raise _fout("uitkomst", _("Onbekende uitkomst."), "invalid_choice")
    if status is None:
        status = (
            TrajectStatus.STOPGEZET if uitkomst == Uitkomst.AFGEHAAKT else TrajectStatus.AFGEROND
        )
    if status not in (TrajectStatus.AFGEROND, TrajectStatus.STOPGEZET):
        raise _fout("status", _("Een traject sluit af als afgerond of stopgezet."), "invalid")
    with transaction.atomic():
        traject = _locked(traject)
        overgang_controleren(van=traject.status, naar=status)
        if traject.startdatum and einddatum < traject.startdatum:
            raise _fout(
                "einddatum",
                _("De einddatum ligt vóór de startdatum van het traject."),
                "before_start",
            )
        if traject.aanmelddatum and einddatum < traject.aanmelddatum:
            raise _fout(
                "einddatum",
                _("De einddatum ligt vóór de aanmelddatum van het traject."),
                "before_start",
            )
        traject.status = status
        traject.einddatum = einddatum
        traject.uitkomst = uitkomst
        traject.save(update_fields=["status", "einddatum", "uitkomst", "gewijzigd_op"])
        _partner_melden(traject)
    return traject


def werkperiode_create(
    *,
    client: Client,
    startdatum: datetime.date,
    werkgever: str,
    contracttype: str,
    einddatum: datetime.date | None = None,
    uren_per_week: Decimal | None = None,
    bron_partner: Partner | None = None,
) -> Werkperiode:
    """Register an employment spell. The same client, start date and employer twice is refused
    with a clear message instead of a database error."""
    fouten: dict[str, ValidationError] = {}
    if not werkgever.strip():
        fouten["werkgever"] = ValidationError(_("De werkgever is verplicht."), code="required")
    if contracttype not in Contracttype.values:
        fouten["contracttype"] = ValidationError(_("Onbekend contracttype."), code="invalid_choice")
    if einddatum is not None and einddatum < startdatum:
        fouten["einddatum"] = ValidationError(
            _("De einddatum ligt vóór de startdatum."), code="before_start"
        )
    if uren_per_week is not None and not (Decimal("0") < uren_per_week <= Decimal("60")):
        fouten["uren_per_week"] = ValidationError(
            _("Het aantal uren per week ligt tussen 0 en 60."), code="invalid"
        )
    if fouten:
        raise ValidationError(fouten)
    bestaand = _("Deze werkperiode (zelfde startdatum en werkgever) is al geregistreerd.")
    if Werkperiode.objects.filter(
        client=client, startdatum=startdatum, werkgever=werkgever
    ).exists():
        raise _fout("startdatum", bestaand, "unique")
    try:
        with transaction.atomic():
            return Werkperiode.objects.create(
                client=client,
                startdatum=startdatum,
                einddatum=einddatum,
                werkgever=werkgever,
                contracttype=contracttype,
                uren_per_week=uren_per_week,
                bron_partner=bron_partner,
            )
    except IntegrityError as exc:  # a concurrent insert of the same spell
        raise _fout("startdatum", bestaand, "unique") from exc


# --- Art. 60 §7 placement: a status change plus the placement details in one transaction ---

PLAATSING_VELDEN = ("werkplek", "werkplek_naam", "uren_per_week", "twe")


def _plaatsing(
    traject: Traject,
    einddatum_gepland: datetime.date | None,
    *,
    werkplek: str,
    werkplek_naam: str,
    uren_per_week: Decimal | None,
    twe: bool,
) -> None:
    """Store the planned end and, for art. 60, the placement (other soorten keep none)."""
    velden = ["einddatum_gepland", "gewijzigd_op"]
    traject.einddatum_gepland = einddatum_gepland
    if traject.soort == TrajectSoort.ART60:
        traject.werkplek = werkplek or ""
        traject.werkplek_naam = werkplek_naam or ""
        traject.uren_per_week = uren_per_week
        traject.twe = bool(twe)
        velden += list(PLAATSING_VELDEN)
    traject.save(update_fields=velden)


def _art60_overlap(exc: IntegrityError) -> ValidationError:
    if "traject_art60_geen_overlap" in str(exc):
        return ValidationError(
            {"startdatum": _("Deze cliënt heeft al een art. 60-traject in die periode.")}
        )
    return ValidationError(_("Het traject kon niet bewaard worden."))


def traject_aanmelden_met_plaatsing(
    *,
    client: Client,
    soort: str,
    partner: Partner | None,
    verwijzer: Medewerker,
    aanmelddatum: datetime.date,
    einddatum_gepland: datetime.date | None,
    omschrijving: str = "",
    werkplek: str = "",
    werkplek_naam: str = "",
    uren_per_week: Decimal | None = None,
    twe: bool = False,
) -> Traject:
    """Refer a client (``traject_aanmelden``) and keep the art. 60 placement details."""
    with transaction.atomic():
        traject = traject_aanmelden(
            client=client,
            soort=soort,
            partner=partner,
            verwijzer=verwijzer,
            aanmelddatum=aanmelddatum,
            einddatum_gepland=einddatum_gepland,
            omschrijving=omschrijving,
        )
        _plaatsing(
            traject,
            einddatum_gepland,
            werkplek=werkplek,
            werkplek_naam=werkplek_naam,
            uren_per_week=uren_per_week,
            twe=twe,
        )
    return traject


def traject_start_met_plaatsing(
    *,
    traject: Traject,
    startdatum: datetime.date,
    einddatum_gepland: datetime.date | None,
    werkplek: str = "",
    werkplek_naam: str = "",
    uren_per_week: Decimal | None = None,
    twe: bool = False,
) -> Traject:
    """Start a traject (``traject_start``: the workflow decides whether it may) and store the
    contract period and placement. An art. 60 overlapping another one is refused."""
    try:
        with transaction.atomic():
            if einddatum_gepland is not None and einddatum_gepland < startdatum:
                raise ValidationError(
                    {"einddatum_gepland": _("De geplande einddatum ligt vóór de startdatum.")}
                )
            # The planned end is set first: traject_start checks the start against it.
            Traject.objects.filter(pk=traject.pk).update(einddatum_gepland=einddatum_gepland)
            traject.refresh_from_db()
            traject = traject_start(traject=traject, startdatum=startdatum)
            _plaatsing(
                traject,
                einddatum_gepland,
                werkplek=werkplek,
                werkplek_naam=werkplek_naam,
                uren_per_week=uren_per_week,
                twe=twe,
            )
    except IntegrityError as exc:
        raise _art60_overlap(exc) from exc
    return traject


# --- reminders -------------------------------------------------------------------------------


def aanmeldingen_niet_gestart_melden(*, vandaag: datetime.date | None = None) -> int:
    """Tell the social worker and the team lead(s) about every referral still ``aangemeld``
    more than ``AANMELDING_TERMIJN_DAGEN`` days after it was made (the dossier alert of the
    same name), once per traject: an in-app notification each (no client name), with a link to
    the dossier. Only staff who may open the dossier are told
    (``clients.selectors.client_queryset_leesbaar``): the active social worker and the team
    leads of his team, or every team lead of the gemeente for an unassigned client. Returns the
    number of trajecten reported; a second run reports none of them again."""
    from clients.alerts import AANMELDING_TERMIJN_DAGEN

    vandaag = vandaag or timezone.localdate()
    grens = vandaag - datetime.timedelta(days=AANMELDING_TERMIJN_DAGEN)
    with transaction.atomic():
        te_melden = list(
            Traject.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                status=TrajectStatus.AANGEMELD,
                aanmelddatum__lt=grens,
                niet_gestart_gemeld_op__isnull=True,
            )
            .values(
                "pk",
                "referentie",
                "aanmelddatum",
                "client_id",
                "client__gemeente_id",
                "partner__naam",
                ma_id=F("client__maatschappelijk_assistent_id"),
                ma_actief=F("client__maatschappelijk_assistent__actief"),
                team_id=F("client__maatschappelijk_assistent__team_id"),
            )
        )
        if not te_melden:
            return 0
        per_team: dict[tuple[int, int], list[int]] = {}
        per_gemeente: dict[int, list[int]] = {}
        for pk, gemeente_id, team_id in Medewerker.objects.filter(
            rol=Rol.TEAMLEIDER,
            actief=True,
            gemeente_id__in={rij["client__gemeente_id"] for rij in te_melden},
        ).values_list("pk", "gemeente_id", "team_id"):
            per_gemeente.setdefault(gemeente_id, []).append(pk)
            if team_id is not None:
                per_team.setdefault((gemeente_id, team_id), []).append(pk)
        notificaties = []
        for rij in te_melden:
            gemeente_id = rij["client__gemeente_id"]
            if rij["ma_id"] is None:
                ontvangers = set(per_gemeente.get(gemeente_id, []))
            else:
                ontvangers = set(per_team.get((gemeente_id, rij["team_id"]), []))
                if rij["ma_actief"]:
                    ontvangers.add(rij["ma_id"])
            sjabloon, parameters = _aanmelding_niet_gestart(rij)
            link = reverse("clients:dossier", args=[rij["client_id"]])
            notificaties += [
                notificatie_maak(
                    ontvanger_id=pk,
                    client_id=rij["client_id"],
                    sjabloon=sjabloon,
                    parameters=parameters,
                    link=link,
                )
                for pk in sorted(ontvangers)
            ]
        Notificatie.objects.bulk_create(notificaties)
        Traject.objects.filter(pk__in=[rij["pk"] for rij in te_melden]).update(
            niet_gestart_gemeld_op=timezone.now()
        )
    return len(te_melden)


def _aanmelding_niet_gestart(rij: dict) -> tuple[str, dict]:
    """The notification's template and parameters (no client name)."""
    parameters = {
        "traject": rij["referentie"],
        "datum": date_format(rij["aanmelddatum"], "SHORT_DATE_FORMAT"),
    }
    if not rij["partner__naam"]:
        return gettext_noop(
            "Aanmelding %(traject)s van %(datum)s is na meer dan 30 dagen nog niet gestart."
        ), parameters
    return gettext_noop(
        "Aanmelding %(traject)s bij %(partner)s van %(datum)s is na meer dan 30 dagen "
        "nog niet gestart."
    ), parameters | {"partner": rij["partner__naam"]}
