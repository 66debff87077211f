"""The SQL of the indicator engine: set-based, one gemeente and many months per statement.

Conventions inside every statement (parameters are psycopg named parameters):

- ``%(g)s`` is the gemeente id, ``%(p)s`` the peildatum ``P``.
- Periods starting after ``P`` are dropped; an end after ``P`` or empty becomes
  ``'infinity'`` (ongoing). Comparisons with ``infinity`` then do the right thing.
- Month and year arithmetic uses ``date + interval``, which clamps month ends the way
  ``dateutil.relativedelta`` does (2024-01-31 + 1 month = 2024-02-29,
  2024-02-29 - 1 year = 2023-02-28).
- A month row ``m`` has ``m_start`` (first day) and ``d``: its last day, or ``P`` when the
  month is still running on ``P`` (provisional figures).
"""

from __future__ import annotations

import re
from functools import cache

from django.apps import apps


@cache
def _tabellen() -> dict[str, str]:
    def tabel(label: str) -> str:
        return apps.get_model(label)._meta.db_table

    return {
        "client": tabel("clients.Client"),
        "uitkeringsperiode": tabel("clients.Uitkeringsperiode"),
        "traject": tabel("trajecten.Traject"),
        "werkperiode": tabel("trajecten.Werkperiode"),
        "medewerker": tabel("activering.Medewerker"),
        "partner": tabel("partners.Partner"),
        "overeenkomst": tabel("partners.Overeenkomst"),
    }


def _sql(tekst: str) -> str:
    for naam, tabel in _tabellen().items():
        tekst = tekst.replace("{" + naam + "}", tabel)
    return tekst


# --- Building blocks (CTEs) ------------------------------------------------------------------

# (E)LL periods of the gemeente's clients as known on P.
CTE_UP = """
up AS MATERIALIZED (
    SELECT u.client_id, u.soort, u.startdatum AS s,
           CASE WHEN u.einddatum IS NULL OR u.einddatum > %(p)s THEN 'infinity'::date
                ELSE u.einddatum END AS e
    FROM {uitkeringsperiode} u
    JOIN {client} c ON c.id = u.client_id
    WHERE c.gemeente_id = %(g)s AND u.startdatum <= %(p)s
)"""

# Started trajecten (status not 'aangemeld') of the gemeente's clients as known on P.
CTE_TR = """
tr AS MATERIALIZED (
    SELECT t.client_id, t.soort, t.startdatum AS s,
           CASE WHEN t.einddatum IS NULL OR t.einddatum > %(p)s THEN 'infinity'::date
                ELSE t.einddatum END AS e
    FROM {traject} t
    JOIN {client} c ON c.id = t.client_id
    WHERE c.gemeente_id = %(g)s AND t.status <> 'aangemeld'
      AND t.startdatum IS NOT NULL AND t.startdatum <= %(p)s
)"""

# Episodes: "gaps and islands" over a client's (E)LL periods. A period opens a new episode when
# it starts more than EPISODE_GAP_DAYS after the latest end seen so far (overlaps merge).
# Ordering on (s, e, soort) is unique per client, so both window passes see the same order.
CTE_EPISODES = """
ep_vorig AS (
    SELECT client_id, soort, s, e,
           MAX(e) OVER (PARTITION BY client_id ORDER BY s, e, soort
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS vorige_e
    FROM up
),
ep_nr AS (
    SELECT client_id, s, e,
           SUM(CASE WHEN vorige_e IS NULL OR s > vorige_e + %(gap)s THEN 1 ELSE 0 END)
               OVER (PARTITION BY client_id ORDER BY s, e, soort ROWS UNBOUNDED PRECEDING) AS nr
    FROM ep_vorig
),
episodes AS MATERIALIZED (
    SELECT client_id, MIN(s) AS s, MAX(e) AS e
    FROM ep_nr
    GROUP BY client_id, nr
)"""

