"""Writes on clients: optimistic locking, reassignment, documents, audit."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from activering.models import AuditEvent, Notificatie
from clients.models import Client, Gpmi
from clients.services import (
    VersieConflict,
    client_create,
    client_update,
    clients_toewijzen,
    document_soort_herkennen,
    gpmi_create,
)
from clients.tests.builders import wereld_maak

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return wereld_maak()


def test_update_bumps_version_and_records_who_and_which_fields(w):
    client = client_update(
        client_id=w.c_a1.pk, versie=1, velden={"telefoon": "0470 12 34 56"}, medewerker=w.ma_a1
    )
    assert (client.versie, client.telefoon, client.gewijzigd_door) == (2, "0470 12 34 56", w.ma_a1)
    event = AuditEvent.objects.get(actie="client_gewijzigd")
    assert event.details == {"velden": ["telefoon"]}  # field names, never values


def test_second_editor_with_stale_version_gets_a_conflict_and_nothing_is_overwritten(w):
    client_update(client_id=w.c_a1.pk, versie=1, velden={"telefoon": "111"}, medewerker=w.tl_a)
    with pytest.raises(VersieConflict) as exc:
        client_update(client_id=w.c_a1.pk, versie=1, velden={"telefoon": "222"}, medewerker=w.ma_a1)
    assert "Gewijzigd door Tine" in exc.value.bericht
    assert Client.objects.get(pk=w.c_a1.pk).telefoon == "111"


def test_update_refuses_clients_outside_the_own_caseload_and_unknown_fields(w):
    with pytest.raises(Client.DoesNotExist):
        client_update(client_id=w.c_a2.pk, versie=1, velden={"telefoon": "1"}, medewerker=w.ma_a1)
    with pytest.raises(ValueError):
        client_update(client_id=w.c_a1.pk, versie=1, velden={"gemeente": 1}, medewerker=w.ma_a1)


def test_create_numbers_dossiers_and_puts_them_in_the_own_caseload(w):
    eerste = client_create(medewerker=w.ma_a1, velden={"voornaam": "A", "achternaam": "B"})
    tweede = client_create(medewerker=w.ma_a1, velden={"voornaam": "C", "achternaam": "D"})
    assert eerste.maatschappelijk_assistent == w.ma_a1
    prefix, nummer = eerste.referentie.rsplit("-", 1)
    assert tweede.referentie == f"{prefix}-{int(nummer) + 1:05d}"
    assert AuditEvent.objects.filter(actie="client_aangemaakt").count() == 2


def test_teamleider_reassigns_with_reason_audit_and_notification(w):
    aantal = clients_toewijzen(
        client_ids=[w.c_a1.pk, w.c_geen.pk], naar=w.ma_a2, reden="Afwezigheid", door=w.tl_a
    )
    assert aantal == 2
    assert set(
        Client.objects.filter(maatschappelijk_assistent=w.ma_a2).values_list("pk", flat=True)
    ) == {w.c_a1.pk, w.c_a2.pk, w.c_geen.pk}
    events = AuditEvent.objects.filter(actie="client_toegewezen").order_by("client_id")
    assert [e.details["reden"] for e in events] == ["Afwezigheid", "Afwezigheid"]
    assert {e.details["van"] for e in events} == {w.ma_a1.pk, None}
    assert Notificatie.objects.get(ontvanger=w.ma_a2).tekst == "Dossiers aan u toegewezen: 2."


@pytest.mark.parametrize(
    ("kwargs", "veld"),
    [
        ({"reden": ""}, "reden"),
        ({"client_ids": []}, "clienten"),
        ({"naar": "ma_b1"}, "naar"),  # another team's social worker
        ({"client_ids": "c_b1"}, "clienten"),  # another team's client
    ],
)
def test_reassignment_refused_changes_nothing(w, kwargs, veld):
    args = {"client_ids": [w.c_a1.pk], "naar": w.ma_a2, "reden": "Herverdeling", "door": w.tl_a}
    for sleutel, waarde in kwargs.items():
        if waarde in ("ma_b1",):
            waarde = getattr(w, waarde)
        elif waarde == "c_b1":
            waarde = [w.c_a1.pk, w.c_b1.pk]
        args[sleutel] = waarde
    with pytest.raises(ValidationError) as exc:
        clients_toewijzen(**args)
    assert veld in exc.value.message_dict
    assert Client.objects.get(pk=w.c_a1.pk).maatschappelijk_assistent == w.ma_a1
    assert Client.objects.get(pk=w.c_b1.pk).maatschappelijk_assistent == w.ma_b1
    assert not AuditEvent.objects.filter(actie="client_toegewezen").exists()


def test_new_gpmi_ends_the_running_one(w):
    import datetime

    oud = gpmi_create(
        client=w.c_a1,
        medewerker=w.ma_a1,
        startdatum=datetime.date(2024, 1, 1),
        domein="tewerkstelling",
        doelen="Werk",
    )
    gpmi_create(
        client=w.c_a1,
        medewerker=w.ma_a1,
        startdatum=datetime.date(2025, 1, 1),
        domein="opleiding",
        doelen="Opleiding",
    )
    assert Gpmi.objects.get(pk=oud.pk).einddatum == datetime.date(2024, 12, 31)


def _zip(namen: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for naam in namen:
            z.writestr(naam, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("inhoud", "soort"),
    [
        (b"%PDF-1.4 ...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpeg"),
        (_zip(["[Content_Types].xml", "word/document.xml"]), "docx"),
        (_zip(["[Content_Types].xml", "xl/workbook.xml"]), None),  # xlsx is not accepted
        (_zip(["evil.exe"]), None),
        (b"GIF89a....", None),
        (b"", None),
    ],
)
def test_document_type_from_magic_bytes(inhoud, soort):
    assert document_soort_herkennen(SimpleUploadedFile("x.pdf", inhoud).file) == soort
