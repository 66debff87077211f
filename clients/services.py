"""Writes on clients and their dossier (logbook, GPMI, tasks, documents, assignment).

Every write and every deliberate look at personal data is recorded with
``activering.services.audit_log`` (ids and field names only, never values)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from activering.models import Medewerker
from activering.services import audit_log, notificatie_create
from partners.api.cache import lijst_cache_ongeldig_voor_clienten

from .constants import BEWERKBARE_VELDEN, DocumentSoort, LogboekSoort
from .models import Client, Document, Gpmi, GpmiActie, GpmiEvaluatie, Logboekitem, Taak
from .rijksregisternummer import rijksregisternummer_format
from .selectors import client_queryset_bewerkbaar, team_medewerkers


def _user(medewerker: Medewerker | None):
    return medewerker.user if medewerker is not None else None


def dossier_audit(
    *,
    actie: str,
    client_id: int,
    medewerker: Medewerker | None,
    ip_adres: str | None,
    object_type: str = "client",
    object_id=None,
    details: dict | None = None,
) -> None:
    """Record that a dossier was viewed, changed or exported (no personal data)."""
    audit_log(
        actie=actie,
        gebruiker=_user(medewerker),
        object_type=object_type,
        object_id=client_id if object_id is None else object_id,
        client_id=client_id,
        ip_adres=ip_adres,
        details=details,
    )


# --- client ---------------------------------------------------------------------------------


def _referentie_nieuw(jaar: int) -> str:
    prefix = f"DOS-{jaar}-"
    bestaande = Client.objects.filter(referentie__startswith=prefix).values_list(
        "referentie", flat=True
    )
    hoogste = max(
        (int(r[len(prefix) :]) for r in bestaande if re.fullmatch(r"\d+", r[len(prefix) :])),
        default=0,
    )
    return f"{prefix}{hoogste + 1:05d}"


def client_create(
    *,
    medewerker: Medewerker,
    velden: dict,
    ip_adres: str | None = None,
) -> Client:
    """Open a dossier in the staff member's gemeente. A social worker gets it in his own
    caseload; a teamleider or beheerder may leave it unassigned. Without a ``referentie`` the
    next ``DOS-<year>-NNNNN`` number is given. Uniqueness (dossier number, rijksregister-
    nummer) is checked by the form; a race with another intake still ends in a clear message."""
    velden = dict(velden)
    referentie = (velden.pop("referentie", "") or "").strip()
    if "maatschappelijk_assistent" not in velden and medewerker.rol == "maatschappelijk_assistent":
        velden["maatschappelijk_assistent"] = medewerker
    for poging in range(5):
        try:
            with transaction.atomic():
                client = Client.objects.create(
                    referentie=referentie or _referentie_nieuw(timezone.localdate().year),
                    gemeente=medewerker.gemeente,
                    gewijzigd_door=medewerker,
                    **velden,
                )
            break
        except IntegrityError as exc:
            if referentie or poging == 4:
                raise ValidationError(
                    _("Dit dossiernummer of rijksregisternummer bestaat al."), code="unique"
                ) from exc
    dossier_audit(
        actie="client_aangemaakt", client_id=client.pk, medewerker=medewerker, ip_adres=ip_adres
    )
    return client


@dataclass
class VersieConflict(Exception):
    """Someone else saved the dossier after it was opened for editing."""

    client: Client

    @property
    def bericht(self) -> str:
        door = self.client.gewijzigd_door
        naam = (door.user.get_full_name() or door.user.get_username()) if door else _("iemand")
        moment = timezone.localtime(self.client.gewijzigd_op)
        return _(
            "Gewijzigd door %(naam)s om %(uur)s op %(datum)s, nadat u het dossier opende. "
            "Uw wijzigingen zijn niet bewaard: bekijk de nieuwe gegevens en pas ze opnieuw toe."
        ) % {
            "naam": naam,
            "uur": formats.time_format(moment, "H:i"),
            "datum": formats.date_format(moment, "d/m/Y"),
        }


def _versie_stempel(medewerker: Medewerker) -> dict:
    """The bookkeeping of every write on a client row: a new ``versie`` (optimistic locking),
    when and by whom."""
    return {
        "versie": F("versie") + 1,
        "gewijzigd_op": timezone.now(),
        "gewijzigd_door": medewerker,
    }


def client_update(
    *,
    client_id: int,
    versie: int,
    velden: dict,
    medewerker: Medewerker,
    ip_adres: str | None = None,
) -> Client:
    """Save changes with optimistic locking: the row is only updated when its ``versie`` is
    still the one the form was opened with; otherwise ``VersieConflict`` tells who changed it
    and when. Only ``BEWERKBARE_VELDEN`` change. Raises ``Client.DoesNotExist`` when the
    client is not (or no longer) changeable by ``medewerker``."""
    onbekend = set(velden) - set(BEWERKBARE_VELDEN)
    if onbekend:
        raise ValueError(f"Not editable: {sorted(onbekend)}")
    bewerkbaar = client_queryset_bewerkbaar(medewerker=medewerker)
    with transaction.atomic():
        huidig = bewerkbaar.select_for_update(of=("self",)).get(pk=client_id)
        if huidig.versie != versie:
            raise VersieConflict(
                Client.objects.select_related("gewijzigd_door__user").get(pk=client_id)
            )
        gewijzigd = sorted(k for k, v in velden.items() if getattr(huidig, k) != v)
        Client.objects.filter(pk=client_id, versie=versie).update(
            **velden, **_versie_stempel(medewerker)
        )
        lijst_cache_ongeldig_voor_clienten(client_ids=[client_id])
    dossier_audit(
        actie="client_gewijzigd",
        client_id=client_id,
        medewerker=medewerker,
        ip_adres=ip_adres,
        details={"velden": gewijzigd},
    )
    return Client.objects.get(pk=client_id)


def client_rijksregisternummer_tonen(
    *, client: Client, medewerker: Medewerker, ip_adres: str | None = None
) -> str:
    """The full rijksregisternummer, shown on a deliberate request; always audited."""
    dossier_audit(
        actie="rijksregisternummer_getoond",
        client_id=client.pk,
        medewerker=medewerker,
        ip_adres=ip_adres,
    )
    return rijksregisternummer_format(client.rijksregisternummer or "")


def clients_toewijzen(
    *,
    client_ids: list[int],
    naar: Medewerker | None,
    reden: str,
    door: Medewerker,
    ip_adres: str | None = None,
) -> int:
    """Move dossiers to another social worker of the team (or unassign them), with a reason.

    Only clients ``door`` may change and a target in the caseloads ``door`` manages are
    accepted; anything else is a ``ValidationError`` and nothing changes. Each moved dossier
    gets an audit event; the new social worker a notification."""
    reden = reden.strip()
    fouten: dict[str, str] = {}
    if not reden:
        fouten["reden"] = _("Geef een reden voor de herverdeling.")
    if not client_ids:
        fouten["clienten"] = _("Kies minstens één cliënt.")
    if naar is not None and not team_medewerkers(medewerker=door).filter(pk=naar.pk).exists():
        fouten["naar"] = _("Deze medewerker hoort niet bij uw team.")
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        clienten = list(
            client_queryset_bewerkbaar(medewerker=door)
            .select_for_update(of=("self",))
            .filter(pk__in=client_ids)
            .values_list("pk", "maatschappelijk_assistent_id")
        )
        if len(clienten) != len(set(client_ids)):
            raise ValidationError({"clienten": _("Eén of meer cliënten horen niet bij uw team.")})
        te_verplaatsen = [(pk, van) for pk, van in clienten if van != (naar.pk if naar else None)]
        Client.objects.filter(pk__in=[pk for pk, _van in te_verplaatsen]).update(
            maatschappelijk_assistent=naar, **_versie_stempel(door)
        )
        lijst_cache_ongeldig_voor_clienten(client_ids=[pk for pk, _van in te_verplaatsen])
        for pk, van in te_verplaatsen:
            dossier_audit(
                actie="client_toegewezen",
                client_id=pk,
                medewerker=door,
                ip_adres=ip_adres,
                details={"van": van, "naar": naar.pk if naar else None, "reden": reden[:200]},
            )
        if naar is not None and te_verplaatsen and naar.pk != door.pk:
            notificatie_create(
                ontvanger=naar,
                # One wording for 1 and many: a stored template has no plural forms.
                sjabloon=gettext_noop("Dossiers aan u toegewezen: %(n)s."),
                parameters={"n": len(te_verplaatsen)},
                link="/clienten/",
            )
    return len(te_verplaatsen)


# --- logbook, tasks -------------------------------------------------------------------------


def logboekitem_create(
    *,
    client: Client,
    medewerker: Medewerker,
    datum: datetime.date,
    soort: str,
    tekst: str,
    ip_adres: str | None = None,
) -> Logboekitem:
    """A contact note by the social worker. Partner reports come through the partner API."""
    fouten = {}
    if soort not in LogboekSoort.values or soort == LogboekSoort.PARTNERMELDING:
        fouten["soort"] = _("Kies een soort contact.")
    if datum > timezone.localdate():
        fouten["datum"] = _("Een contact kan niet in de toekomst liggen.")
    if not tekst.strip():
        fouten["tekst"] = _("Schrijf kort wat er besproken werd.")
    if fouten:
        raise ValidationError(fouten)
    item = Logboekitem.objects.create(
        client=client, datum=datum, soort=soort, tekst=tekst.strip(), auteur=medewerker
    )
    dossier_audit(
        actie="logboek_toegevoegd",
        client_id=client.pk,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="logboekitem",
        object_id=item.pk,
    )
    return item


def taak_create(
    *,
    client: Client,
    medewerker: Medewerker,
    omschrijving: str,
    vervaldatum: datetime.date,
    toegewezen_aan: Medewerker | None = None,
    ip_adres: str | None = None,
) -> Taak:
    taak = Taak.objects.create(
        client=client,
        omschrijving=omschrijving.strip(),
        vervaldatum=vervaldatum,
        toegewezen_aan=toegewezen_aan or medewerker,
    )
    dossier_audit(
        actie="taak_toegevoegd",
        client_id=client.pk,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="taak",
        object_id=taak.pk,
    )
    return taak


def taak_afwerken(*, taak: Taak, medewerker: Medewerker, ip_adres: str | None = None) -> Taak:
    if taak.afgewerkt_op is None:
        taak.afgewerkt_op = timezone.localdate()
        taak.save(update_fields=["afgewerkt_op", "gewijzigd_op"])
        dossier_audit(
            actie="taak_afgewerkt",
            client_id=taak.client_id,
            medewerker=medewerker,
            ip_adres=ip_adres,
            object_type="taak",
            object_id=taak.pk,
        )
    return taak


# --- GPMI -----------------------------------------------------------------------------------


def gpmi_create(
    *,
    client: Client,
    medewerker: Medewerker,
    startdatum: datetime.date,
    domein: str,
    doelen: str,
    einddatum: datetime.date | None = None,
    ip_adres: str | None = None,
) -> Gpmi:
    """Start a GPMI. A client has at most one GPMI running on a day: starting a new one ends
    the running one the day before."""
    if einddatum is not None and einddatum < startdatum:
        raise ValidationError({"einddatum": _("De einddatum ligt vóór de startdatum.")})
    with transaction.atomic():
        lopend = Gpmi.objects.select_for_update(of=("self",)).filter(
            client=client, startdatum__lt=startdatum, einddatum__isnull=True
        )
        for oud in lopend:
            oud.einddatum = startdatum - datetime.timedelta(days=1)
            oud.save(update_fields=["einddatum", "gewijzigd_op"])
        gpmi = Gpmi.objects.create(
            client=client,
            startdatum=startdatum,
            einddatum=einddatum,
            domein=domein,
            doelen=doelen.strip(),
            opgesteld_door=medewerker,
        )
    dossier_audit(
        actie="gpmi_aangemaakt",
        client_id=client.pk,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="gpmi",
        object_id=gpmi.pk,
    )
    return gpmi


def gpmi_actie_create(
    *,
    gpmi: Gpmi,
    medewerker: Medewerker,
    actor: str,
    omschrijving: str,
    deadline: datetime.date | None = None,
    ip_adres: str | None = None,
) -> GpmiActie:
    actie = GpmiActie.objects.create(
        gpmi=gpmi, actor=actor, omschrijving=omschrijving.strip(), deadline=deadline
    )
    dossier_audit(
        actie="gpmi_afspraak_toegevoegd",
        client_id=gpmi.client_id,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="gpmiactie",
        object_id=actie.pk,
    )
    return actie


def gpmi_evaluatie_create(
    *,
    gpmi: Gpmi,
    medewerker: Medewerker,
    datum: datetime.date,
    verslag: str,
    ip_adres: str | None = None,
) -> GpmiEvaluatie:
    if datum < gpmi.startdatum:
        raise ValidationError({"datum": _("De evaluatie ligt vóór de start van het GPMI.")})
    if datum > timezone.localdate():
        raise ValidationError({"datum": _("Een evaluatie kan niet in de toekomst liggen.")})
    evaluatie = GpmiEvaluatie.objects.create(
        gpmi=gpmi, datum=datum, verslag=verslag.strip(), auteur=medewerker
    )
    dossier_audit(
        actie="gpmi_geevalueerd",
        client_id=gpmi.client_id,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="gpmievaluatie",
        object_id=evaluatie.pk,
    )
    return evaluatie


# --- documents ------------------------------------------------------------------------------

_HANDTEKENINGEN = (
    (b"%PDF-", DocumentSoort.PDF),
    (b"\x89PNG\r\n\x1a\n", DocumentSoort.PNG),
    (b"\xff\xd8\xff", DocumentSoort.JPEG),
)
_MIME = {
    DocumentSoort.PDF: "application/pdf",
    DocumentSoort.PNG: "image/png",
    DocumentSoort.JPEG: "image/jpeg",
    DocumentSoort.DOCX: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def document_mime(soort: str) -> str:
    return _MIME[DocumentSoort(soort)]


def document_soort_herkennen(bestand) -> str | None:
    """The document type from the file's CONTENT (magic bytes), never from its name: PDF,
    PNG, JPEG, or DOCX (a ZIP package holding ``word/document.xml``). ``None`` otherwise."""
    bestand.seek(0)
    begin = bestand.read(8)
    bestand.seek(0)
    for handtekening, soort in _HANDTEKENINGEN:
        if begin.startswith(handtekening):
            return soort
    if begin.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(bestand) as pakket:
                namen = set(pakket.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            bestand.seek(0)
        if "[Content_Types].xml" in namen and "word/document.xml" in namen:
            return DocumentSoort.DOCX
    return None


def document_create(
    *,
    client: Client,
    medewerker: Medewerker,
    bestand: UploadedFile,
    ip_adres: str | None = None,
) -> Document:
    """Store an uploaded file in the dossier after checking its size and its content type
    (PDF, PNG, JPEG or DOCX by magic bytes; the file name and the browser's content type are
    not trusted). The stored file gets a random name."""
    maximum = settings.DOCUMENT_MAX_BYTES
    if bestand.size is None or bestand.size == 0:
        raise ValidationError({"bestand": _("Het bestand is leeg.")})
    if bestand.size > maximum:
        raise ValidationError(
            {
                "bestand": _("Het bestand is te groot (maximaal %(mb)s MB).")
                % {"mb": formats.number_format(maximum / (1024 * 1024), 0)}
            }
        )
    soort = document_soort_herkennen(bestand.file if hasattr(bestand, "file") else bestand)
    if soort is None:
        raise ValidationError(
            {
                "bestand": _(
                    "Dit bestandstype wordt niet aanvaard. Laad een PDF, PNG, JPEG of "
                    "Word-document (DOCX) op."
                )
            }
        )
    naam = (bestand.name or "document").rsplit("/", 1)[-1][:200]
    document = Document(
        client=client, naam=naam, soort=soort, grootte=bestand.size, opgeladen_door=medewerker
    )
    document.bestand.save("upload", bestand, save=False)
    try:
        document.save()
    except Exception:
        document.bestand.delete(save=False)
        raise
    dossier_audit(
        actie="document_opgeladen",
        client_id=client.pk,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="document",
        object_id=document.pk,
        details={"soort": soort, "grootte": bestand.size},
    )
    return document


def document_inhoud(
    *, document: Document, medewerker: Medewerker, ip_adres: str | None = None
) -> io.BufferedReader:
    """Open a document for download (an export of personal data: audited)."""
    dossier_audit(
        actie="document_gedownload",
        client_id=document.client_id,
        medewerker=medewerker,
        ip_adres=ip_adres,
        object_type="document",
        object_id=document.pk,
    )
    return document.bestand.open("rb")