# Sustainable outflow (section 4): work starts, worked days in the window as a multirange
# (overlapping spells count once), the validation day v (the day the N-th worked day falls on),
# and the 365-day rule as a recursive walk over each client's validations in date order.
CTE_VALIDATIES = """
wp AS MATERIALIZED (
    SELECT w.client_id, w.startdatum AS s,
           LEAST(COALESCE(w.einddatum, %(p)s::date), %(p)s::date) AS e, w.contracttype
    FROM {werkperiode} w
    JOIN {client} c ON c.id = w.client_id
    WHERE c.gemeente_id = %(g)s AND w.startdatum <= %(p)s
      AND NOT (w.contracttype = ANY(%(uitgesloten)s::text[]))
),
gewerkt AS (
    SELECT client_id, range_agg(daterange(s, e, '[]')) AS dagen
    FROM wp
    GROUP BY client_id
),
werkstarts AS (
    SELECT wp.client_id, wp.s, bool_or(wp.contracttype = 'art60') AS art60
    FROM wp
    WHERE EXISTS (
        SELECT 1 FROM up
        WHERE up.client_id = wp.client_id AND up.s <= wp.s
          AND up.e >= (wp.s - make_interval(months => %(terugblik)s))::date
    )
    GROUP BY wp.client_id, wp.s
),
werkstukken AS (
    SELECT ws.client_id, ws.s, ws.art60, r.stuk
    FROM werkstarts ws
    JOIN gewerkt gw ON gw.client_id = ws.client_id
    CROSS JOIN LATERAL unnest(
        gw.dagen * datemultirange(daterange(
            ws.s,
            LEAST((ws.s + make_interval(months => %(venster)s) - interval '1 day')::date,
                  %(p)s::date),
            '[]'))
    ) AS r(stuk)
),
werkcumul AS (
    SELECT client_id, s, art60, stuk, upper(stuk) - lower(stuk) AS lengte,
           SUM(upper(stuk) - lower(stuk))
               OVER (PARTITION BY client_id, s ORDER BY lower(stuk)) AS tot_en_met
    FROM werkstukken
),
validaties AS (
    SELECT client_id, s, art60,
           lower(stuk) + (%(werkdagen)s - (tot_en_met - lengte))::int - 1 AS v
    FROM werkcumul
    WHERE tot_en_met >= %(werkdagen)s AND tot_en_met - lengte < %(werkdagen)s
),
vnum AS MATERIALIZED (
    SELECT client_id, s, art60, v,
           ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY v, s) AS rn
    FROM validaties
),
telling AS (
    SELECT client_id, rn, v, s, art60, v AS laatste, TRUE AS telt
    FROM vnum WHERE rn = 1
    UNION ALL
    SELECT n.client_id, n.rn, n.v, n.s, n.art60,
           CASE WHEN n.v - t.laatste >= %(herhaling)s THEN n.v ELSE t.laatste END,
           n.v - t.laatste >= %(herhaling)s
    FROM telling t
    JOIN vnum n ON n.client_id = t.client_id AND n.rn = t.rn + 1
),
geteld AS MATERIALIZED (
    SELECT client_id, v, s, art60 FROM telling WHERE telt
)"""

CTE_MAANDEN = """
m AS (
    SELECT maand AS m_start,
           LEAST((maand + interval '1 month' - interval '1 day')::date, %(p)s::date) AS d
    FROM unnest(%(maanden)s::date[]) AS t(maand)
)"""


# --- Statements ------------------------------------------------------------------------------


