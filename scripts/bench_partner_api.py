#!/usr/bin/env python
"""Benchmark of the partner API (run by `make bench`; not a test).

What it does, all on 127.0.0.1 only:

1. makes sure the database (``DATABASE_URL``, or the embedded one) holds about ten times the
   demo data (``manage.py demo_data --clienten 19000``; nothing is done when demo data exist);
2. creates a temporary API key for the partner with the most trajecten (revoked at the end),
   then ``VACUUM ANALYZE`` of the tables read (the steady state autovacuum keeps);
3. starts gunicorn (default 4 sync workers) on a free port with the production settings (DEBUG off,
   real PostgreSQL and Redis, throttling and audit on; only the rate limit is raised so that
   the load is measured rather than the 429s, and HTTPS redirection is off for plain HTTP);
4. drives, from a second process (``wrk``, installed with apt-get when missing):
   the traject list (``GET /api/v1/partner/trajecten/``, 50 per page; ``lijst``: the first page,
   ``paginas``: every page of the partner at random), the report endpoint
   (``POST …/meldingen/`` with a ``voortgang`` report, spread over the partner's running
   trajecten) and a bare DRF view (no authentication, no database) for the ratio;
5. prints requests/s and latency p50/p99 per endpoint and writes them to
   ``.data/bench/partner_api.json``.

Options: ``--duur`` seconds per endpoint (default 20), ``--verbindingen`` (default 16),
``--clienten`` for the demo data (default 19000), ``--workers`` (default 4),
``--worker-class`` (``sync`` or ``gthread``) with ``--threads``, ``--alleen kaal,lijst,melding``
(a subset of the endpoints: ``kaal,lijst,paginas,melding``), ``--page-size`` of the list
(default 50), ``--zonder-cache`` (the list's page cache off: ``PARTNER_API_LIJST_CACHE``).
Results are in docs/benchmarks.md ("Partner API").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1"
DOELEN = {  # endpoint: (minimum requests/s, maximum p99 in ms)
    "lijst": (250, 120),
    "paginas": (250, 120),
    "melding": (120, 200),
}

BENCH_SETTINGS = """
from activering.settings.production import *  # noqa: F403
ROOT_URLCONF = "bench_urls"
"""
BENCH_URLS = """
from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView


class Kaal(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    throttle_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/kaal/", Kaal.as_view()), path("", include("activering.urls"))]
"""
# Every page of the partner's list at random: many distinct URLs, so the page cache misses on
# the first visit of each page (and after every change), as with a partner paging through all.
PAGINAS_LUA = """
wrk.headers["Authorization"] = "Api-Key %(sleutel)s"
request = function()
  local pagina = math.random(%(paginas)d)
  return wrk.format("GET", "/api/v1/partner/trajecten/?page_size=%(page_size)d&page=" .. pagina)
end
"""
MELDING_LUA = """
local ids = {%(ids)s}
local body = '%(body)s'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Api-Key %(sleutel)s"
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("POST", "/api/v1/partner/trajecten/" .. id .. "/meldingen/", nil, body)
end
"""


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def zorg_voor_wrk() -> str:
    pad = shutil.which("wrk")
    if pad:
        return pad
    if os.geteuid() != 0:
        sys.exit("wrk is not installed; install it with: sudo apt-get install wrk")
    print("wrk is missing: apt-get install wrk", flush=True)
    apt = shutil.which("apt-get") or sys.exit("wrk is missing and apt-get is not available")
    subprocess.run([apt, "update", "-qq"], check=True)
    subprocess.run([apt, "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def manage(*args: str, env: dict) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def voorbereiden(env: dict) -> dict:
    """A key for the busiest partner and the ids of its running trajecten (in a subprocess
    with the normal settings, so that this script needs no Django itself)."""
    code = textwrap.dedent(
        """
        import json, django
        django.setup()
        from django.db.models import Count, Q
        from partners.models import Partner
        from partners.services import partner_api_key_create
        from trajecten.models import Traject
        partner = (
            Partner.objects.filter(actief=True)
            .annotate(
                n=Count("trajecten"),
                lopend=Count("trajecten", filter=Q(trajecten__status="lopend")),
            )
            .filter(lopend__gt=0)
            .order_by("-n")
            .first()
        )
        api_key, sleutel = partner_api_key_create(partner=partner, naam="bench")
        ids = list(
            Traject.objects.filter(partner=partner, status="lopend")
            .order_by("pk").values_list("uuid", flat=True)[:200]
        )
        from django.db import connection
        with connection.cursor() as cursor:
            for tabel in ("trajecten_traject", "clients_client", "partners_partnerapikey",
                          "activering_medewerker", "auth_user"):
                cursor.execute(f"VACUUM ANALYZE {tabel}")
        print(json.dumps({"partner": partner.code, "trajecten": partner.n, "prefix": api_key.prefix,
                          "sleutel": sleutel, "lopend": [str(i) for i in ids]}))
        """
    )
    uit = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(uit.stdout.strip().splitlines()[-1])


def intrekken(env: dict, prefix: str) -> None:
    code = (
        "import django; django.setup();"
        "from partners.models import PartnerAPIKey;"
        "from partners.services import partner_api_key_revoke;"
        f"partner_api_key_revoke(api_key=PartnerAPIKey.objects.get(prefix={prefix!r}))"
    )
    subprocess.run([PY, "-c", code], cwd=ROOT, env=env, check=False)


def wacht_op(url: str, headers: dict, proces: subprocess.Popen, timeout: float = 60) -> None:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit code {proces.returncode})")
        try:
            verzoek = urllib.request.Request(url, headers=headers)  # noqa: S310 (127.0.0.1)
            with urllib.request.urlopen(verzoek, timeout=5) as antwoord:  # noqa: S310
                if antwoord.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def _ms(tekst: str) -> float:
    waarde, eenheid = re.fullmatch(r"([\d.]+)(us|ms|s|m)", tekst).groups()
    return float(waarde) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[eenheid]


def wrk(wrk_pad: str, url: str, *, duur: int, verbindingen: int, extra: list[str]) -> dict:
    """One wrk run; returns requests/s, p50/p99 in ms, totals and non-2xx answers."""
    cmd = [
        wrk_pad,
        "-t2",
        f"-c{verbindingen}",
        f"-d{duur}s",
        "--timeout",
        "5s",
        "--latency",
        *extra,
        url,
    ]
    uit = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    resultaat = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", uit).group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", uit, re.M).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", uit, re.M).group(1)),
        "verzoeken": int(re.search(r"(\d+) requests in", uit).group(1)),
        "niet_2xx": int(m.group(1))
        if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", uit))
        else 0,
        "fouten": (m.group(0) if (m := re.search(r"Socket errors:.*", uit)) else ""),
    }
    return resultaat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duur", type=int, default=20)
    parser.add_argument("--verbindingen", type=int, default=16)
    parser.add_argument("--clienten", type=int, default=19000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--alleen", default="kaal,lijst,paginas,melding")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--zonder-cache", action="store_true")
    opties = parser.parse_args()
    alleen = set(opties.alleen.split(","))
    wrk_pad = zorg_voor_wrk()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "activering.settings.local"}
    manage("migrate", "--no-input", "-v0", env=env)
    manage("demo_data", "--forceer", "--clienten", str(opties.clienten), env=env)
    gegevens = voorbereiden(env)
    print(
        f"Partner {gegevens['partner']}: {gegevens['trajecten']} trajecten, "
        f"{len(gegevens['lopend'])} running used for reports; key {gegevens['prefix']}",
        flush=True,
    )

    tmp = Path(tempfile.mkdtemp(prefix="bench-partner-api-"))
    (tmp / "bench_settings.py").write_text(
        BENCH_SETTINGS + ("PARTNER_API_LIJST_CACHE = False\n" if opties.zonder_cache else "")
    )
    (tmp / "bench_urls.py").write_text(BENCH_URLS)
    poort = vrije_poort()
    server_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "False",
        "ALLOWED_HOSTS": HOST,
        "PARTNER_API_RATE": "100000000/min",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "activering.wsgi:application",
            "--workers",
            str(opties.workers),
            "--worker-class",
            opties.worker_class,
            "--threads",
            str(opties.threads),
            "--bind",
            f"{HOST}:{poort}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
    )
    basis = f"http://{HOST}:{poort}"
    auth = f"Authorization: Api-Key {gegevens['sleutel']}"
    resultaten: dict[str, dict] = {}
    try:
        wacht_op(f"{basis}/bench/kaal/", {}, gunicorn)
        wacht_op(
            f"{basis}/api/v1/partner/trajecten/",
            {"Authorization": auth.split(": ", 1)[1]},
            gunicorn,
        )
        lua = tmp / "melding.lua"
        lua.write_text(
            MELDING_LUA
            % {
                "ids": ", ".join(f'"{i}"' for i in gegevens["lopend"]),
                "body": json.dumps(
                    {
                        "soort": "voortgang",
                        "datum": time.strftime("%Y-%m-%d"),
                        "omschrijving": "Benchmark: voortgang gemeld.",
                    }
                ),
                "sleutel": gegevens["sleutel"],
            }
        )
        paginas = tmp / "paginas.lua"
        paginas.write_text(
            PAGINAS_LUA
            % {
                "sleutel": gegevens["sleutel"],
                "paginas": -(-gegevens["trajecten"] // opties.page_size),
                "page_size": opties.page_size,
            }
        )
        lijst_url = f"{basis}/api/v1/partner/trajecten/?page_size={opties.page_size}"
        runs = {
            "kaal": (f"{basis}/bench/kaal/", []),
            "lijst": (lijst_url, ["-H", auth]),
            "paginas": (basis, ["-s", str(paginas)]),
            "melding": (basis, ["-s", str(lua)]),
        }
        runs = {naam: run for naam, run in runs.items() if naam in alleen}
        for naam, (url, extra) in runs.items():
            wrk(wrk_pad, url, duur=3, verbindingen=opties.verbindingen, extra=extra)  # warm-up
            resultaten[naam] = wrk(
                wrk_pad, url, duur=opties.duur, verbindingen=opties.verbindingen, extra=extra
            )
            r = resultaten[naam]
            print(
                f"{naam:8} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                f"p99 {r['p99_ms']:7.1f} ms  ({r['verzoeken']} requests, {r['niet_2xx']} non-2xx)"
                f" {r['fouten']}",
                flush=True,
            )
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        intrekken(env, gegevens["prefix"])
        shutil.rmtree(tmp, ignore_errors=True)

    for naam, (min_rps, max_p99) in DOELEN.items():
        if naam not in resultaten:
            continue
        r = resultaten[naam]
        r["doel"] = {"rps": min_rps, "p99_ms": max_p99}
        r["gehaald"] = r["rps"] >= min_rps and r["p99_ms"] <= max_p99 and r["niet_2xx"] == 0
        if "kaal" in resultaten:
            r["verhouding_tot_kaal"] = round(r["rps"] / resultaten["kaal"]["rps"], 3)
        uitslag = "met" if r["gehaald"] else "NOT met"
        print(f"{naam}: target {min_rps} req/s, p99 ≤ {max_p99} ms: {uitslag}")
    uitvoer = ROOT / ".data" / "bench" / "partner_api.json"
    uitvoer.parent.mkdir(parents=True, exist_ok=True)
    uitvoer.write_text(
        json.dumps(
            {
                "tijdstip": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "cpu": os.cpu_count(),
                "duur_s": opties.duur,
                "verbindingen": opties.verbindingen,
                "gunicorn": {
                    "workers": opties.workers,
                    "worker_class": opties.worker_class,
                    "threads": opties.threads,
                },
                "page_size": opties.page_size,
                "lijst_cache": not opties.zonder_cache,
                "partner": gegevens["partner"],
                "partner_trajecten": gegevens["trajecten"],
                "resultaten": resultaten,
            },
            indent=2,
        )
    )
    print(f"Written to {uitvoer.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
