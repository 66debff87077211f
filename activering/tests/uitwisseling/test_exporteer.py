"""`manage.py exporteer`: canonical files, byte-identical round trip, one gemeente."""

import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

import pytest

from activering.models import Gemeente
from activering.uitwisseling.specificatie import BESTANDEN
from clients.models import Client
from partners.models import Partner

pytestmark = pytest.mark.django_db


def importeer(map_pad) -> None:
    call_command("importeer", str(map_pad), verbosity=0, stdout=io.StringIO())


def exporteer(map_pad, *args) -> None:
    call_command("exporteer", str(map_pad), *args, stdout=io.StringIO(), stderr=io.StringIO())


def leeg_databank() -> None:
    """Empty every table the exchange format fills (and what refers to them)."""
    tabellen = ", ".join(m._meta.db_table for m in (Gemeente, Partner, get_user_model()))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending deferred FK checks
        cursor.execute(f"TRUNCATE {tabellen} CASCADE")


def lees(map_pad) -> dict[str, bytes]:
    return {spec.naam: (map_pad / spec.naam).read_bytes() for spec in BESTANDEN}


def test_export_is_canonical_and_holds_the_imported_rows(voorbeeld, tmp_path):
    importeer(voorbeeld)

    exporteer(tmp_path / "export")

    for spec in BESTANDEN:
        data = (tmp_path / "export" / spec.naam).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in data
        kop, *rijen = data.decode("utf-8").splitlines()
        assert kop == ",".join(spec.kolommen)
        # same rows as the worked example (which is not sorted), now sorted by key
        bron = (voorbeeld / spec.naam).read_text(encoding="utf-8-sig").splitlines()[1:]
        assert sorted(rijen) == sorted(bron)
    clienten = (tmp_path / "export" / "clienten.csv").read_text().splitlines()[1:]
    referenties = [regel.split(",")[0] for regel in clienten]
    assert referenties == sorted(referenties)
    assert len(referenties) == 150


def test_export_import_export_is_byte_identical(voorbeeld, tmp_path):
    importeer(voorbeeld)
    exporteer(tmp_path / "eerste")
    leeg_databank()
    assert not Client.objects.exists() and not Gemeente.objects.exists()

    importeer(tmp_path / "eerste")
    exporteer(tmp_path / "tweede")

    assert lees(tmp_path / "tweede") == lees(tmp_path / "eerste")


def test_export_of_one_gemeente(voorbeeld, tmp_path):
    importeer(voorbeeld)

    exporteer(tmp_path / "putte", "--gemeente", "12029")

    def rijen(naam):
        return (tmp_path / "putte" / naam).read_text().splitlines()[1:]

    assert rijen("gemeenten.csv") == ["12029,Putte"]
    assert {r.split(",")[1] for r in rijen("clienten.csv")} == {"12029"}
    assert len(rijen("clienten.csv")) == Client.objects.filter(gemeente__nis_code="12029").count()
    assert {r.split(",")[0] for r in rijen("inwoners.csv")} == {"12029"}
    assert {r.split(",")[5] for r in rijen("medewerkers.csv")} == {"12029"}
    # only the partners that Putte's agreements and trajecten refer to
    verwacht = set(
        Partner.objects.filter(overeenkomsten__gemeente__nis_code="12029").values_list(
            "code", flat=True
        )
    ) | set(
        Partner.objects.filter(trajecten__client__gemeente__nis_code="12029").values_list(
            "code", flat=True
        )
    )
    assert {r.split(",")[0] for r in rijen("partners.csv")} == verwacht
    assert len(verwacht) < Partner.objects.count()
    clienten = {r.split(",")[0] for r in rijen("clienten.csv")}
    assert {r.split(",")[0] for r in rijen("uitkeringsperiodes.csv")} <= clienten
    assert {r.split(",")[1] for r in rijen("trajecten.csv")} <= clienten

    # the partial export is a self-contained data set
    leeg_databank()
    importeer(tmp_path / "putte")
    assert Client.objects.count() == len(clienten)


def test_export_of_unknown_gemeente_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        exporteer(tmp_path / "x", "--gemeente", "99999")