@cache
def maanden_sql() -> str:
    """One row per month: every count of sections 1, 2, 3 (monthly cohort), 4, 5 and 6."""
    return _sql(
        "WITH RECURSIVE"  # noqa: S608 (constant SQL text, values are bound parameters)
        + ",".join([CTE_MAANDEN, CTE_UP, CTE_TR, CTE_EPISODES, CTE_VALIDATIES])
        + """,
stock AS (
    SELECT m.m_start,
           COUNT(DISTINCT up.client_id) FILTER (WHERE up.soort = 'leefloon') AS leefloon,
           COUNT(DISTINCT up.client_id) FILTER (WHERE up.soort = 'equivalent_leefloon')
               AS equivalent_leefloon
    FROM m LEFT JOIN up ON up.s <= m.d AND up.e >= m.m_start
    GROUP BY m.m_start
),
ll_op_d AS (
    SELECT DISTINCT m.m_start, m.d, up.client_id
    FROM m JOIN up ON up.soort = 'leefloon' AND up.s <= m.d AND up.e >= m.d
),
duur AS (
    SELECT m.m_start,
           COUNT(ep.client_id) AS populatie,
           COUNT(ep.client_id) FILTER (WHERE ep.s > (m.d - interval '1 year')::date) AS tot_1,
           COUNT(ep.client_id) FILTER (WHERE ep.s > (m.d - interval '2 years')::date
                                         AND ep.s <= (m.d - interval '1 year')::date)
               AS van_1_tot_2,
           COUNT(ep.client_id) FILTER (WHERE ep.s > (m.d - interval '4 years')::date
                                         AND ep.s <= (m.d - interval '2 years')::date)
               AS van_2_tot_4,
           COUNT(ep.client_id) FILTER (WHERE ep.s <= (m.d - interval '4 years')::date)
               AS meer_dan_4
    FROM m
    LEFT JOIN (
        ll_op_d l JOIN episodes ep
          ON ep.client_id = l.client_id AND ep.s <= l.d AND ep.e >= l.d
    ) ON l.m_start = m.m_start
    GROUP BY m.m_start
),
cohort AS (
    SELECT m.m_start,
           COUNT(ep.client_id) AS instroom,
           COUNT(ep.client_id) FILTER (WHERE ep.e <= (ep.s + interval '6 months')::date) AS uit_6,
           COUNT(ep.client_id) FILTER (WHERE ep.e > (ep.s + interval '12 months')::date) AS afh_12,
           COUNT(ep.client_id) FILTER (WHERE ep.e > (ep.s + interval '24 months')::date) AS afh_24
    FROM m LEFT JOIN episodes ep ON ep.s BETWEEN m.m_start AND m.d
    GROUP BY m.m_start
),
art60 AS (
    SELECT m.m_start, COUNT(DISTINCT tr.client_id) AS art60
    FROM m LEFT JOIN tr ON tr.soort = 'art60' AND tr.s <= m.d AND tr.e >= m.m_start
    GROUP BY m.m_start
),
actief AS (
    SELECT DISTINCT m.m_start, x.client_id
    FROM m
    JOIN (SELECT client_id, s, e FROM up UNION ALL SELECT client_id, s, e FROM tr) x
      ON x.s <= m.d AND x.e >= m.d
),
cl AS MATERIALIZED (
    SELECT c.id AS client_id,
           c.maatschappelijk_assistent_id IS NULL AS zonder_ma,
           ma.id IS NOT NULL AS toegewezen
    FROM {client} c
    LEFT JOIN {medewerker} ma
      ON ma.id = c.maatschappelijk_assistent_id AND ma.actief
     AND ma.rol = 'maatschappelijk_assistent' AND ma.gemeente_id = %(g)s
    WHERE c.gemeente_id = %(g)s
),
caseload AS (
    SELECT m.m_start,
           COUNT(a.client_id) AS actief,
           COUNT(a.client_id) FILTER (WHERE cl.zonder_ma) AS zonder_ma,
           COUNT(a.client_id) FILTER (WHERE cl.toegewezen) AS toegewezen
    FROM m
    LEFT JOIN (actief a JOIN cl ON cl.client_id = a.client_id) ON a.m_start = m.m_start
    GROUP BY m.m_start
),
uitstroom AS (
    SELECT m.m_start, COUNT(gt.v) AS duurzaam, COUNT(gt.v) FILTER (WHERE gt.art60) AS duurzaam_art60
    FROM m LEFT JOIN geteld gt ON gt.v BETWEEN m.m_start AND m.d
    GROUP BY m.m_start
)
SELECT m.m_start, m.d,
       stock.leefloon, stock.equivalent_leefloon,
       duur.populatie, duur.tot_1, duur.van_1_tot_2, duur.van_2_tot_4, duur.meer_dan_4,
       cohort.instroom, cohort.uit_6, cohort.afh_12, cohort.afh_24,
       art60.art60,
       caseload.actief, caseload.zonder_ma, caseload.toegewezen,
       uitstroom.duurzaam, uitstroom.duurzaam_art60
FROM m
JOIN stock USING (m_start)
JOIN duur USING (m_start)
JOIN cohort USING (m_start)
JOIN art60 USING (m_start)
JOIN caseload USING (m_start)
JOIN uitstroom USING (m_start)
ORDER BY m.m_start
"""
    )


