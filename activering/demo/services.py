"""Writes of the demo data: ``demo_data_create`` builds a whole demo installation,
``demo_data_delete`` removes it again."""

from __future__ import annotations

import datetime
import random
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from activering.audit.services import audit_events_wissen
from activering.constants import Rol
from activering.models import AuditEvent, Gemeente, Inwoners, Medewerker, Team
from activering.services import statistieken_bijwerken
from clients.models import Client, Logboekitem, Uitkeringsperiode
from partners.api.cache import lijst_cache_alles_ongeldig
from partners.models import Overeenkomst, Partner
from rapportering.models import LapOvereenkomst
from trajecten.models import Traject, Werkperiode

from .generator import GemeenteSimulatie
from .laden import CopyTabel, ExclusiesUitgesteld, ids_reserveer
from .namen import naam_pool_maak
from .profielen import (
    DEMO_NIS_CODES,
    HOOFDGEMEENTE,
    KRINGWINKEL_OVEREENKOMST,
    PARTNERS,
    SCHALEN,
    GemeenteProfiel,
)
from .totp import demo_totp_apparaat_maak

STANDAARD_SEED = 20250527  # the date of the council's answer in the seeds
MECHELEN_ACTIEF = 1900  # (E)LL clients of Mechelen in a month, the default size
CASELOAD_DOEL = 72.5  # clients per FTE (70-75 in the seeds)

DEMO_ACCOUNTS = {
    # username: (role, first name, last name)
    "ma.demo": (Rol.MAATSCHAPPELIJK_ASSISTENT, "Lotte", "Janssens"),
    "teamleider.demo": (Rol.TEAMLEIDER, "Koen", "Van den Broeck"),
    "beheerder.demo": (Rol.BEHEERDER, "Ines", "Claes"),
    "analist.demo": (Rol.ANALIST, "Pieter", "Wouters"),
}

_LOGBOEK_TEKSTEN = {
    "gesprek": (
        "Opvolgingsgesprek: GPMI-afspraken overlopen en bijgestuurd.",
        "Gesprek over de zoektocht naar werk; cv samen bijgewerkt.",
        "Evaluatie van het GPMI: doelen voor het volgende kwartaal vastgelegd.",
        "Gesprek over de inschrijving bij VDAB en de volgende stappen.",
        "Budget en openstaande facturen besproken; doorverwezen naar schuldbemiddeling.",
    ),
    "telefoon": (
        "Telefonisch contact: afspraak verplaatst.",
        "Cliënt belde met een vraag over de uitbetaling van het leefloon.",
        "Telefonisch opgevolgd na afwezigheid op de afspraak.",
    ),
    "email": (
        "Attesten en loonfiches per e-mail ontvangen.",
        "Uitnodiging voor het volgende gesprek per e-mail verstuurd.",
    ),
    "huisbezoek": (
        "Huisbezoek in het kader van het sociaal onderzoek.",
        "Huisbezoek: woonsituatie en gezinssamenstelling nagekeken.",
    ),
    "overleg": (
        "Casusoverleg met de arbeidstrajectbegeleider over een art. 60-plaats.",
        "Overleg met de trajectpartner over de voortgang.",
    ),
}
_UITKOMST_TEKST = {
    "werk_3m_plus": "aan het werk (3 maanden of langer)",
    "werk_tot_3m": "aan het werk (korter dan 3 maanden)",
    "opleiding": "gestart met een opleiding",
    "andere_maatregel": "doorverwezen naar een andere maatregel",
    "stopzetting_leefloon": "leefloon stopgezet (werkbereidheid)",
    "afgehaakt": "afgehaakt",
    "overige": "afgesloten",
}


@dataclass
class DemoResultaat:
    aangemaakt: bool
    schaal: str
    peildatum: datetime.date
    seconden: float = 0.0
    aantallen: dict[str, int] = field(default_factory=dict)
    per_gemeente: dict[str, dict[str, int]] = field(default_factory=dict)
    bestaande_gemeente: str = ""


def demo_data_exists(*, schaal: str = "mechelen") -> Gemeente | None:
    nis_codes = [p.nis_code for p in SCHALEN[schaal]["gemeenten"]]
    return Gemeente.objects.filter(nis_code__in=nis_codes).order_by("nis_code").first()


