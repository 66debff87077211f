#!/usr/bin/env python
"""Benchmark of the social worker's two busiest screens (not a test): the caseload page with
75 clients and a dossier with ten years of history.

What it does, on the database of ``DATABASE_URL`` (or the embedded one), in-process with the
Django test client and the production settings (DEBUG off, every middleware on):

1. makes sure demo data exist (``manage.py demo_data``; nothing is done when they do);
2. takes the social worker with the most open dossiers (at least 75) and, once, gives him a
   client with ten years of history, ``BENCH-10J`` (ten benefit periods, work spells,
   trajecten, GPMIs with four steps and four evaluations each, tasks and 520 logbook
   entries: the shape of ``clients/tests/test_views.py::_tien_jaar``). It stays in the
   database so that runs compare;
3. logs in as that social worker (the real login backend) and requests the caseload page
   (75 per page) and the dossier ``--herhalingen`` times each after a warm-up, counting the
   queries of one request;
4. prints median and p95 in ms and the query count, and writes ``.data/bench/werkvloer.json``.

Options: ``--herhalingen`` (default 50), ``--pagina`` clients per caseload page (default 75),
``--schaal``/``--clienten`` passed to ``demo_data`` when there are no demo data yet.
Targets: at most 12 queries for the page itself (saving the session on every request comes
on top: BEGIN, UPDATE, COMMIT, shown apart) and a median of at most 150 ms per page.
Results and the way to read them: docs/benchmarks.md ("Werkvloer (caseload en dossier)").
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOEL_MS = 150
DOEL_QUERIES = 12
REFERENTIE = "BENCH-10J"


def _demo_data(opties) -> None:
    cmd = [sys.executable, "manage.py", "demo_data", "--forceer"]
    if opties.clienten:
        cmd += ["--clienten", str(opties.clienten)]
    elif opties.schaal:
        cmd += ["--schaal", opties.schaal]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "activering.settings.local"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "activering.settings.production")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _tien_jaar(*, medewerker):
    """The bench client with ten years of history (created once, then reused)."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from clients.models import (
        Client,
        Gpmi,
        GpmiActie,
        GpmiEvaluatie,
        Logboekitem,
        Taak,
        Uitkeringsperiode,
    )
    from partners.models import Partner
    from trajecten.models import Traject, Werkperiode

    bestaand = Client.objects.filter(referentie=REFERENTIE).first()
    if bestaand is not None:
        return bestaand
    vandaag = timezone.localdate()
    start = vandaag - datetime.timedelta(days=3650)
    partner = Partner.objects.filter(actief=True).order_by("pk").first()
    with transaction.atomic():
        client = Client.objects.create(
            referentie=REFERENTIE,
            gemeente_id=medewerker.gemeente_id,
            maatschappelijk_assistent=medewerker,
            voornaam="Bench",
            achternaam="Tienjaar",
            geboortedatum=datetime.date(1980, 1, 1),
        )
        for jaar in range(10):
            begin = start + datetime.timedelta(days=365 * jaar)
            Uitkeringsperiode.objects.create(
                client=client,
                soort="leefloon",
                categorie="alleenstaand",
                startdatum=begin,
                einddatum=begin + datetime.timedelta(days=300),
            )
            Werkperiode.objects.create(
                client=client,
                startdatum=begin + datetime.timedelta(days=100),
                einddatum=begin + datetime.timedelta(days=200),
                werkgever=f"Firma {jaar}",
                contracttype="tijdelijk",
            )
            Traject.objects.create(
                referentie=f"{REFERENTIE}-{jaar}",
                client=client,
                soort="opleiding",
                status="afgerond",
                aanmelddatum=begin,
                startdatum=begin,
                einddatum=begin + datetime.timedelta(days=90),
                uitkomst="opleiding",
                partner=partner,
            )
            gpmi = Gpmi.objects.create(
                client=client,
                startdatum=begin,
                einddatum=begin + datetime.timedelta(days=360),
                domein="opleiding",
                doelen="Doel",
            )
            for kwartaal in range(4):
                GpmiActie.objects.create(
                    gpmi=gpmi, actor="client", omschrijving=f"Actie {kwartaal}"
                )
                GpmiEvaluatie.objects.create(
                    gpmi=gpmi, datum=begin + datetime.timedelta(days=90 * kwartaal), verslag="ok"
                )
            Taak.objects.create(
                client=client, omschrijving=f"Taak {jaar}", vervaldatum=begin, afgewerkt_op=begin
            )
            Logboekitem.objects.bulk_create(
                Logboekitem(
                    client=client,
                    datum=begin + datetime.timedelta(days=7 * week),
                    soort="gesprek",
                    tekst="Wekelijks gesprek",
                    auteur=medewerker,
                )
                for week in range(52)
            )
    return client


