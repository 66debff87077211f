"""The indicator engine: runs the statements of ``sql.py`` and turns their counts into the
indicators of ../shared/spec/indicatoren.md (sections 1–7).

PostgreSQL does the counting (one statement for all requested months of a gemeente); Python
only rounds the handful of numbers per month with ``decimal``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from dateutil.relativedelta import relativedelta

from activering.constants import Rol
from activering.models import Gemeente, Inwoners, Medewerker
from rapportering.models import LapOvereenkomst
from trajecten.constants import Uitkomst

from . import sql
from .afronding import (
    als_tekst,
    lap_basis,
    lap_bijkomend_behaald_pct,
    lap_bijkomend_engagement,
    lap_prognose,
    lap_subsidie_behaald_pct,
    per_1000,
    percentage,
    quotient,
    round_half_up,
)
from .parameters import Parameters

# A counted validation blocks the client's next ones for this many days (section 4, rule 5).
HERHALING_DAGEN = 365

# Output keys, in the order of the spec (the JSON output sorts them anyway).
MAAND_CODES = (
    "leefloon_maand",
    "equivalent_leefloon_maand",
    "leefloon_per_1000",
    "equivalent_leefloon_per_1000",
    "duur_tot_1_jaar",
    "duur_tot_1_jaar_pct",
    "duur_1_tot_2_jaar",
    "duur_1_tot_2_jaar_pct",
    "duur_2_tot_4_jaar",
    "duur_2_tot_4_jaar_pct",
    "duur_meer_dan_4_jaar",
    "duur_meer_dan_4_jaar_pct",
    "instroom",
    "uitstroom_binnen_6_maanden_pct",
    "afhankelijk_na_12_maanden_pct",
    "afhankelijk_na_24_maanden_pct",
    "duurzame_uitstroom_maand",
    "duurzame_uitstroom_art60_maand",
    "art60_maand",
    "maatschappelijk_assistenten",
    "vte_maatschappelijk_assistenten",
    "actieve_clienten",
    "caseload_per_vte",
    "clienten_zonder_maatschappelijk_assistent",
)
JAAR_CODES = (
    "leefloon_jaar",
    "equivalent_leefloon_jaar",
    "instroom_jaar",
    "uitstroom_binnen_6_maanden_pct_jaar",
    "afhankelijk_na_12_maanden_pct_jaar",
    "afhankelijk_na_24_maanden_pct_jaar",
    "duurzame_uitstroom_periode",
    "art60_gemiddeld_jaar",
    "art60_doorstroom_pct",
)
UITKOMSTEN = tuple(Uitkomst.values)
PARTNER_CODES = (
    "deelnemers",
    "afgesloten",
    *(f"uitkomst_{code}{suffix}" for code in UITKOMSTEN for suffix in ("", "_pct")),
    "werk_pct",
    "ruimer_resultaat_pct",
    "kost_per_deelnemer",
    "kost_per_werkresultaat",
)


class OngeldigePeriode(ValueError):
    """A month, year or peildatum the engine cannot compute (message in Dutch)."""


@dataclass(frozen=True)
class Waarde:
    """One indicator value as output (int, exact decimal string or None) with its parts."""

    waarde: int | str | None
    teller: int | Decimal | None = None
    noemer: int | Decimal | None = None


def _aantal(n: int) -> Waarde:
    return Waarde(int(n), int(n), None)


def _pct(teller: int, noemer: int, gedefinieerd: bool = True) -> Waarde:
    if not gedefinieerd:
        return Waarde(None, None, None)
    return Waarde(percentage(teller, noemer), int(teller), int(noemer))


@dataclass
class MaandResultaat:
    maand: date
    peildatum: date
    voorlopig: bool  # the month is still running on the peildatum
    totaal: dict[str, Waarde]
    # (dimension type, dimension key) -> {code: Waarde}, e.g. ("medewerker", "12").
    dimensies: dict[tuple[str, str], dict[str, Waarde]] = field(default_factory=dict)


@dataclass
class JaarResultaat:
    jaar: int
    peildatum: date
    totaal: dict[str, Waarde]
    partners: dict[str, dict[str, Waarde]]


def waarden(indicatoren: dict[str, Waarde]) -> dict[str, int | str | None]:
    """``{code: Waarde}`` → ``{code: value}`` as in the output contract."""
    return {code: w.waarde for code, w in indicatoren.items()}


# --- Helpers ---------------------------------------------------------------------------------


def maand_einde(maand: date) -> date:
    return maand + relativedelta(months=1) - timedelta(days=1)


def _parameters_sql(gemeente: Gemeente, peildatum: date, par: Parameters) -> dict:
    return {
        "g": gemeente.pk,
        "p": peildatum,
        "gap": par.episode_gap_days,
        "terugblik": par.lap_leefloon_lookback_months,
        "venster": par.lap_window_months,
        "werkdagen": par.lap_worked_days,
        "uitgesloten": list(par.lap_excluded_contract_types),
        "herhaling": HERHALING_DAGEN,
    }


def _rijen(statement: str, parameters: dict) -> list[dict]:
    # JIT compilation costs more than it saves on these statements (~0.2 s each).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(statement, parameters)
        kolommen = [kolom.name for kolom in cursor.description]
        return [dict(zip(kolommen, rij, strict=True)) for rij in cursor.fetchall()]


def _staf(gemeente: Gemeente) -> tuple[int, Decimal]:
    totaal = Medewerker.objects.filter(
        gemeente=gemeente, rol=Rol.MAATSCHAPPELIJK_ASSISTENT, actief=True
    ).aggregate(aantal=Count("id"), vte=Sum("vte"))
    return totaal["aantal"], totaal["vte"] or Decimal("0")


def _controleer_maanden(maanden: Iterable[date], peildatum: date) -> list[date]:
    resultaat = []
    for maand in maanden:
        if maand.day != 1:
            raise OngeldigePeriode(_("Een maand begint op de eerste dag van de maand."))
        if maand > peildatum:
            raise OngeldigePeriode(
                _("De maand %(maand)s begint na de peildatum %(peildatum)s.")
                % {"maand": maand.strftime("%Y-%m"), "peildatum": peildatum.isoformat()}
            )
        resultaat.append(maand)
    return sorted(set(resultaat))


# --- Sections 1, 2, 3 (monthly cohort), 4, 5 (art60_maand) and 6 ------------------------------


def maand_indicatoren(
    *,
    gemeente: Gemeente,
    maanden: Sequence[date],
    peildatum: date,
    parameters: Parameters | None = None,
) -> dict[date, MaandResultaat]:
    """All monthly indicators for each month (first day) of ``maanden``, as known on
    ``peildatum``. Two statements, whatever the number of months."""
    par = parameters or Parameters.uit_settings()
    maanden = _controleer_maanden(maanden, peildatum)
    if not maanden:
        return {}
    params = {**_parameters_sql(gemeente, peildatum, par), "maanden": maanden}
    inwoners = dict(Inwoners.objects.filter(gemeente=gemeente).values_list("jaar", "inwoners"))
    aantal_ma, vte = _staf(gemeente)

    resultaten: dict[date, MaandResultaat] = {}
    for rij in _rijen(sql.maanden_sql(), params):
        maand = rij["m_start"]
        einde = maand_einde(maand)
        inw = inwoners.get(maand.year)
        populatie = rij["populatie"]
        instroom = rij["instroom"]

        def venster_voorbij(maanden_na: int, einde: date = einde) -> bool:
            return peildatum >= einde + relativedelta(months=maanden_na)

        totaal = {
            "leefloon_maand": _aantal(rij["leefloon"]),
            "equivalent_leefloon_maand": _aantal(rij["equivalent_leefloon"]),
            "leefloon_per_1000": Waarde(per_1000(rij["leefloon"], inw), rij["leefloon"], inw),
            "equivalent_leefloon_per_1000": Waarde(
                per_1000(rij["equivalent_leefloon"], inw), rij["equivalent_leefloon"], inw
            ),
        }
        for code, kolom in (
            ("duur_tot_1_jaar", "tot_1"),
            ("duur_1_tot_2_jaar", "van_1_tot_2"),
            ("duur_2_tot_4_jaar", "van_2_tot_4"),
            ("duur_meer_dan_4_jaar", "meer_dan_4"),
        ):
            totaal[code] = _aantal(rij[kolom])
            totaal[f"{code}_pct"] = _pct(rij[kolom], populatie)
        totaal |= {
            "instroom": _aantal(instroom),
            "uitstroom_binnen_6_maanden_pct": _pct(rij["uit_6"], instroom, venster_voorbij(6)),
            "afhankelijk_na_12_maanden_pct": _pct(rij["afh_12"], instroom, venster_voorbij(12)),
            "afhankelijk_na_24_maanden_pct": _pct(rij["afh_24"], instroom, venster_voorbij(24)),
            "duurzame_uitstroom_maand": _aantal(rij["duurzaam"]),
            "duurzame_uitstroom_art60_maand": _aantal(rij["duurzaam_art60"]),
            "art60_maand": _aantal(rij["art60"]),
            "maatschappelijk_assistenten": _aantal(aantal_ma),
            "vte_maatschappelijk_assistenten": Waarde(als_tekst(round_half_up(vte, 2)), vte),
            "actieve_clienten": _aantal(rij["actief"]),
            "caseload_per_vte": Waarde(quotient(rij["toegewezen"], vte, 1), rij["toegewezen"], vte),
            "clienten_zonder_maatschappelijk_assistent": _aantal(rij["zonder_ma"]),
        }
        resultaten[maand] = MaandResultaat(
            maand=maand, peildatum=peildatum, voorlopig=peildatum < einde, totaal=totaal
        )

    _caseload_dimensies(resultaten, params)
    return resultaten


def _caseload_dimensies(resultaten: dict[date, MaandResultaat], params: dict) -> None:
    """Caseload per active social worker and per team (of the social worker)."""
    teams: dict[tuple[date, str], dict[str, Decimal]] = {}
    for rij in _rijen(sql.caseload_per_medewerker_sql(), params):
        resultaat = resultaten[rij["m_start"]]
        resultaat.dimensies[("medewerker", str(rij["medewerker_id"]))] = {
            "actieve_clienten": _aantal(rij["actief"]),
            "vte_maatschappelijk_assistenten": Waarde(
                als_tekst(round_half_up(rij["vte"], 2)), rij["vte"]
            ),
            "caseload_per_vte": Waarde(
                quotient(rij["actief"], rij["vte"], 1), rij["actief"], rij["vte"]
            ),
        }
        if rij["team_id"] is not None:
            team = teams.setdefault(
                (rij["m_start"], str(rij["team_id"])),
                {"actief": Decimal(0), "vte": Decimal(0), "aantal": Decimal(0)},
            )
            team["actief"] += rij["actief"]
            team["vte"] += rij["vte"]
            team["aantal"] += 1
    for (maand, team_id), som in teams.items():
        resultaten[maand].dimensies[("team", team_id)] = {
            "maatschappelijk_assistenten": _aantal(int(som["aantal"])),
            "actieve_clienten": _aantal(int(som["actief"])),
            "vte_maatschappelijk_assistenten": Waarde(
                als_tekst(round_half_up(som["vte"], 2)), som["vte"]
            ),
            "caseload_per_vte": Waarde(
                quotient(som["actief"], som["vte"], 1), int(som["actief"]), som["vte"]
            ),
        }


# --- Year: sections 1, 3, 4, 5 and 7 ----------------------------------------------------------


def jaar_indicatoren(
    *, gemeente: Gemeente, jaar: int, peildatum: date, parameters: Parameters | None = None
) -> JaarResultaat:
    par = parameters or Parameters.uit_settings()
    jaar_start = date(jaar, 1, 1)
    if jaar_start > peildatum:
        raise OngeldigePeriode(
            _("Het jaar %(jaar)s begint na de peildatum %(peildatum)s.")
            % {"jaar": jaar, "peildatum": peildatum.isoformat()}
        )
    jaar_einde = date(jaar, 12, 31)
    params = {
        **_parameters_sql(gemeente, peildatum, par),
        "jaar": jaar,
        "jaar_start": jaar_start,
        "jaar_eind": min(jaar_einde, peildatum),
    }
    (rij,) = _rijen(sql.jaar_sql(), params)

    def venster_voorbij(maanden_na: int) -> bool:
        return peildatum >= jaar_einde + relativedelta(months=maanden_na)

    instroom = rij["instroom"]
    art60_maanden = rij["art60_maanden"]
    totaal = {
        "leefloon_jaar": _aantal(rij["leefloon"]),
        "equivalent_leefloon_jaar": _aantal(rij["equivalent_leefloon"]),
        "instroom_jaar": _aantal(instroom),
        "uitstroom_binnen_6_maanden_pct_jaar": _pct(rij["uit_6"], instroom, venster_voorbij(6)),
        "afhankelijk_na_12_maanden_pct_jaar": _pct(rij["afh_12"], instroom, venster_voorbij(12)),
        "afhankelijk_na_24_maanden_pct_jaar": _pct(rij["afh_24"], instroom, venster_voorbij(24)),
        "duurzame_uitstroom_periode": _aantal(rij["duurzaam"]),
        "art60_gemiddeld_jaar": Waarde(
            quotient(rij["art60_som"], art60_maanden, 1), rij["art60_som"], art60_maanden
        ),
        "art60_doorstroom_pct": _pct(rij["doorgestroomd"], rij["afgelopen"]),
    }
    return JaarResultaat(
        jaar=jaar,
        peildatum=peildatum,
        totaal=totaal,
        partners=partner_resultaten(gemeente=gemeente, jaar=jaar, peildatum=peildatum),
    )


def partner_resultaten(
    *, gemeente: Gemeente, jaar: int, peildatum: date
) -> dict[str, dict[str, Waarde]]:
    """Section 7 for every partner known to the installation, for the gemeente's clients."""
    params = {
        "g": gemeente.pk,
        "p": peildatum,
        "jaar": jaar,
        "jaar_start": date(jaar, 1, 1),
        "jaar_eind": min(date(jaar, 12, 31), peildatum),
    }
    resultaat: dict[str, dict[str, Waarde]] = {}
    for rij in _rijen(sql.partners_sql(UITKOMSTEN), params):
        deelnemers, afgesloten = rij["deelnemers"], rij["afgesloten"]
        subsidie = Decimal(rij["subsidie"])
        werk = rij["uitkomst_werk_3m_plus"] + rij["uitkomst_werk_tot_3m"]
        ruimer = werk + rij["uitkomst_opleiding"]
        waarden_partner = {"deelnemers": _aantal(deelnemers), "afgesloten": _aantal(afgesloten)}
        for code in UITKOMSTEN:
            aantal = rij[f"uitkomst_{code}"]
            waarden_partner[f"uitkomst_{code}"] = _aantal(aantal)
            waarden_partner[f"uitkomst_{code}_pct"] = _pct(aantal, afgesloten)
        waarden_partner |= {
            "werk_pct": _pct(werk, afgesloten),
            "ruimer_resultaat_pct": _pct(ruimer, afgesloten),
            "kost_per_deelnemer": Waarde(quotient(subsidie, deelnemers, 2), subsidie, deelnemers),
            "kost_per_werkresultaat": Waarde(quotient(subsidie, werk, 2), subsidie, werk),
        }
        resultaat[rij["code"]] = waarden_partner
    return resultaat