# The tables the demo data fill in bulk (their planner statistics are refreshed afterwards).
GELADEN_MODELLEN = (Client, Uitkeringsperiode, Traject, Werkperiode, Logboekitem, Medewerker)


def demo_data_create(
    *,
    schaal: str = "mechelen",
    clienten: int | None = None,
    seed: int = STANDAARD_SEED,
    peildatum: datetime.date | None = None,
    opnieuw: bool = False,
    melding: Callable[[str], None] | None = None,
) -> DemoResultaat:
    """Build the demo installation of ``schaal`` ("mechelen" or "vlaanderen") in one
    transaction. ``clienten`` sets the size: the number of Mechelen's (E)LL clients in a
    month (default 1,900); the other gemeenten scale with it. Does nothing when the demo
    gemeenten exist already, unless ``opnieuw`` (then all demo data is wiped first).
    The same seed and peildatum always give the same data."""
    if schaal not in SCHALEN:
        raise ValueError(schaal)
    melding = melding or (lambda _tekst: None)
    peildatum = peildatum or timezone.localdate()
    begin = time.monotonic()
    resultaat = DemoResultaat(aangemaakt=False, schaal=schaal, peildatum=peildatum)
    config = SCHALEN[schaal]
    factor = (clienten or MECHELEN_ACTIEF) / MECHELEN_ACTIEF
    with transaction.atomic():
        lijst_cache_alles_ongeldig()  # the partner API's cached pages (after commit)
        bestaand = demo_data_exists(schaal=schaal)
        if bestaand is not None and not opnieuw:
            resultaat.bestaande_gemeente = str(bestaand)
            return resultaat
        if opnieuw:
            demo_data_delete()
        venster_start = datetime.date(peildatum.year - config["jaren"], 1, 1)
        partners = _partners()
        namen = naam_pool_maak(seed)
        wachtwoord = make_password(settings.DEMO_PASSWORD)
        gebruikersnamen = set(get_user_model().objects.values_list("username", flat=True))
        rrn_bezet = set(
            Client.objects.exclude(rijksregisternummer=None).values_list(
                "rijksregisternummer", flat=True
            )
        )
        # The GiST exclusion constraints are rebuilt once at the end (and check every row).
        with ExclusiesUitgesteld([Uitkeringsperiode, Traject]):
            _gemeenten_maak(
                config,
                factor,
                seed,
                venster_start,
                peildatum,
                partners,
                namen,
                wachtwoord,
                gebruikersnamen,
                rrn_bezet,
                resultaat,
                melding,
            )
        demo_totp_apparaat_maak()  # DEBUG only: beheerder.demo's second factor
    statistieken_bijwerken(modellen=GELADEN_MODELLEN)
    resultaat.aangemaakt = True
    resultaat.seconden = time.monotonic() - begin
    return resultaat


def _gemeenten_maak(
    config,
    factor,
    seed,
    venster_start,
    peildatum,
    partners,
    namen,
    wachtwoord,
    gebruikersnamen,
    rrn_bezet,
    resultaat,
    melding,
) -> None:
    """Simulate and load each gemeente of the scale in turn (memory stays per gemeente)."""
    for i, profiel in enumerate(config["gemeenten"]):
        gemeente_factor = factor
        if profiel.nis_code not in {p.nis_code for p in SCHALEN["mechelen"]["gemeenten"]}:
            gemeente_factor *= config["factor_andere"]
        t0 = time.monotonic()
        sim = GemeenteSimulatie(
            profiel=profiel,
            factor=gemeente_factor,
            venster_start=venster_start,
            eind=peildatum,
            seed=seed * 1000 + i,
            namen=namen,
            rrn_bezet=rrn_bezet,
        )
        sim.simuleer()
        sim.afwerken()
        gemeente = _gemeente(profiel, venster_start, peildatum, partners)
        rng = random.Random(seed * 1000 + i + 500)
        mas = _personeel(
            rng,
            profiel=profiel,
            gemeente=gemeente,
            factor=gemeente_factor,
            actief=sum(c.actief for c in sim.clients),
            wachtwoord=wachtwoord,
            gebruikersnamen=gebruikersnamen,
            namen=namen,
        )
        aantallen = _laad_clienten(rng, sim, gemeente, mas, partners, peildatum)
        resultaat.per_gemeente[profiel.naam] = aantallen
        for sleutel, waarde in aantallen.items():
            resultaat.aantallen[sleutel] = resultaat.aantallen.get(sleutel, 0) + waarde
        melding(
            f"{profiel.naam}: {aantallen['clienten']} cliënten, "
            f"{aantallen['uitkeringsperiodes']} uitkeringsperiodes, "
            f"{aantallen['trajecten']} trajecten ({time.monotonic() - t0:.1f} s)"
        )