@cache
def caseload_per_medewerker_sql() -> str:
    """Active clients per month and active social worker (with the worker's team and FTE)."""
    return _sql(
        "WITH"  # noqa: S608 (constant SQL text, values are bound parameters)
        + ",".join([CTE_MAANDEN, CTE_UP, CTE_TR])
        + """,
actief AS (
    SELECT DISTINCT m.m_start, x.client_id
    FROM m
    JOIN (SELECT client_id, s, e FROM up UNION ALL SELECT client_id, s, e FROM tr) x
      ON x.s <= m.d AND x.e >= m.d
),
toegewezen AS (
    SELECT a.m_start, c.maatschappelijk_assistent_id AS medewerker_id, COUNT(*) AS n
    FROM actief a JOIN {client} c ON c.id = a.client_id
    WHERE c.maatschappelijk_assistent_id IS NOT NULL
    GROUP BY a.m_start, c.maatschappelijk_assistent_id
)
SELECT m.m_start, ma.id AS medewerker_id, ma.team_id, ma.vte, COALESCE(tw.n, 0) AS actief
FROM m
CROSS JOIN {medewerker} ma
LEFT JOIN toegewezen tw ON tw.m_start = m.m_start AND tw.medewerker_id = ma.id
WHERE ma.gemeente_id = %(g)s AND ma.actief AND ma.rol = 'maatschappelijk_assistent'
ORDER BY m.m_start, ma.id
"""
    )


@cache
def jaar_sql() -> str:
    """One row for year [%(jaar_start)s, %(jaar_eind)s] (the end is at most P): sections 1, 3, 4
    and 5 on a year basis."""
    return _sql(
        "WITH RECURSIVE"  # noqa: S608 (constant SQL text, values are bound parameters)
        + ",".join([CTE_UP, CTE_TR, CTE_EPISODES, CTE_VALIDATIES])
        + """,
stock AS (
    SELECT COUNT(DISTINCT client_id) FILTER (WHERE soort = 'leefloon') AS leefloon,
           COUNT(DISTINCT client_id) FILTER (WHERE soort = 'equivalent_leefloon')
               AS equivalent_leefloon
    FROM up WHERE s <= %(jaar_eind)s AND e >= %(jaar_start)s
),
cohort AS (
    SELECT COUNT(*) AS instroom,
           COUNT(*) FILTER (WHERE e <= (s + interval '6 months')::date) AS uit_6,
           COUNT(*) FILTER (WHERE e > (s + interval '12 months')::date) AS afh_12,
           COUNT(*) FILTER (WHERE e > (s + interval '24 months')::date) AS afh_24
    FROM episodes WHERE s BETWEEN %(jaar_start)s AND %(jaar_eind)s
),
uitstroom AS (
    SELECT COUNT(*) AS duurzaam, COUNT(*) FILTER (WHERE art60) AS duurzaam_art60
    FROM geteld WHERE v BETWEEN %(jaar_start)s AND %(jaar_eind)s
),
art60_maand AS (
    SELECT mm.m_start, COUNT(DISTINCT tr.client_id) AS n
    FROM (
        SELECT gs::date AS m_start, (gs + interval '1 month' - interval '1 day')::date AS d
        FROM generate_series(%(jaar_start)s::date, %(jaar_start)s::date + interval '11 months',
                             interval '1 month') AS gs
    ) mm
    LEFT JOIN tr ON tr.soort = 'art60' AND tr.s <= mm.d AND tr.e >= mm.m_start
    WHERE mm.d <= %(p)s
    GROUP BY mm.m_start
),
art60_gemiddeld AS (
    SELECT COUNT(*) AS maanden, COALESCE(SUM(n), 0) AS som FROM art60_maand
),
doorstroom AS (
    SELECT COUNT(*) AS afgelopen,
           COUNT(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM {werkperiode} w
               WHERE w.client_id = t.client_id AND w.contracttype <> 'art60'
                 AND w.startdatum <= %(p)s
                 AND w.startdatum BETWEEN t.e - 30 AND (t.e + interval '3 months')::date
           ) OR EXISTS (
               SELECT 1 FROM tr t2
               WHERE t2.client_id = t.client_id AND t2.soort IN ('ibo', 'wes', 'opleiding')
                 AND t2.s BETWEEN t.e - 30 AND (t.e + interval '3 months')::date
           )) AS doorgestroomd
    FROM tr t
    WHERE t.soort = 'art60' AND t.e BETWEEN %(jaar_start)s AND %(jaar_eind)s
)
SELECT stock.leefloon, stock.equivalent_leefloon,
       cohort.instroom, cohort.uit_6, cohort.afh_12, cohort.afh_24,
       uitstroom.duurzaam, uitstroom.duurzaam_art60,
       art60_gemiddeld.maanden AS art60_maanden, art60_gemiddeld.som AS art60_som,
       doorstroom.afgelopen, doorstroom.doorgestroomd
FROM stock, cohort, uitstroom, art60_gemiddeld, doorstroom
"""
    )