# --- Section 4.1: LAP agreements --------------------------------------------------------------


def lap_indicatoren(
    *, gemeente: Gemeente, peildatum: date, parameters: Parameters | None = None
) -> list[dict]:
    """One entry per LAP agreement of the gemeente, ordered by startdatum."""
    par = parameters or Parameters.uit_settings()
    overeenkomsten = list(
        LapOvereenkomst.objects.filter(gemeente=gemeente).order_by("startdatum", "id")
    )
    if not overeenkomsten:
        return []
    params = {
        **_parameters_sql(gemeente, peildatum, par),
        "ids": [o.pk for o in overeenkomsten],
        "refdagen": [date(o.startdatum.year - 1, 12, 31) for o in overeenkomsten],
        "van": [o.startdatum for o in overeenkomsten],
        "tot": [min(o.einddatum, peildatum) for o in overeenkomsten],
    }
    tellingen = {rij["id"]: rij for rij in _rijen(sql.lap_sql(), params)}
    resultaat = []
    for overeenkomst in overeenkomsten:
        telling = tellingen[overeenkomst.pk]
        referentie = (
            overeenkomst.referentie_leefloners
            if overeenkomst.referentie_leefloners is not None
            else telling["referentie"]
        )
        basis = lap_basis(referentie, par.lap_base_rate)
        bijkomend = lap_bijkomend_engagement(overeenkomst.subsidie_eur, par.lap_eur_per_extra)
        behaald = telling["resultaat"]
        behaald_pct = lap_bijkomend_behaald_pct(behaald, basis, bijkomend)
        resultaat.append(
            {
                "startdatum": overeenkomst.startdatum.isoformat(),
                "einddatum": overeenkomst.einddatum.isoformat(),
                "lap_referentie_leefloners": referentie,
                "lap_basis": basis,
                "lap_bijkomend_engagement": bijkomend,
                "lap_doel": basis + bijkomend,
                "lap_resultaat": behaald,
                "lap_bijkomend_behaald_pct": behaald_pct,
                "lap_subsidie_behaald_pct": lap_subsidie_behaald_pct(
                    behaald_pct, list(par.lap_payout_tiers)
                ),
                "lap_prognose": lap_prognose(
                    behaald, overeenkomst.startdatum, overeenkomst.einddatum, peildatum
                ),
            }
        )
    return resultaat