def demo_cijfers_bereken(*, peildatum: datetime.date | None = None) -> list[str]:
    """Store the dashboard figures of every demo gemeente for the dashboard's default period
    (what the nightly and monthly jobs of a real installation would have stored), so that the
    demo dashboard is served from snapshots from the first visit. Returns the NIS codes."""
    from dateutil.relativedelta import relativedelta

    from rapportering.forms import STANDAARD_MAANDEN
    from rapportering.services import indicatoren_dashboard_bereken

    peildatum = peildatum or timezone.localdate()
    tot = peildatum.replace(day=1)
    van = tot - relativedelta(months=STANDAARD_MAANDEN - 1)
    nis_codes = []
    for gemeente in Gemeente.objects.filter(nis_code__in=DEMO_NIS_CODES).order_by("nis_code"):
        indicatoren_dashboard_bereken(gemeente=gemeente, van=van, tot=tot, peildatum=peildatum)
        nis_codes.append(gemeente.nis_code)
    return nis_codes


def demo_data_delete() -> dict[str, int]:
    """Remove every demo gemeente with its clients, staff, agreements and the demo accounts.
    Audit events of demo staff go too (they were demo activity). Partners stay."""
    lijst_cache_alles_ongeldig()  # the partner API's cached pages (after commit)
    gemeenten = Gemeente.objects.filter(nis_code__in=DEMO_NIS_CODES)
    clienten = Client.objects.filter(gemeente__in=gemeenten)
    geteld: dict[str, int] = {}
    # Children first, with set-based deletes where nothing depends on them.
    geteld["logboek"] = Logboekitem.objects.filter(client__in=clienten).delete()[0]
    geteld["uitkeringsperiodes"] = Uitkeringsperiode.objects.filter(client__in=clienten).delete()[0]
    geteld["trajecten"] = Traject.objects.filter(client__in=clienten).delete()[0]
    geteld["werkperiodes"] = Werkperiode.objects.filter(client__in=clienten).delete()[0]
    geteld["clienten"] = clienten.delete()[0]
    gebruikers = get_user_model().objects.filter(medewerker__gemeente__in=gemeenten) | (
        get_user_model().objects.filter(username__in=DEMO_ACCOUNTS)
    )
    # The audit table refuses DELETE except through this service (it records the deletion).
    audit_events_wissen(
        events=AuditEvent.objects.filter(gebruiker__in=gebruikers), reden="demodata"
    )
    geteld["gebruikers"] = (
        get_user_model().objects.filter(pk__in=gebruikers.values("pk")).delete()[0]
    )
    Medewerker.objects.filter(gemeente__in=gemeenten).delete()
    Team.objects.filter(gemeente__in=gemeenten).delete()
    Overeenkomst.objects.filter(gemeente__in=gemeenten).delete()
    LapOvereenkomst.objects.filter(gemeente__in=gemeenten).delete()
    geteld["gemeenten"] = gemeenten.delete()[0]
    return geteld


# ---- helpers ---------------------------------------------------------------------------------
def _partners() -> dict[str, Partner]:
    partners = {}
    for code, (naam, soort) in PARTNERS.items():
        partner, _ = Partner.objects.get_or_create(
            code=code, defaults={"naam": naam, "soort": soort}
        )
        partners[code] = partner
    return partners


def _inwoners(profiel: GemeenteProfiel, jaar: int) -> int:
    if jaar in profiel.inwoners_per_jaar:
        return profiel.inwoners_per_jaar[jaar]
    return round(profiel.inwoners * (1 + 0.004 * (jaar - 2024)))