def _meet(browser, url: str, herhalingen: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: templates, connection, caches
        antwoord = browser.get(url)
        assert antwoord.status_code == 200, (url, antwoord.status_code)
    with CaptureQueriesContext(connection) as ctx:
        browser.get(url)
    # Count now: the next request empties the query log. Saving the session on every request
    # (SESSION_SAVE_EVERY_REQUEST, the 30-minute idle expiry) is BEGIN, UPDATE, COMMIT: shown
    # apart, since the page itself does not cause it.
    statements = [q["sql"] for q in ctx.captured_queries]
    sessie = [
        sql
        for sql in statements
        if sql in ("BEGIN", "COMMIT") or sql.startswith('UPDATE "django_session"')
    ]
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        antwoord = browser.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200
    tijden.sort()
    return {
        "mediaan_ms": round(statistics.median(tijden), 1),
        "p95_ms": round(tijden[max(0, int(len(tijden) * 0.95) - 1)], 1),
        "min_ms": round(tijden[0], 1),
        "queries": len(statements),
        "queries_sessie_opslaan": len(sessie),
        "bytes": len(antwoord.content),
        "herhalingen": herhalingen,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=50)
    parser.add_argument("--pagina", type=int, default=75)
    parser.add_argument("--schaal", default=None)
    parser.add_argument("--clienten", type=int, default=None)
    opties = parser.parse_args()

    _demo_data(opties)
    _django()
    from django.conf import settings
    from django.db.models import Count, Q
    from django.test import Client as Browser
    from django.test.utils import override_settings
    from django.urls import reverse

    from activering.constants import Rol
    from activering.models import Medewerker

    medewerker = (
        Medewerker.objects.filter(rol=Rol.MAATSCHAPPELIJK_ASSISTENT, actief=True)
        .annotate(open_dossiers=Count("clienten", filter=Q(clienten__afgesloten_op__isnull=True)))
        .order_by("-open_dossiers", "pk")
        .select_related("user")
        .first()
    )
    if medewerker is None:
        sys.exit("No active social worker in the database.")
    client = _tien_jaar(medewerker=medewerker)
    medewerker = client.maatschappelijk_assistent  # the bench client's, when it existed already
    open_dossiers = medewerker.clienten.filter(afgesloten_op__isnull=True).count()
    print(
        f"Social worker {medewerker.pk}: {open_dossiers} open dossiers "
        f"(page of {opties.pagina}); dossier {client.pk} ({REFERENTIE})",
        flush=True,
    )

    browser = Browser()
    browser.force_login(medewerker.user, backend="activering.permissions.MedewerkerBackend")
    with override_settings(CASELOAD_PAGE_SIZE=opties.pagina, ALLOWED_HOSTS=["testserver"]):
        resultaten = {
            "caseload": _meet(browser, reverse("clients:caseload"), opties.herhalingen),
            "dossier": _meet(
                browser, reverse("clients:dossier", args=[client.pk]), opties.herhalingen
            ),
        }
    for naam, r in resultaten.items():
        eigen = r["queries"] - r["queries_sessie_opslaan"]
        r["gehaald"] = r["mediaan_ms"] <= DOEL_MS and eigen <= DOEL_QUERIES
        uitslag = "met" if r["gehaald"] else "NOT met"
        print(
            f"{naam:9} median {r['mediaan_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
            f"min {r['min_ms']:6.1f} ms  {r['queries']:2d} queries ({eigen} + "
            f"{r['queries_sessie_opslaan']} saving the session)  {r['bytes']} bytes  "
            f"(target ≤ {DOEL_MS} ms, ≤ {DOEL_QUERIES} queries: {uitslag})",
            flush=True,
        )
    uitvoer = ROOT / ".data" / "bench" / "werkvloer.json"
    uitvoer.parent.mkdir(parents=True, exist_ok=True)
    uitvoer.write_text(
        json.dumps(
            {
                "tijdstip": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "cpu": os.cpu_count(),
                "database": settings.DATABASES["default"]["NAME"],
                "medewerker": medewerker.pk,
                "open_dossiers": open_dossiers,
                "pagina": opties.pagina,
                "client": client.pk,
                "resultaten": resultaten,
            },
            indent=2,
        )
    )
    print(f"Written to {uitvoer.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
