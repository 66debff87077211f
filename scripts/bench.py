#!/usr/bin/env python
"""Benchmark of the indicator engine and the reporting dashboard (``make bench``; not a test).

What it does, in a SEPARATE database (never the one you work in):

1. creates the database ``--database`` (default ``<name of DATABASE_URL>_bench``) on the server
   of ``DATABASE_URL`` when missing, migrates it (not timed) and builds the Flanders-sized
   demo data set: ``manage.py demo_data --schaal vlaanderen --forceer --opnieuw`` (timed),
   then ``VACUUM ANALYZE`` (timed apart; autovacuum keeps that state in production);
2. computes and stores all monthly indicators for 24 months × every gemeente (the nightly /
   "herbereken" path: ``indicatoren_bereken_reeks``), then the years and LAP agreements the
   dashboard reads (timed apart);
3. one month, fresh (not stored): Mechelen, and every gemeente one after the other;
4. the dashboard page ``/rapportering/`` served from the snapshots to a logged-in teamleider
   (Django test client, whole request/response cycle with middleware and templates): the
   median of ``--herhalingen`` requests after 2 warm-ups;
5. a naive per-client ORM loop (sections 1 and 2 only: one query per client and month, Python
   logic) on a sample of clients, extrapolated to every client × 24 months, for the ratio;
6. prints a table and writes ``.data/bench/indicatoren.json``.

``--met-partner-api`` runs ``scripts/bench_partner_api.py`` afterwards (its own options and
database: see that script). Results and method are in docs/benchmarks.md ("Indicatoren").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DOELEN = {  # row: target in seconds
    "dataset": 120,
    "alle_maanden": 60,
    "een_maand": 5,
    "dashboard": 0.2,
}


def _argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="name of the benchmark database")
    parser.add_argument("--maanden", type=int, default=24)
    parser.add_argument("--herhalingen", type=int, default=20)
    parser.add_argument("--steekproef", type=int, default=150, help="clients in the naive loop")
    parser.add_argument(
        "--geen-opbouw", action="store_true", help="reuse the data set already in the database"
    )
    parser.add_argument("--met-partner-api", action="store_true")
    return parser.parse_args()


def _database_url(naam: str | None) -> tuple[str, str]:
    basis = os.environ.get("DATABASE_URL")
    if not basis:
        sys.exit("Set DATABASE_URL (postgres://…): the benchmark makes its own database beside it.")
    delen = urlsplit(basis)
    naam = naam or (delen.path.lstrip("/") or "activering") + "_bench"
    return urlunsplit(delen._replace(path="/" + naam)), naam


def _maak_database(url: str, naam: str) -> None:
    import psycopg

    beheer = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(beheer, autocommit=True) as verbinding:
        bestaat = verbinding.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [naam]
        ).fetchone()
        if not bestaat:
            verbinding.execute(f'CREATE DATABASE "{naam}"')


def _manage(*args: str, env: dict) -> float:
    begin = time.perf_counter()
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - begin


def _machine() -> dict:
    geheugen = ""
    try:
        for regel in Path("/proc/meminfo").read_text().splitlines():
            if regel.startswith("MemTotal"):
                geheugen = f"{int(regel.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "geheugen": geheugen,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load_voor": os.getloadavg()[0],
    }


def _tijd(functie) -> tuple[float, object]:
    begin = time.perf_counter()
    resultaat = functie()
    return time.perf_counter() - begin, resultaat


def main() -> None:
    args = _argumenten()
    url, naam = _database_url(args.database)
    _maak_database(url, naam)
    oorspronkelijk = dict(os.environ)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "activering.settings.local",
        "DEBUG": "false",  # no query log, as in production
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    os.environ.update(env)
    machine = _machine()
    resultaten: dict[str, dict] = {}
    print(f"Benchmark database: {naam} ({machine['nproc']} CPU, {machine['geheugen']})")

    _manage("migrate", "--no-input", "-v", "0", env=env)
    if not args.geen_opbouw:
        duur = _manage("demo_data", "--schaal", "vlaanderen", "--forceer", "--opnieuw", env=env)
        resultaten["dataset"] = {"seconden": duur}

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from activering.models import Gemeente
    from clients.models import Client as Dossier
    from clients.models import Uitkeringsperiode
    from rapportering.indicatoren import maand_indicatoren
    from rapportering.services import (
        dashboard_lap_maanden,
        indicatoren_bereken_reeks,
        indicatoren_jaar_bereken,
        lap_bereken,
        maanden_tussen,
    )

    with connection.cursor() as cursor:
        begin = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        resultaten["vacuum"] = {"seconden": time.perf_counter() - begin}
        cursor.execute("SHOW server_version")
        machine["postgresql"] = cursor.fetchone()[0]

    vandaag = timezone.localdate()
    tot = vandaag.replace(day=1)
    maanden = maanden_tussen(tot - timedelta(days=31 * (args.maanden - 1)), tot)[-args.maanden :]
    gemeenten = list(Gemeente.objects.order_by("nis_code"))
    aantal_clienten = Dossier.objects.count()
    resultaten["omvang"] = {
        "gemeenten": len(gemeenten),
        "clienten": aantal_clienten,
        "uitkeringsperiodes": Uitkeringsperiode.objects.count(),
    }

    # 2. all monthly indicators, 24 months × every gemeente, stored
    duur, _ = _tijd(
        lambda: [
            indicatoren_bereken_reeks(gemeente=g, maanden=maanden, peildatum=vandaag)
            for g in gemeenten
        ]
    )
    resultaten["alle_maanden"] = {"seconden": duur, "maanden": len(maanden)}
    jaren = sorted({m.year for m in maanden})
    duur, _ = _tijd(
        lambda: [
            indicatoren_jaar_bereken(gemeente=g, jaar=j, peildatum=vandaag)
            for g in gemeenten
            for j in jaren
        ]
    )
    resultaten["alle_jaren"] = {"seconden": duur, "jaren": jaren}
    duur, _ = _tijd(lambda: [lap_bereken(gemeente=g, peildatum=vandaag) for g in gemeenten])
    resultaten["lap"] = {"seconden": duur}
    # The dashboard's LAP tracker shows the latest agreement month by month; its first months
    # can lie before the 24-month window (they would be stored by the monthly job of that
    # time). Stored here, timed apart, so that the dashboard is served from snapshots only.
    buiten_venster = {
        g: [m for m in dashboard_lap_maanden(gemeente=g, vandaag=vandaag) if m not in maanden]
        for g in gemeenten
    }
    duur, _ = _tijd(
        lambda: [
            indicatoren_bereken_reeks(gemeente=g, maanden=extra, peildatum=vandaag)
            for g, extra in buiten_venster.items()
            if extra
        ]
    )
    resultaten["lap_maanden_buiten_venster"] = {
        "seconden": duur,
        "maanden": sum(len(extra) for extra in buiten_venster.values()),
    }

    # 3. one month, fresh
    mechelen = Gemeente.objects.get(nis_code="12025")
    maand = maanden[-2]
    metingen = [
        _tijd(lambda: maand_indicatoren(gemeente=mechelen, maanden=[maand], peildatum=vandaag))[0]
        for _ in range(3)
    ]
    resultaten["een_maand"] = {"seconden": statistics.median(metingen), "gemeente": "12025"}
    duur, _ = _tijd(
        lambda: [
            maand_indicatoren(gemeente=g, maanden=[maand], peildatum=vandaag) for g in gemeenten
        ]
    )
    resultaten["een_maand_alle_gemeenten"] = {"seconden": duur}

    # 4. the dashboard from snapshots
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(get_user_model().objects.get(username="teamleider.demo"))
    for _ in range(2):
        antwoord = browser.get("/rapportering/")
        assert antwoord.status_code == 200, antwoord.status_code
    assert b"niet bewaard" not in antwoord.content.lower(), "dashboard not served from snapshots"
    metingen = []
    for _ in range(args.herhalingen):
        begin = time.perf_counter()
        browser.get("/rapportering/")
        metingen.append(time.perf_counter() - begin)
    metingen.sort()
    resultaten["dashboard"] = {
        "seconden": statistics.median(metingen),
        "p90": metingen[int(0.9 * (len(metingen) - 1))],
        "herhalingen": len(metingen),
        "bytes": len(antwoord.content),
    }

    # 5. naive per-client loop (sections 1 and 2 only), extrapolated
    steekproef = list(Dossier.objects.filter(gemeente=mechelen).order_by("id")[: args.steekproef])

    def naief() -> int:
        teller = 0
        for m in maanden:
            einde = (m.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            for dossier in steekproef:
                periodes = list(
                    Uitkeringsperiode.objects.filter(
                        client=dossier, startdatum__lte=vandaag
                    ).order_by("startdatum")
                )
                ll = [
                    p
                    for p in periodes
                    if p.soort == "leefloon"
                    and p.startdatum <= einde
                    and (p.einddatum is None or p.einddatum >= m)
                ]
                if ll:
                    teller += 1
                    start, vorig_einde = None, None
                    for p in periodes:  # episode start (gap ≤ 31 days)
                        if p.startdatum > einde:
                            break
                        if vorig_einde is None or (p.startdatum - vorig_einde).days > 31:
                            start = p.startdatum
                        e = p.einddatum or date.max
                        vorig_einde = e if vorig_einde is None else max(vorig_einde, e)
                    _ = (einde - start).days if start else None
        return teller

    duur, _ = _tijd(naief)
    per_client_maand = duur / (len(steekproef) * len(maanden))
    geextrapoleerd = per_client_maand * aantal_clienten * len(maanden)
    resultaten["naief"] = {
        "seconden_steekproef": duur,
        "clienten": len(steekproef),
        "maanden": len(maanden),
        "geextrapoleerd_seconden": geextrapoleerd,
        "verhouding": geextrapoleerd / resultaten["alle_maanden"]["seconden"],
    }
    machine["load_na"] = os.getloadavg()[0]

    # 6. report
    rijen = [
        (
            "dataset",
            "Data set vlaanderen (demo_data)",
            resultaten.get("dataset", {}).get("seconden"),
        ),
        ("", "VACUUM ANALYZE", resultaten["vacuum"]["seconden"]),
        (
            "alle_maanden",
            f"All monthly indicators, {len(maanden)} months × {len(gemeenten)} gemeenten (stored)",
            resultaten["alle_maanden"]["seconden"],
        ),
        (
            "",
            f"Yearly indicators + partners, {len(jaren)} years × {len(gemeenten)} gemeenten",
            resultaten["alle_jaren"]["seconden"],
        ),
        ("", f"LAP agreements, {len(gemeenten)} gemeenten", resultaten["lap"]["seconden"]),
        (
            "",
            f"LAP months before the window "
            f"({resultaten['lap_maanden_buiten_venster']['maanden']} gemeente-months, stored)",
            resultaten["lap_maanden_buiten_venster"]["seconden"],
        ),
        (
            "een_maand",
            "One month, Mechelen (fresh, median of 3)",
            resultaten["een_maand"]["seconden"],
        ),
        (
            "",
            f"One month, {len(gemeenten)} gemeenten one after the other",
            resultaten["een_maand_alle_gemeenten"]["seconden"],
        ),
        (
            "dashboard",
            f"Dashboard from snapshots (median of {len(metingen)})",
            resultaten["dashboard"]["seconden"],
        ),
        ("", f"Naive ORM loop, sample {len(steekproef)} clients × {len(maanden)} months", duur),
        (
            "",
            f"Naive ORM loop extrapolated to {aantal_clienten} clients × {len(maanden)} months",
            geextrapoleerd,
        ),
    ]
    print()
    print(f"{'measurement':<78} {'seconds':>10} {'target':>8}")
    for sleutel, label, seconden in rijen:
        doel = DOELEN.get(sleutel)
        tekst = "–" if seconden is None else f"{seconden:.3f}"
        doeltekst = (
            ""
            if doel is None
            else f"≤ {doel}" + (" ✓" if seconden is not None and seconden <= doel else " ✗")
        )
        print(f"{label:<78} {tekst:>10} {doeltekst:>8}")
    print(
        f"\nratio naive / set-based: {resultaten['naief']['verhouding']:.0f}× "
        f"(the naive loop covers sections 1–2 only)"
    )
    print(f"size: {resultaten['omvang']}; machine: {machine}")
    uit = ROOT / ".data" / "bench"
    uit.mkdir(parents=True, exist_ok=True)
    (uit / "indicatoren.json").write_text(
        json.dumps({"machine": machine, "resultaten": resultaten}, indent=2, default=str)
    )

    if args.met_partner_api:
        subprocess.run(
            [PY, str(ROOT / "scripts" / "bench_partner_api.py")],
            cwd=ROOT,
            env=oorspronkelijk,
            check=True,
        )


if __name__ == "__main__":
    main()