def _gemeente(profiel, venster_start, peildatum, partners) -> Gemeente:
    gemeente = Gemeente.objects.create(nis_code=profiel.nis_code, naam=profiel.naam)
    Inwoners.objects.bulk_create(
        Inwoners(gemeente=gemeente, jaar=jaar, inwoners=_inwoners(profiel, jaar))
        for jaar in range(venster_start.year, peildatum.year + 1)
    )
    LapOvereenkomst.objects.bulk_create(
        LapOvereenkomst(
            gemeente=gemeente,
            startdatum=lap.startdatum,
            einddatum=lap.einddatum,
            subsidie_eur=lap.subsidie_eur,
            referentie_leefloners=lap.referentie_leefloners,
        )
        for lap in profiel.laps
    )
    overeenkomsten = {}
    for programma in profiel.programmas:
        if programma.subsidie_eur is None:
            continue
        schaal = max(1.0, profiel.leefloon / 3000)  # the big cities buy more places
        for jaar in range(max(programma.vanaf.year, venster_start.year), peildatum.year + 1):
            overeenkomsten[(programma.partner, jaar)] = Overeenkomst(
                partner=partners[programma.partner],
                gemeente=gemeente,
                jaar=jaar,
                subsidie_eur=(programma.subsidie_eur * Decimal(schaal)).quantize(Decimal("0.01")),
                capaciteit=round((programma.capaciteit or 0) * schaal) or None,
                omschrijving=programma.omschrijving,
            )
    if profiel.nis_code == HOOFDGEMEENTE.nis_code:
        subsidie, capaciteit, omschrijving = KRINGWINKEL_OVEREENKOMST
        for jaar in range(venster_start.year, peildatum.year + 1):
            overeenkomsten[("KRINGWINKEL", jaar)] = Overeenkomst(
                partner=partners["KRINGWINKEL"],
                gemeente=gemeente,
                jaar=jaar,
                subsidie_eur=subsidie,
                capaciteit=capaciteit,
                omschrijving=omschrijving,
            )
    Overeenkomst.objects.bulk_create(overeenkomsten.values())
    return gemeente


def _ascii(tekst: str) -> str:
    tekst = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(ch for ch in tekst.lower() if ch.isalnum())


def _gebruikersnaam(voornaam: str, achternaam: str, bezet: set[str]) -> str:
    basis = f"{_ascii(voornaam)}.{_ascii(achternaam)}"
    naam, i = basis, 1
    while naam in bezet:
        i += 1
        naam = f"{basis}{i}"
    bezet.add(naam)
    return naam


def _vte_verdeling(rng: random.Random, n: int, doel: float, vast: int) -> list[Decimal]:
    """FTEs of 0.5-1.0 for ``n`` social workers summing to about ``doel``; the first
    ``vast`` keep 1.0."""
    tienden = [10] * vast + [rng.choice((5, 6, 8, 8, 9, 10, 10)) for _ in range(n - vast)]
    doel_tienden = round(doel * 10)
    for _ in range(2000):
        verschil = sum(tienden) - doel_tienden
        if verschil == 0:
            break
        i = rng.randrange(vast, n) if n > vast else None
        if i is None:
            break
        if verschil > 0 and tienden[i] > 5:
            tienden[i] -= 1
        elif verschil < 0 and tienden[i] < 10:
            tienden[i] += 1
    return [Decimal(t) / 10 for t in tienden]