@cache
def lap_sql() -> str:
    """Per LAP agreement: reference count of (E)LL clients on a day, and counted validations
    in [van, tot]."""
    return _sql(
        "WITH RECURSIVE"  # noqa: S608 (constant SQL text, values are bound parameters)
        + ",".join([CTE_UP, CTE_VALIDATIES])
        + """,
lap AS (
    SELECT * FROM unnest(%(ids)s::bigint[], %(refdagen)s::date[], %(van)s::date[],
                         %(tot)s::date[]) AS l(id, refdag, van, tot)
)
SELECT lap.id,
       (SELECT COUNT(DISTINCT up.client_id) FROM up
         WHERE up.s <= lap.refdag AND up.e >= lap.refdag) AS referentie,
       (SELECT COUNT(*) FROM geteld WHERE geteld.v BETWEEN lap.van AND lap.tot) AS resultaat
FROM lap
"""
    )


_PARTNERS_KOP = """
WITH tp AS (
    SELECT t.id, t.partner_id, t.client_id, t.startdatum, t.uitkomst,
           (t.einddatum BETWEEN %(jaar_start)s AND %(jaar_eind)s AND t.uitkomst <> '')
               AS afgesloten
    FROM {traject} t
    JOIN {client} c ON c.id = t.client_id
    WHERE c.gemeente_id = %(g)s AND t.partner_id IS NOT NULL AND t.status <> 'aangemeld'
      AND (t.startdatum <= %(p)s
           -- a referral stopped before it started counts only as a closed traject
           OR (t.startdatum IS NULL AND t.einddatum <= %(p)s))
)
SELECT p.code,
       COUNT(DISTINCT tp.client_id)
           FILTER (WHERE tp.startdatum BETWEEN %(jaar_start)s AND %(jaar_eind)s) AS deelnemers,
       COUNT(tp.id) FILTER (WHERE tp.afgesloten) AS afgesloten"""
_PARTNERS_STAART = """,
       (SELECT COALESCE(SUM(o.subsidie_eur), 0) FROM {overeenkomst} o
         WHERE o.partner_id = p.id AND o.gemeente_id = %(g)s AND o.jaar = %(jaar)s) AS subsidie
FROM {partner} p
LEFT JOIN tp ON tp.partner_id = p.id
GROUP BY p.id, p.code
ORDER BY p.code
"""


@cache
def partners_sql(uitkomsten: tuple[str, ...]) -> str:
    """One row per partner known to the installation: section 7 for year
    [%(jaar_start)s, %(jaar_eind)s] and the gemeente's clients."""
    if not all(re.fullmatch(r"[a-z0-9_]+", code) for code in uitkomsten):
        raise ValueError("unexpected uitkomst code")
    per_uitkomst = "".join(
        f",\n       COUNT(tp.id) FILTER (WHERE tp.afgesloten AND tp.uitkomst = '{code}')"
        f" AS uitkomst_{code}"
        for code in uitkomsten
    )
    return _sql(_PARTNERS_KOP + per_uitkomst + _PARTNERS_STAART)
