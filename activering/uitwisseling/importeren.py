"""The importer: one ``Verwerker`` per file of the exchange format.

Flow per file (in dependency order, inside the caller's transaction):

1. read and parse every row into "key form" values (references stay as their keys, e.g. a
   gemeente's NIS code), reporting every problem as ``file:line: column: message``;
2. cross-row checks against the file and the preloaded database rows (overlaps, uniqueness);
3. classify each row as new, changed or unchanged by comparing with the database row that has
   the same key;
4. only while the whole run is still free of problems: write with ``bulk_create`` /
   ``bulk_update`` in batches. A database error is turned into a reported problem (the failing
   batch is retried row by row inside savepoints to find the line).

Validation never does a query per row: references and existing rows are loaded once per file
into dictionaries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DataError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from psycopg.types.json import Jsonb

from activering.constants import Rol
from activering.models import Gemeente, Inwoners, Medewerker, Team
from clients.constants import Categorie, Geslacht, Stopreden, UitkeringSoort
from clients.models import Client, Uitkeringsperiode
from clients.rijksregisternummer import rijksregisternummer_normalize, rijksregisternummer_validate
from partners.api.cache import lijst_cache_alles_ongeldig
from partners.constants import PartnerSoort
from partners.models import Overeenkomst, Partner
from rapportering.models import LapOvereenkomst
from trajecten.constants import (
    GESLOTEN_STATUSSEN,
    Contracttype,
    TrajectSoort,
    TrajectStatus,
    Uitkomst,
)
from trajecten.models import Traject, Werkperiode

from . import specificatie as spec_
from .csvlezer import (
    CsvBestand,
    Ongeldig,
    lees_csv,
    parse_datum,
    parse_decimaal,
    parse_geheel,
    parse_ja_nee,
)
from .resultaat import BestandResultaat, ImportResultaat, Probleem, Voortgang, VoortgangCallback

BATCH = 2000
COPY_BATCH = 50000
VOORTGANG_ELKE = 20000


# --- Run context -----------------------------------------------------------------------------


class ImportContext:
    """State shared by the files of one run: problems, known keys and database ids."""

    def __init__(self, resultaat: ImportResultaat, progress: VoortgangCallback | None) -> None:
        self.resultaat = resultaat
        self.progress = progress
        self._ids: dict[str, dict[Any, int | None]] = {}

    @property
    def problemen(self) -> list[Probleem]:
        return self.resultaat.problemen

    @property
    def schrijven(self) -> bool:
        """Rows are only written while the run is free of problems."""
        return not self.resultaat.problemen

    def meld(self, bestand: str, regel: int, kolom: str, bericht: str) -> None:
        self.problemen.append(Probleem(bestand, regel, kolom, bericht))

    def voortgang(self, bestand: str, fase: str, verwerkt: int, totaal: int | None = None):
        if self.progress is not None:
            self.progress(Voortgang(bestand, fase, verwerkt, totaal))

    # Reference kinds: gemeente (NIS code), medewerker (gebruikersnaam), partner (code),
    # client (referentie), traject (referentie). Value None: known from the file set but not
    # (yet) written.
    _LADERS: dict[str, Callable[[], Iterable[tuple[Any, int]]]] = {
        "gemeente": lambda: Gemeente.objects.values_list("nis_code", "id"),
        "medewerker": lambda: Medewerker.objects.values_list("user__username", "id"),
        "partner": lambda: Partner.objects.values_list("code", "id"),
        "client": lambda: Client.objects.values_list("referentie", "id").iterator(50000),
    }

    def ids(self, soort: str) -> dict[Any, int | None]:
        if soort not in self._ids:
            self._ids[soort] = dict(self._LADERS[soort]())
        return self._ids[soort]


class Rij:
    """One data row being parsed: parsed values land in ``waarden`` (only for columns present
    in the file); every failure is reported and sets ``fout``."""

    __slots__ = ("bestand", "cellen", "ctx", "fout", "index", "regel", "waarden")

    def __init__(self, ctx: ImportContext, bestand: str, regel: int, cellen, index) -> None:
        self.ctx = ctx
        self.bestand = bestand
        self.regel = regel
        self.cellen = cellen
        self.index = index
        self.fout = False
        self.waarden: dict[str, Any] = {}

    def meld(self, kolom: str, bericht: str) -> None:
        self.ctx.meld(self.bestand, self.regel, kolom, bericht)
        self.fout = True

    def heeft(self, kolom: str) -> bool:
        return kolom in self.index

    def veld(self, kolom: str, parser, *, verplicht: bool = False, leeg: Any = None) -> None:
        if kolom not in self.index:
            return
        ruw = self.cellen[self.index[kolom]]
        if ruw == "":
            if verplicht:
                self.meld(kolom, _("waarde ontbreekt"))
            else:
                self.waarden[kolom] = leeg
            return
        try:
            self.waarden[kolom] = parser(ruw)
        except Ongeldig as fout:
            self.meld(kolom, str(fout))

    def tekst(self, kolom: str, *, max_lengte: int, verplicht: bool = False, leeg: Any = ""):
        def parser(waarde: str) -> str:
            if len(waarde) > max_lengte:
                raise Ongeldig(_("te lang (maximaal %d tekens)") % max_lengte)
            return waarde

        self.veld(kolom, parser, verplicht=verplicht, leeg=leeg)

    def code(self, kolom: str, keuzes: type[models.TextChoices], *, verplicht: bool = False):
        def parser(waarde: str) -> str:
            if waarde not in _toegelaten(keuzes):
                raise Ongeldig(
                    _("onbekende code '%(code)s' (toegelaten: %(lijst)s)")
                    % {"code": waarde, "lijst": ", ".join(keuzes.values)}
                )
            return waarde

        self.veld(kolom, parser, verplicht=verplicht, leeg="")

    def datum(self, kolom: str, *, verplicht: bool = False) -> None:
        self.veld(kolom, parse_datum, verplicht=verplicht)

    def decimaal(
        self,
        kolom: str,
        *,
        max_cijfers: int,
        decimalen: int,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        groter_dan_nul: bool = False,
        verplicht: bool = False,
    ) -> None:
        def parser(waarde: str) -> Decimal:
            getal = parse_decimaal(waarde)
            exponent = getal.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > decimalen:
                raise Ongeldig(_("maximaal %d cijfers na de komma") % decimalen)
            if abs(getal) >= Decimal(10) ** (max_cijfers - decimalen):
                raise Ongeldig(_("'%s' is te groot") % waarde)
            if groter_dan_nul and getal <= 0:
                raise Ongeldig(_("moet groter zijn dan 0"))
            if minimum is not None and getal < minimum:
                raise Ongeldig(_("moet minstens %s zijn") % minimum)
            if maximum is not None and getal > maximum:
                raise Ongeldig(_("mag hoogstens %s zijn") % maximum)
            return getal

        self.veld(kolom, parser, verplicht=verplicht)

    def geheel(
        self, kolom: str, *, minimum: int = 0, maximum: int = 2_147_483_647, verplicht=False
    ) -> None:
        def parser(waarde: str) -> int:
            getal = parse_geheel(waarde)
            if not minimum <= getal <= maximum:
                raise Ongeldig(
                    _("moet tussen %(min)d en %(max)d liggen") % {"min": minimum, "max": maximum}
                )
            return getal

        self.veld(kolom, parser, verplicht=verplicht)

    def ref(self, kolom: str, soort: str, bericht, *, verplicht: bool = False) -> None:
        bekend = self.ctx.ids(soort)

        def parser(waarde: str) -> str:
            if waarde not in bekend:
                raise Ongeldig(bericht % waarde)
            return waarde

        self.veld(kolom, parser, verplicht=verplicht)

    def einde_na_start(self, start: str, einde: str) -> None:
        begin, eind = self.waarden.get(start), self.waarden.get(einde)
        if begin is not None and eind is not None and eind < begin:
            self.meld(
                einde,
                _("%(einde)s %(e)s ligt voor %(start)s %(s)s")
                % {"einde": einde, "e": eind.isoformat(), "start": start, "s": begin.isoformat()},
            )


_TOEGELATEN: dict[type, frozenset[str]] = {}


def _toegelaten(keuzes: type[models.TextChoices]) -> frozenset[str]:
    if keuzes not in _TOEGELATEN:
        _TOEGELATEN[keuzes] = frozenset(keuzes.values)
    return _TOEGELATEN[keuzes]


class Record:
    """A parsed row with a valid key. ``fout``: the row has a reported problem; it still takes
    part in cross-row checks (so that every problem of the run is found) but is not written."""

    __slots__ = ("fout", "regel", "sleutel", "waarden")

    def __init__(self, regel: int, sleutel: tuple, waarden: dict[str, Any], fout: bool) -> None:
        self.regel = regel
        self.sleutel = sleutel
        self.waarden = waarden
        self.fout = fout

    def periode(self, start: str, einde: str) -> tuple | None:
        """``(start, end)`` when both parsed and consistent, else None (skip in checks)."""
        if start not in self.waarden or einde not in self.waarden:
            return None
        begin, eind = self.waarden[start], self.waarden[einde]
        if begin is None or (eind is not None and eind < begin):
            return None
        return begin, eind


# --- Generic file processing -----------------------------------------------------------------


class Verwerker:
    """Imports one file. Subclasses declare the model, how columns map to model fields and to
    lookups of the existing rows, and parse one row in ``lees``."""

    spec: spec_.BestandSpec
    model: type[models.Model]
    # column -> model attribute (default: the column name)
    velden: dict[str, str] = {}
    # column -> reference kind; the key-form value is turned into an id when writing
    refs: dict[str, str] = {}
    # column -> ORM lookup for the existing rows in key form (default: the column name)
    lookups: dict[str, str] = {}
    # reference kind this file defines (its key, as other files refer to it)
    definieert: str | None = None

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.naam = self.spec.naam

    # -- hooks --

    def lees(self, rij: Rij) -> None:
        raise NotImplementedError

    def controleer(self, records: list[Record], bestaande: dict[tuple, tuple]) -> None:
        """Cross-row checks; report through ``self.meld``."""

    def extra_bij_update(self, obj: models.Model, oud: tuple) -> list[str]:
        return []

    # -- machinery --

    def meld(self, regel: int, kolom: str, bericht: str) -> None:
        self.ctx.meld(self.naam, regel, kolom, bericht)

    def attribuut(self, kolom: str) -> str:
        if kolom in self.refs:
            return self.velden.get(kolom, kolom) + "_id"
        return self.velden.get(kolom, kolom)

    def bestaande(self) -> dict[tuple, tuple]:
        """Existing rows as ``key -> (id, value per column of spec.kolommen)`` in key form."""
        lookups = ["id", *(self.lookups.get(k, k) for k in self.spec.kolommen)]
        sleutelpos = [self.spec.kolommen.index(k) + 1 for k in self.spec.sleutel]
        uit: dict[tuple, tuple] = {}
        for rij in self.model.objects.values_list(*lookups).iterator(chunk_size=20000):
            uit[tuple(rij[i] for i in sleutelpos)] = rij
        return uit

    def verwerk(self, csvb: CsvBestand, resultaat: BestandResultaat) -> None:
        index = csvb.index()
        records: list[Record] = []
        gezien: dict[tuple, int] = {}
        nieuwe_sleutels: list[Any] = []
        n = 0
        for regel, cellen in csvb.rijen(self.ctx.problemen):
            n += 1
            rij = Rij(self.ctx, self.naam, regel, cellen, index)
            if csvb.kop_in_orde:
                self.lees(rij)
            else:  # only the key, so that other files' references still resolve
                for kolom in self.spec.sleutel:
                    rij.tekst(kolom, max_lengte=10_000)
                rij.fout = True
            if all(rij.waarden.get(k) not in (None, "") for k in self.spec.sleutel):
                sleutel = tuple(rij.waarden[k] for k in self.spec.sleutel)
                if sleutel in gezien:
                    rij.meld(
                        self.spec.sleutel[-1],
                        _("dubbele sleutel (%(sleutel)s): staat ook op regel %(regel)d")
                        % {"sleutel": ", ".join(map(str, sleutel)), "regel": gezien[sleutel]},
                    )
                    continue
                gezien[sleutel] = regel
                nieuwe_sleutels.append(sleutel[0] if len(sleutel) == 1 else sleutel)
                if csvb.kop_in_orde:
                    records.append(Record(regel, sleutel, rij.waarden, rij.fout))
            if n % VOORTGANG_ELKE == 0:
                self.ctx.voortgang(self.naam, "lezen", n)
        resultaat.rijen = n
        self.ctx.voortgang(self.naam, "lezen", n, n)
        if self.definieert:
            ids = self.ctx.ids(self.definieert)
            for sleutel in nieuwe_sleutels:
                ids.setdefault(sleutel, None)
        if not csvb.kop_in_orde:
            return

        bestaande = self.bestaande()
        self.controleer(records, bestaande)
        nieuw: list[Record] = []
        gewijzigd: list[Record] = []
        positie = {k: i + 1 for i, k in enumerate(self.spec.kolommen)}
        for record in records:
            if record.fout:
                continue
            oud = bestaande.get(record.sleutel)
            if oud is None:
                nieuw.append(record)
            elif any(oud[positie[k]] != v for k, v in record.waarden.items()):
                gewijzigd.append(record)
            else:
                resultaat.ongewijzigd += 1
        resultaat.aangemaakt = len(nieuw)
        resultaat.bijgewerkt = len(gewijzigd)
        if self.ctx.schrijven:
            self.schrijf(nieuw, gewijzigd, bestaande, csvb)

    def attributen(self, waarden: dict[str, Any]) -> dict[str, Any]:
        """Model attribute values for a row: references become ids."""
        velden = {}
        for kolom, waarde in waarden.items():
            if kolom in self.refs:
                velden[self.attribuut(kolom)] = (
                    None if waarde is None else self.ctx.ids(self.refs[kolom])[waarde]
                )
            else:
                velden[self.attribuut(kolom)] = waarde
        return velden

    def instantie(self, waarden: dict[str, Any]) -> models.Model:
        return self.model(**self.attributen(waarden))

    def schrijf(self, nieuw, gewijzigd, bestaande, csvb: CsvBestand) -> None:
        nu = timezone.now()
        self.kopieer([(r.regel, self.attributen(r.waarden)) for r in nieuw])
        if self.definieert and nieuw:
            # COPY returns no ids: load the keys' ids once.
            self.ctx.ids(self.definieert).update(self.ctx._LADERS[self.definieert]())
        if gewijzigd:
            kolommen = [k for k in self.spec.kolommen if k in csvb.kolommen]
            velden = [self.attribuut(k) for k in kolommen]
            bij_te_werken = []
            extra: set[str] = set()
            for record in gewijzigd:
                oud = bestaande[record.sleutel]
                obj = self.instantie(record.waarden)
                obj.pk = oud[0]
                obj.gewijzigd_op = nu
                extra.update(self.extra_bij_update(obj, oud))
                bij_te_werken.append((record.regel, obj))
            self.bulk(bij_te_werken, velden=[*velden, "gewijzigd_op", *sorted(extra)])

    def kopieer(self, items: list[tuple[int, dict[str, Any]]]) -> None:
        """Insert new rows with PostgreSQL ``COPY`` in batches (fields not in the file get
        their model defaults). A failing batch is redone with ``bulk`` to find the line."""
        if not items:
            return
        velden = [f for f in self.model._meta.concrete_fields if not f.primary_key]
        nu = timezone.now()
        vast: dict[str, Any] = {}
        per_rij: dict[str, Callable[[], Any]] = {}
        for f in velden:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                vast[f.attname] = nu
            elif f.has_default() and callable(f.default):
                per_rij[f.attname] = f.default
            else:
                vast[f.attname] = f.get_default()
        json = {f.attname for f in velden if isinstance(f, models.JSONField)}
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(self.model._meta.db_table), ", ".join(quote(f.column) for f in velden)
        )
        namen = [f.attname for f in velden]
        for start in range(0, len(items), COPY_BATCH):
            deel = items[start : start + COPY_BATCH]
            try:
                with (
                    transaction.atomic(),
                    connection.cursor() as cursor,
                    connection.wrap_database_errors,
                    cursor.cursor.copy(sql) as copy,
                ):
                    for _regel, attrs in deel:
                        rij = []
                        for naam in namen:
                            if naam in attrs:
                                waarde = attrs[naam]
                            elif naam in per_rij:
                                waarde = per_rij[naam]()
                            else:
                                waarde = vast[naam]
                            if naam in json and waarde is not None:
                                waarde = Jsonb(waarde)
                            rij.append(waarde)
                        copy.write_row(rij)
            except (IntegrityError, DataError):
                self.bulk([(regel, self.model(**attrs)) for regel, attrs in deel])
            self.ctx.voortgang(self.naam, "schrijven", start + len(deel), len(items))

    def bulk(self, items: list[tuple[int, models.Model]], velden: list[str] | None = None):
        """``bulk_create`` (or ``bulk_update`` of ``velden``) in batches; database errors become
        problems on the right line."""
        manager = self.model.objects
        batch = BATCH if velden is None else BATCH // 2

        def schrijf(objs):
            if velden is None:
                manager.bulk_create(objs)
            else:
                manager.bulk_update(objs, velden)

        for start in range(0, len(items), batch):
            deel = items[start : start + batch]
            try:
                with transaction.atomic():
                    schrijf([obj for _regel, obj in deel])
            except (IntegrityError, DataError):
                for regel, obj in deel:
                    try:
                        with transaction.atomic():
                            schrijf([obj])
                    except (IntegrityError, DataError) as fout:
                        self.meld(regel, "-", databankfout_bericht(fout))
            self.ctx.voortgang(self.naam, "schrijven", start + len(deel), len(items))


def databankfout_bericht(fout: Exception) -> str:
    """A Dutch message for a database constraint violation (no personal data)."""
    diag = getattr(getattr(fout, "__cause__", None), "diag", None)
    constraint = getattr(diag, "constraint_name", None) or ""
    if constraint:
        return _("de databank weigert deze rij (beperking %s)") % constraint
    return _("de databank weigert deze rij")


# --- Files -----------------------------------------------------------------------------------


class GemeentenVerwerker(Verwerker):
    spec = spec_.GEMEENTEN
    model = Gemeente
    definieert = "gemeente"

    def lees(self, rij: Rij) -> None:
        def nis(waarde: str) -> str:
            if not (len(waarde) == 5 and waarde.isascii() and waarde.isdigit()):
                raise Ongeldig(_("een NIS-code bestaat uit 5 cijfers"))
            return waarde

        rij.veld("nis_code", nis, verplicht=True)
        rij.tekst("naam", max_lengte=100, verplicht=True)


def _gemeente_ref(rij: Rij, kolom: str = "gemeente") -> None:
    rij.ref(kolom, "gemeente", _l("onbekende gemeente '%s'"), verplicht=True)


def _client_ref(rij: Rij) -> None:
    rij.ref("client", "client", _l("onbekende cliënt '%s'"), verplicht=True)


class InwonersVerwerker(Verwerker):
    spec = spec_.INWONERS
    model = Inwoners
    velden = {"nis_code": "gemeente"}
    refs = {"nis_code": "gemeente"}
    lookups = {"nis_code": "gemeente__nis_code"}

    def lees(self, rij: Rij) -> None:
        _gemeente_ref(rij, "nis_code")
        rij.geheel("jaar", minimum=1900, maximum=2200, verplicht=True)
        rij.geheel("inwoners", minimum=1, verplicht=True)


class PartnersVerwerker(Verwerker):
    spec = spec_.PARTNERS
    model = Partner
    definieert = "partner"

    def lees(self, rij: Rij) -> None:
        rij.tekst("code", max_lengte=32, verplicht=True)
        rij.tekst("naam", max_lengte=200, verplicht=True)
        rij.code("soort", PartnerSoort, verplicht=True)


class OvereenkomstenVerwerker(Verwerker):
    spec = spec_.OVEREENKOMSTEN
    model = Overeenkomst
    refs = {"partner": "partner", "gemeente": "gemeente"}
    lookups = {"partner": "partner__code", "gemeente": "gemeente__nis_code"}

    def lees(self, rij: Rij) -> None:
        rij.ref("partner", "partner", _l("onbekende partner '%s'"), verplicht=True)
        _gemeente_ref(rij)
        rij.geheel("jaar", minimum=1900, maximum=2200, verplicht=True)
        rij.decimaal(
            "subsidie_eur", max_cijfers=12, decimalen=2, minimum=Decimal(0), verplicht=True
        )
        rij.geheel("capaciteit")
        rij.tekst("omschrijving", max_lengte=10_000)


class LapVerwerker(Verwerker):
    spec = spec_.LAP
    model = LapOvereenkomst
    refs = {"gemeente": "gemeente"}
    lookups = {"gemeente": "gemeente__nis_code"}

    def lees(self, rij: Rij) -> None:
        _gemeente_ref(rij)
        rij.datum("startdatum", verplicht=True)
        rij.datum("einddatum", verplicht=True)
        rij.einde_na_start("startdatum", "einddatum")
        rij.decimaal(
            "subsidie_eur", max_cijfers=12, decimalen=2, minimum=Decimal(0), verplicht=True
        )
        rij.geheel("referentie_leefloners")


class MedewerkersVerwerker(Verwerker):
    """Staff: a Django user (unusable password, active = ``actief``), a Medewerker profile and,
    when missing, the team within the gemeente."""

    spec = spec_.MEDEWERKERS
    model = Medewerker
    definieert = "medewerker"
    lookups = {
        "gebruikersnaam": "user__username",
        "voornaam": "user__first_name",
        "achternaam": "user__last_name",
        "email": "user__email",
        "gemeente": "gemeente__nis_code",
        "team": "team__naam",
    }

    def lees(self, rij: Rij) -> None:
        gebruikersnaam_validator = UnicodeUsernameValidator()
        email_validator = EmailValidator()

        def gebruikersnaam(waarde: str) -> str:
            try:
                gebruikersnaam_validator(waarde)
            except ValidationError:
                raise Ongeldig(
                    _("een gebruikersnaam bevat enkel letters, cijfers en @ . + - _")
                ) from None
            if len(waarde) > 150:
                raise Ongeldig(_("te lang (maximaal %d tekens)") % 150)
            return waarde

        def email(waarde: str) -> str:
            try:
                email_validator(waarde)
            except ValidationError:
                raise Ongeldig(_("'%s' is geen geldig e-mailadres") % waarde) from None
            if len(waarde) > 254:
                raise Ongeldig(_("te lang (maximaal %d tekens)") % 254)
            return waarde

        rij.veld("gebruikersnaam", gebruikersnaam, verplicht=True)
        rij.tekst("voornaam", max_lengte=150)
        rij.tekst("achternaam", max_lengte=150)
        rij.veld("email", email, leeg="")
        rij.code("rol", Rol, verplicht=True)
        _gemeente_ref(rij)
        rij.tekst("team", max_lengte=100, leeg=None)
        rij.decimaal(
            "vte",
            max_cijfers=3,
            decimalen=2,
            minimum=Decimal("0.1"),
            maximum=Decimal("1.0"),
            verplicht=True,
        )
        rij.veld("actief", parse_ja_nee, verplicht=True)

    def schrijf(self, nieuw, gewijzigd, bestaande, csvb: CsvBestand) -> None:
        User = get_user_model()
        records = [*nieuw, *gewijzigd]
        gemeente_ids = self.ctx.ids("gemeente")

        # Teams, created within their gemeente when missing.
        teams = {
            (nis, naam): pk
            for nis, naam, pk in Team.objects.values_list("gemeente__nis_code", "naam", "id")
        }
        nodig = sorted(
            {(r.waarden["gemeente"], r.waarden["team"]) for r in records if r.waarden.get("team")}
            - set(teams)
        )
        if nodig:
            nieuwe_teams = Team.objects.bulk_create(
                [Team(gemeente_id=gemeente_ids[nis], naam=naam) for nis, naam in nodig]
            )
            teams.update({k: t.pk for k, t in zip(nodig, nieuwe_teams, strict=True)})

        # Users: create or update (name, e-mail, active).
        gebruikers = {
            u.username: u for u in User.objects.filter(username__in=[r.sleutel[0] for r in records])
        }
        aan_te_maken, bij_te_werken = [], []
        for r in records:
            w = r.waarden
            user = gebruikers.get(r.sleutel[0])
            if user is None:
                user = User(username=r.sleutel[0], password=make_password(None))
                gebruikers[user.username] = user
                aan_te_maken.append((r.regel, user))
            else:
                bij_te_werken.append((r.regel, user))
            user.first_name = w.get("voornaam", user.first_name)
            user.last_name = w.get("achternaam", user.last_name)
            user.email = w.get("email", user.email)
            user.is_active = w["actief"]
        self._bulk_model(User, aan_te_maken)
        self._bulk_model(
            User, bij_te_werken, velden=["first_name", "last_name", "email", "is_active"]
        )

        profielen = dict(
            Medewerker.objects.filter(user__username__in=gebruikers).values_list(
                "user__username", "id"
            )
        )
        nieuwe, te_wijzigen = [], []
        for r in records:
            w = r.waarden
            user = gebruikers[r.sleutel[0]]
            if user.pk is None:
                continue  # reported
            obj = Medewerker(
                user_id=user.pk,
                rol=w["rol"],
                gemeente_id=gemeente_ids[w["gemeente"]],
                team_id=teams.get((w["gemeente"], w.get("team"))),
                vte=w["vte"],
                actief=w["actief"],
            )
            if r.sleutel[0] in profielen:
                obj.pk = profielen[r.sleutel[0]]
                obj.gewijzigd_op = timezone.now()
                te_wijzigen.append((r.regel, obj))
            else:
                nieuwe.append((r.sleutel[0], r.regel, obj))
        self.bulk([(regel, obj) for _n, regel, obj in nieuwe])
        ids = self.ctx.ids("medewerker")
        for naam, _regel, obj in nieuwe:
            if obj.pk is not None:
                ids[naam] = obj.pk
        self.bulk(
            te_wijzigen,
            velden=["rol", "gemeente_id", "team_id", "vte", "actief", "gewijzigd_op"],
        )

    def _bulk_model(self, model, items, velden=None) -> None:
        vorig, self.model = self.model, model
        try:
            self.bulk(items, velden)
        finally:
            self.model = vorig


class ClientenVerwerker(Verwerker):
    spec = spec_.CLIENTEN
    model = Client
    definieert = "client"
    refs = {"gemeente": "gemeente", "maatschappelijk_assistent": "medewerker"}
    lookups = {
        "gemeente": "gemeente__nis_code",
        "maatschappelijk_assistent": "maatschappelijk_assistent__user__username",
    }

    def bestaande(self) -> dict[tuple, tuple]:
        uit = {}
        lookups = ["id", *(self.lookups.get(k, k) for k in self.spec.kolommen), "versie"]
        for rij in Client.objects.values_list(*lookups).iterator(chunk_size=20000):
            uit[(rij[1],)] = rij
        return uit

    def extra_bij_update(self, obj, oud: tuple) -> list[str]:
        obj.versie = oud[-1] + 1
        return ["versie"]

    def lees(self, rij: Rij) -> None:
        rij.tekst("referentie", max_lengte=64, verplicht=True)
        _gemeente_ref(rij)

        def rrn(waarde: str) -> str:
            return rijksregisternummer_normalize(waarde)

        rij.veld("rijksregisternummer", rrn)
        rij.tekst("voornaam", max_lengte=100, verplicht=True)
        rij.tekst("achternaam", max_lengte=100, verplicht=True)
        rij.datum("geboortedatum")
        rij.code("geslacht", Geslacht)
        rij.ref("maatschappelijk_assistent", "medewerker", _l("onbekende medewerker '%s'"))
        nummer = rij.waarden.get("rijksregisternummer")
        if nummer:
            for bericht in rijksregisternummer_validate(
                nummer=nummer,
                geboortedatum=rij.waarden.get("geboortedatum"),
                geslacht=rij.waarden.get("geslacht"),
            ):
                rij.meld("rijksregisternummer", bericht)

    def controleer(self, records, bestaande) -> None:
        """A rijksregisternummer belongs to one client, as it will be after the import."""
        nummer_van = {oud[1]: oud[3] for oud in bestaande.values() if oud[3]}
        regel_van: dict[str, int] = {}
        for r in records:
            if "rijksregisternummer" in r.waarden:
                nummer_van[r.sleutel[0]] = r.waarden["rijksregisternummer"]
                regel_van[r.sleutel[0]] = r.regel
        houders: dict[str, list[str]] = defaultdict(list)
        for referentie, nummer in nummer_van.items():
            if nummer:
                houders[nummer].append(referentie)
        for referenties in houders.values():
            if len(referenties) < 2:
                continue
            referenties.sort(key=lambda ref: regel_van.get(ref, 0))
            eerste = referenties[0]
            for ref in referenties[1:]:
                if ref not in regel_van:
                    continue
                if eerste in regel_van:
                    bericht = _("dit rijksregisternummer staat ook op regel %d") % regel_van[eerste]
                else:
                    bericht = _("dit rijksregisternummer hoort al bij cliënt '%s'") % eerste
                self.meld(regel_van[ref], "rijksregisternummer", bericht)


def _overlap_controle(
    verwerker: Verwerker,
    groepen: dict[Any, list[tuple[datetime.date, datetime.date | None, int | None]]],
    kolom: str,
    bericht: str,
) -> None:
    """Report overlapping closed date ranges (``None`` end = ongoing) within each group.
    Entries are ``(start, end, line)``; line None = a database row not in the file."""
    for rijen in groepen.values():
        if len(rijen) < 2:
            continue
        rijen.sort(key=lambda x: (x[0], x[2] or 0))
        langste = rijen[0]
        for huidig in rijen[1:]:
            eind = langste[1]
            if eind is None or huidig[0] <= eind:
                regel = huidig[2] if huidig[2] is not None else langste[2]
                ander = langste if huidig[2] is not None else huidig
                if regel is not None:
                    waar = (
                        _("regel %d") % ander[2] if ander[2] is not None else _("al in de databank")
                    )
                    verwerker.meld(
                        regel,
                        kolom,
                        bericht % {"start": ander[0].isoformat(), "waar": waar},
                    )
            if eind is not None and (huidig[1] is None or huidig[1] > eind):
                langste = huidig


class UitkeringsperiodesVerwerker(Verwerker):
    spec = spec_.UITKERINGSPERIODES
    model = Uitkeringsperiode
    refs = {"client": "client"}
    lookups = {"client": "client__referentie"}

    def lees(self, rij: Rij) -> None:
        _client_ref(rij)
        rij.code("soort", UitkeringSoort, verplicht=True)
        rij.datum("startdatum", verplicht=True)
        rij.code("categorie", Categorie, verplicht=True)
        rij.datum("einddatum")
        rij.code("stopreden", Stopreden)
        rij.einde_na_start("startdatum", "einddatum")

    def controleer(self, records, bestaande) -> None:
        groepen: dict[tuple, list] = defaultdict(list)
        for r in records:
            periode = r.periode("startdatum", "einddatum")
            if periode is not None:
                groepen[r.sleutel[:2]].append((*periode, r.regel))
        in_bestand = {r.sleutel for r in records}
        for sleutel, oud in bestaande.items():
            groep = groepen.get(sleutel[:2])
            if groep is not None and sleutel not in in_bestand:
                groep.append((sleutel[2], oud[5], None))
        _overlap_controle(
            self,
            groepen,
            "startdatum",
            _("overlapt met de uitkeringsperiode van dezelfde soort vanaf %(start)s (%(waar)s)"),
        )


class TrajectenVerwerker(Verwerker):
    spec = spec_.TRAJECTEN
    model = Traject
    refs = {"client": "client", "partner": "partner"}
    lookups = {"client": "client__referentie", "partner": "partner__code"}

    def lees(self, rij: Rij) -> None:
        rij.tekst("referentie", max_lengte=64, verplicht=True)
        _client_ref(rij)
        rij.code("soort", TrajectSoort, verplicht=True)
        rij.ref("partner", "partner", _l("onbekende partner '%s'"))
        rij.code("status", TrajectStatus, verplicht=True)
        rij.datum("startdatum")
        rij.datum("einddatum_gepland")
        rij.datum("einddatum")
        rij.code("uitkomst", Uitkomst)
        rij.einde_na_start("startdatum", "einddatum")
        rij.einde_na_start("startdatum", "einddatum_gepland")
        status = rij.waarden.get("status")
        if not status:
            return
        gesloten = status in GESLOTEN_STATUSSEN
        if gesloten and "einddatum" in rij.waarden and rij.waarden["einddatum"] is None:
            rij.meld("einddatum", _("een traject met status '%s' heeft een einddatum") % status)
        if not gesloten and rij.waarden.get("einddatum") is not None:
            rij.meld("einddatum", _("een traject met status '%s' heeft geen einddatum") % status)
        if (
            status in (TrajectStatus.LOPEND, TrajectStatus.AFGEROND)
            and "startdatum" in rij.waarden
            and rij.waarden["startdatum"] is None
        ):
            rij.meld("startdatum", _("een traject met status '%s' heeft een startdatum") % status)
        if not gesloten and rij.waarden.get("uitkomst"):
            rij.meld(
                "uitkomst",
                _("een uitkomst kan enkel bij een afgerond of stopgezet traject"),
            )

    def controleer(self, records, bestaande) -> None:
        """No two art. 60 trajecten of one client overlap (as the exclusion constraint)."""
        groepen: dict[str, list] = defaultdict(list)
        for r in records:
            w = r.waarden
            periode = r.periode("startdatum", "einddatum")
            if w.get("soort") == TrajectSoort.ART60 and w.get("client") and periode is not None:
                groepen[w["client"]].append((*periode, r.regel))
        in_bestand = {r.sleutel for r in records}
        for sleutel, oud in bestaande.items():
            # oud: id, referentie, client, soort, partner, status, start, gepland, einde, uitkomst
            if sleutel in in_bestand or oud[3] != TrajectSoort.ART60 or oud[6] is None:
                continue
            groep = groepen.get(oud[2])
            if groep is not None:
                groep.append((oud[6], oud[8], None))
        _overlap_controle(
            self,
            groepen,
            "startdatum",
            _("overlapt met een ander art. 60-traject van deze cliënt vanaf %(start)s (%(waar)s)"),
        )


class WerkperiodesVerwerker(Verwerker):
    spec = spec_.WERKPERIODES
    model = Werkperiode
    refs = {"client": "client"}
    lookups = {"client": "client__referentie"}

    def lees(self, rij: Rij) -> None:
        _client_ref(rij)
        rij.datum("startdatum", verplicht=True)
        rij.tekst("werkgever", max_lengte=200, verplicht=True)
        rij.code("contracttype", Contracttype, verplicht=True)
        rij.datum("einddatum")
        rij.decimaal(
            "uren_per_week",
            max_cijfers=4,
            decimalen=1,
            groter_dan_nul=True,
            maximum=Decimal(60),
        )
        rij.einde_na_start("startdatum", "einddatum")


VERWERKERS: dict[str, type[Verwerker]] = {
    v.spec.naam: v
    for v in (
        GemeentenVerwerker,
        InwonersVerwerker,
        MedewerkersVerwerker,
        PartnersVerwerker,
        OvereenkomstenVerwerker,
        LapVerwerker,
        ClientenVerwerker,
        UitkeringsperiodesVerwerker,
        TrajectenVerwerker,
        WerkperiodesVerwerker,
    )
}


def importeer_map(
    map_pad: Path, resultaat: ImportResultaat, progress: VoortgangCallback | None
) -> None:
    """Import every file of the format present in ``map_pad`` (inside the caller's
    transaction). File names are matched case-insensitively."""
    lijst_cache_alles_ongeldig()  # the partner API's cached pages (after commit)
    aanwezig = {p.name.lower(): p for p in map_pad.iterdir() if p.is_file()}
    for naam in sorted(aanwezig):
        if naam.endswith(".csv") and naam not in spec_.BESTANDSNAMEN:
            resultaat.waarschuwingen.append(
                _("%s is geen bestand van het uitwisselingsformaat en werd overgeslagen")
                % aanwezig[naam].name
            )
    ctx = ImportContext(resultaat, progress)
    gevonden = False
    for spec in spec_.BESTANDEN:
        pad = aanwezig.get(spec.naam)
        if pad is None:
            continue
        gevonden = True
        bestand_resultaat = BestandResultaat(spec.naam)
        resultaat.bestanden.append(bestand_resultaat)
        csvb = lees_csv(pad, spec, resultaat.problemen)
        if csvb is None:
            continue
        VERWERKERS[spec.naam](ctx).verwerk(csvb, bestand_resultaat)
        resultaat.problemen.sort(key=lambda p: (_VOLGORDE.get(p.bestand, 99), p.regel))
    if not gevonden:
        resultaat.problemen.append(
            Probleem(
                str(map_pad),
                0,
                "-",
                _("geen enkel bestand van het uitwisselingsformaat gevonden (%s)")
                % ", ".join(s.naam for s in spec_.BESTANDEN),
            )
        )


_VOLGORDE = {spec.naam: i for i, spec in enumerate(spec_.BESTANDEN)}