def _personeel(
    rng, *, profiel, gemeente, factor, actief, wachtwoord, gebruikersnamen, namen
) -> list[Medewerker]:
    """Teams, social workers (FTEs so that the caseload is 70-75 per FTE) and team leads;
    the demo accounts in the main gemeente. Returns the social workers."""
    User = get_user_model()
    hoofd = profiel.nis_code == HOOFDGEMEENTE.nis_code
    if profiel.maatschappelijk_assistenten:
        aantal = max(2, round(profiel.maatschappelijk_assistenten * factor))
    else:
        aantal = max(1, round(actief / CASELOAD_DOEL / 0.8))
    teamnamen = profiel.teams or (f"Sociale dienst {profiel.naam}",)
    teamnamen = teamnamen[: max(1, min(len(teamnamen), aantal // 2))]
    teams = Team.objects.bulk_create(Team(gemeente=gemeente, naam=naam) for naam in teamnamen)
    vtes = _vte_verdeling(rng, aantal, actief * 0.99 / CASELOAD_DOEL, 1 if hoofd else 0)
    domein = f"{_ascii(profiel.naam)}.example"

    gebruikers, profielen = [], []

    def nieuw(username, voornaam, achternaam, rol, team, vte, *, demo=False):
        gebruikers.append(
            User(
                username=username,
                first_name=voornaam,
                last_name=achternaam,
                email=f"{username}@{domein}",
                password=wachtwoord if demo else make_password(None),
                is_staff=rol == Rol.BEHEERDER,
                is_superuser=rol == Rol.BEHEERDER,
            )
        )
        profielen.append(Medewerker(rol=rol, gemeente=gemeente, team=team, vte=vte, actief=True))

    def naam():
        geslacht = rng.choice("mv")
        voornaam, achternaam = namen.naam(rng, herkomst="be", geslacht=geslacht)
        if rng.random() < 0.12:
            voornaam, achternaam = namen.naam(rng, herkomst="ma", geslacht=geslacht)
        return voornaam, achternaam

    for i in range(aantal):
        team = teams[i % len(teams)]
        if hoofd and i == 0:
            rol, voornaam, achternaam = DEMO_ACCOUNTS["ma.demo"]
            nieuw("ma.demo", voornaam, achternaam, rol, team, vtes[i], demo=True)
        else:
            voornaam, achternaam = naam()
            username = _gebruikersnaam(voornaam, achternaam, gebruikersnamen)
            nieuw(username, voornaam, achternaam, Rol.MAATSCHAPPELIJK_ASSISTENT, team, vtes[i])
    for j, team in enumerate(teams):
        if hoofd and j == 0:
            rol, voornaam, achternaam = DEMO_ACCOUNTS["teamleider.demo"]
            nieuw("teamleider.demo", voornaam, achternaam, rol, team, Decimal("1.0"), demo=True)
        else:
            voornaam, achternaam = naam()
            username = _gebruikersnaam(voornaam, achternaam, gebruikersnamen)
            nieuw(username, voornaam, achternaam, Rol.TEAMLEIDER, team, Decimal("1.0"))
    if hoofd:
        for username in ("beheerder.demo", "analist.demo"):
            rol, voornaam, achternaam = DEMO_ACCOUNTS[username]
            nieuw(username, voornaam, achternaam, rol, None, Decimal("1.0"), demo=True)
    gebruikers = User.objects.bulk_create(gebruikers)
    for gebruiker, medewerker in zip(gebruikers, profielen, strict=True):
        medewerker.user = gebruiker
    profielen = Medewerker.objects.bulk_create(profielen)
    return profielen[:aantal]


def _verdeel(rng, clients, mas: list[Medewerker]) -> None:
    """Give active clients a social worker in proportion to FTE (1 % stays without one, as
    new intakes do); recently left clients keep one, closed dossiers have none."""
    actief = [c for c in clients if c.actief]
    rng.shuffle(actief)
    zonder = round(len(actief) * 0.01)
    te_verdelen = len(actief) - zonder
    totaal = sum(m.vte for m in mas)
    quota = [float(m.vte / totaal) * te_verdelen for m in mas]
    aantallen = [int(q) for q in quota]
    rest = sorted(range(len(mas)), key=lambda i: quota[i] - aantallen[i], reverse=True)
    for i in rest[: te_verdelen - sum(aantallen)]:
        aantallen[i] += 1
    pos = zonder
    for ma, n in zip(mas, aantallen, strict=True):
        for c in actief[pos : pos + n]:
            c.ma_id = ma.pk
        pos += n
    for c in actief[:zonder]:
        c.ma_id = None
    gewichten = [float(m.vte) for m in mas]
    for c in clients:
        if not c.actief:
            c.ma_id = rng.choices(mas, gewichten)[0].pk if c.recent else None


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _laad_clienten(rng, sim: GemeenteSimulatie, gemeente, mas, partners, peildatum) -> dict:
    clients = sim.clients
    _verdeel(rng, clients, mas)
    eerste_id = ids_reserveer(Client, len(clients))
    for i, c in enumerate(clients):
        c.id = eerste_id + i
    profiel = sim.profiel
    client_rijen = (
        (
            c.id,
            c.referentie,
            _uuid(rng),
            gemeente.pk,
            c.rijksregisternummer,
            c.voornaam,
            c.achternaam,
            c.geboortedatum,
            c.geslacht,
            c.taal,
            c.telefoon,
            c.email,
            c.straat,
            profiel.postcode,
            profiel.naam,
            c.huishouden,
            c.ma_id,
            c.drempels,
            c.vdab_datum is not None,
            c.vdab_datum,
            c.afgesloten_op,
        )
        for c in clients
    )
    aantallen = {}
    aantallen["clienten"] = CopyTabel(
        Client,
        [
            "id",
            "referentie",
            "pseudoniem",
            "gemeente_id",
            "rijksregisternummer",
            "voornaam",
            "achternaam",
            "geboortedatum",
            "geslacht",
            "taal",
            "telefoon",
            "email",
            "straat",
            "postcode",
            "woonplaats",
            "huishouden",
            "maatschappelijk_assistent_id",
            "drempels",
            "vdab_ingeschreven",
            "vdab_inschrijvingsdatum",
            "afgesloten_op",
        ],
    ).schrijf(client_rijen)
    aantallen["uitkeringsperiodes"] = CopyTabel(
        Uitkeringsperiode,
        ["client_id", "soort", "categorie", "startdatum", "einddatum", "stopreden"],
    ).schrijf((c.id, *p) for c in clients for p in c.periodes)

    partner_ids = {code: p.pk for code, p in partners.items()}
    teller = [0]

    def traject_rijen():
        for c in clients:
            for t in c.trajecten:
                teller[0] += 1
                yield (
                    _uuid(rng),
                    f"TRJ-{profiel.nis_code}-{teller[0]:07d}",
                    c.id,
                    t.soort,
                    partner_ids.get(t.partner) if t.partner else None,
                    t.status,
                    t.aanmelddatum,
                    t.startdatum,
                    t.gepland,
                    t.einddatum,
                    t.uitkomst,
                    c.ma_id,
                    t.werkplek,
                    t.werkplek_naam,
                    Decimal(str(t.uren)) if t.uren is not None else None,
                    t.twe,
                    t.omschrijving,
                )

    aantallen["trajecten"] = CopyTabel(
        Traject,
        [
            "uuid",
            "referentie",
            "client_id",
            "soort",
            "partner_id",
            "status",
            "aanmelddatum",
            "startdatum",
            "einddatum_gepland",
            "einddatum",
            "uitkomst",
            "verwijzer_id",
            "werkplek",
            "werkplek_naam",
            "uren_per_week",
            "twe",
            "omschrijving",
        ],
    ).schrijf(traject_rijen())
    aantallen["werkperiodes"] = CopyTabel(
        Werkperiode,
        [
            "client_id",
            "startdatum",
            "einddatum",
            "werkgever",
            "contracttype",
            "uren_per_week",
            "bron_partner_id",
        ],
    ).schrijf(
        (
            c.id,
            s,
            e,
            werkgever,
            contract,
            Decimal(str(uren)) if uren is not None else None,
            partner_ids.get(bron) if bron else None,
        )
        for c in clients
        for s, e, werkgever, contract, uren, bron in c.werk
    )
    aantallen["logboekitems"] = CopyTabel(
        Logboekitem, ["client_id", "datum", "soort", "tekst", "auteur_id", "partner_id"]
    ).schrijf(_logboek(rng, clients, partner_ids, peildatum))
    return aantallen


def _logboek(rng, clients, partner_ids, peildatum):
    soorten = list(_LOGBOEK_TEKSTEN)
    gewichten = [5, 3, 2, 1, 1]
    for c in clients:
        if c.actief and c.ma_id:
            for _ in range(rng.randint(1, 4)):
                soort = rng.choices(soorten, gewichten)[0]
                yield (
                    c.id,
                    peildatum - datetime.timedelta(days=rng.randint(0, 120)),
                    soort,
                    rng.choice(_LOGBOEK_TEKSTEN[soort]),
                    c.ma_id,
                    None,
                )
        for t in c.trajecten:
            if (
                t.partner in ("JOBROAD", "DUO", "COSEARCH", "ACCENT")
                and t.einddatum is not None
                and (peildatum - t.einddatum).days <= 180
            ):
                yield (
                    c.id,
                    t.einddatum,
                    "partnermelding",
                    f"Traject afgesloten: {_UITKOMST_TEKST.get(t.uitkomst, 'afgesloten')}.",
                    None,
                    partner_ids[t.partner],
                )
