"""Browser screens of social workers and team leads: access, audit, HTMX, query counts."""

import datetime
import io
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from activering.models import AuditEvent
from clients.models import Client, Document, Gpmi, GpmiActie, GpmiEvaluatie, Logboekitem, Taak
from clients.tests.builders import client_maak, leefloon_maak, partner_maak, wereld_maak
from trajecten.models import Traject, Werkperiode

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


@pytest.fixture
def w():
    return wereld_maak()


def als(client, medewerker):
    client.force_login(medewerker.user)
    return client


def dossier_url(c: Client) -> str:
    return reverse("clients:dossier", args=[c.pk])


# --- access rules through the screens -------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client, w):
    response = client.get(dossier_url(w.c_a1))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_social_worker_reads_team_dossier_but_cannot_change_it(client, w):
    als(client, w.ma_a1)
    response = client.get(dossier_url(w.c_a2))
    assert response.status_code == 200
    assert "Alleen lezen" in response.content.decode()
    post = client.post(
        reverse("clients:logboek_toevoegen", args=[w.c_a2.pk]),
        {"logboek-datum": VANDAAG.isoformat(), "logboek-soort": "gesprek", "logboek-tekst": "x"},
    )
    assert post.status_code == 403
    assert client.get(reverse("clients:bewerken", args=[w.c_a2.pk])).status_code == 403
    assert not Logboekitem.objects.exists()


@pytest.mark.parametrize("ander", ["c_b1", "c_h", "c_geen"])
def test_social_worker_gets_404_outside_his_team(client, w, ander):
    als(client, w.ma_a1)
    doel = getattr(w, ander)
    assert client.get(dossier_url(doel)).status_code == 404
    assert client.post(reverse("clients:rrn_tonen", args=[doel.pk])).status_code == 404
    assert client.get(reverse("clients:bewerken", args=[doel.pk])).status_code == 404
    assert client.get(reverse("trajecten:aanmelden", args=[doel.pk])).status_code == 404


def test_social_worker_changes_his_own_dossier(client, w):
    als(client, w.ma_a1)
    response = client.post(
        reverse("clients:logboek_toevoegen", args=[w.c_a1.pk]),
        {
            "logboek-datum": VANDAAG.isoformat(),
            "logboek-soort": "huisbezoek",
            "logboek-tekst": "Ok",
        },
    )
    assert response.status_code == 302
    assert Logboekitem.objects.get().auteur == w.ma_a1


def test_teamleider_reads_and_changes_team_and_unassigned_not_other_team(client, w):
    als(client, w.tl_a)
    for c in (w.c_a1, w.c_a2, w.c_geen):
        response = client.get(dossier_url(c))
        assert response.status_code == 200
        assert "Gegevens wijzigen" in response.content.decode()
    assert client.get(dossier_url(w.c_b1)).status_code == 404
    assert client.get(reverse("clients:bewerken", args=[w.c_geen.pk])).status_code == 200


def test_beheerder_reads_whole_gemeente_not_other_gemeente(client, w):
    als(client, w.beheerder)
    for c in (w.c_a1, w.c_b1, w.c_geen):
        assert client.get(dossier_url(c)).status_code == 200
    assert client.get(dossier_url(w.c_h)).status_code == 404


def test_analist_gets_no_client_data(client, w):
    als(client, w.analist)
    assert client.get(reverse("clients:caseload")).status_code == 403
    assert client.get(dossier_url(w.c_a1)).status_code == 403
    assert client.get(reverse("clients:team")).status_code == 403
    assert client.get(reverse("clients:intake")).status_code == 403
    assert not AuditEvent.objects.filter(actie="client_bekeken").exists()


def test_social_worker_cannot_open_team_page(client, w):
    als(client, w.ma_a1)
    assert client.get(reverse("clients:team")).status_code == 403
    assert client.post(reverse("clients:toewijzen"), {}).status_code == 403


# --- audit --------------------------------------------------------------------------------


def test_dossier_view_is_audited_without_personal_data(client, w):
    w.c_a1.rijksregisternummer = "93051822361"
    w.c_a1.save()
    als(client, w.ma_a1)
    client.get(dossier_url(w.c_a1), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(actie="client_bekeken")
    assert event.client_id == w.c_a1.pk
    assert event.gebruiker == w.ma_a1.user
    assert event.ip_adres == "10.1.2.3"
    rij = str(AuditEvent.objects.filter(pk=event.pk).values().get())
    for persoonlijk in ("93051822361", w.c_a1.achternaam, w.c_a1.voornaam):
        assert persoonlijk not in rij


def test_rijksregisternummer_is_masked_until_a_deliberate_audited_reveal(client, w):
    w.c_a1.rijksregisternummer = "93051822361"
    w.c_a1.save()
    als(client, w.ma_a2)  # a colleague of the team may read it, and the reveal is logged
    html = client.get(dossier_url(w.c_a1)).content.decode()
    assert "93.05.18-***.**" in html
    assert "93051822361" not in html and "223.61" not in html
    assert not AuditEvent.objects.filter(actie="rijksregisternummer_getoond").exists()
    response = client.post(reverse("clients:rrn_tonen", args=[w.c_a1.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "93.05.18-223.61" in response.content.decode()
    assert "<html" not in response.content.decode()  # only the fragment
    event = AuditEvent.objects.get(actie="rijksregisternummer_getoond")
    assert (event.client_id, event.gebruiker) == (w.c_a1.pk, w.ma_a2.user)


def test_rijksregisternummer_reveal_needs_post(client, w):
    als(client, w.ma_a1)
    assert client.get(reverse("clients:rrn_tonen", args=[w.c_a1.pk])).status_code == 405


# --- caseload -------------------------------------------------------------------------------


def _geschiedenis(c: Client, jaren: int = 1) -> None:
    """Some history per client so that every column has data."""
    start = VANDAAG - datetime.timedelta(days=365 * jaren)
    leefloon_maak(client=c, startdatum=start)
    Logboekitem.objects.create(client=c, datum=VANDAAG, soort="gesprek", tekst="x")
    Taak.objects.create(client=c, omschrijving="Bellen", vervaldatum=VANDAAG)
    Traject.objects.create(
        referentie=f"T-{c.pk}",
        client=c,
        soort="jobhunting",
        status="lopend",
        partner=partner_maak(),
        aanmelddatum=start,
        startdatum=start,
    )


def _caseload_queries(client, medewerker) -> int:
    als(client, medewerker)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("clients:caseload"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload_query_count_is_constant(client, w, settings):
    settings.CASELOAD_PAGE_SIZE = 100
    for _ in range(4):
        _geschiedenis(client_maak(gemeente=w.gemeente, ma=w.ma_a1))
    _geschiedenis(w.c_a1)
    weinig = _caseload_queries(client, w.ma_a1)
    for _ in range(70):
        _geschiedenis(client_maak(gemeente=w.gemeente, ma=w.ma_a1))
    veel = _caseload_queries(client, w.ma_a1)
    assert veel == weinig
    assert veel <= 12


def test_caseload_shows_status_at_a_glance(client, w):
    _geschiedenis(w.c_a1, jaren=2)
    Traject.objects.filter(client=w.c_a1).delete()
    als(client, w.ma_a1)
    html = client.get(reverse("clients:caseload")).content.decode()
    assert "Aerts, Els" in html
    assert "Bakkali" not in html  # a colleague's client is not in MY caseload
    assert "leefloon" in html and "2 jaar" in html
    assert "Bellen" in html
    assert "Leefloon sinds" in html  # the alert reason (episode > 12 months, no traject)


def test_caseload_search_is_posted_not_in_the_url(client, w):
    w.c_a1.rijksregisternummer = "93051822361"
    w.c_a1.save()
    als(client, w.ma_a1)
    response = client.post(
        reverse("clients:caseload"), {"zoek": "93.05.18-223.61"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Aerts, Els" in html and "<html" not in html
    # A search term in the URL is ignored.
    html = client.get(reverse("clients:caseload") + "?zoek=zzz").content.decode()
    assert "Aerts, Els" in html


def test_caseload_with_nonsense_filters_does_not_fail(client, w):
    als(client, w.ma_a1)
    response = client.get(reverse("clients:caseload") + "?sortering=drop&pagina=-3&alert=x")
    assert response.status_code == 200


# --- dossier --------------------------------------------------------------------------------


def _tien_jaar(c: Client, medewerker) -> None:
    start = VANDAAG - datetime.timedelta(days=3650)
    for jaar in range(10):
        begin = start + datetime.timedelta(days=365 * jaar)
        leefloon_maak(client=c, startdatum=begin, einddatum=begin + datetime.timedelta(days=300))
        Werkperiode.objects.create(
            client=c,
            startdatum=begin + datetime.timedelta(days=100),
            werkgever=f"Firma {jaar}",
            contracttype="tijdelijk",
            einddatum=begin + datetime.timedelta(days=200),
        )
        Traject.objects.create(
            referentie=f"T-{c.pk}-{jaar}",
            client=c,
            soort="opleiding",
            status="afgerond",
            aanmelddatum=begin,
            startdatum=begin,
            einddatum=begin + datetime.timedelta(days=90),
            uitkomst="opleiding",
            partner=partner_maak(),
        )
        gpmi = Gpmi.objects.create(
            client=c,
            startdatum=begin,
            einddatum=begin + datetime.timedelta(days=360),
            domein="opleiding",
            doelen="Doel",
        )
        for kwartaal in range(4):
            GpmiActie.objects.create(gpmi=gpmi, actor="client", omschrijving=f"Actie {kwartaal}")
            GpmiEvaluatie.objects.create(
                gpmi=gpmi, datum=begin + datetime.timedelta(days=90 * kwartaal), verslag="ok"
            )
        Taak.objects.create(
            client=c, omschrijving=f"Taak {jaar}", vervaldatum=begin, afgewerkt_op=begin
        )
        Logboekitem.objects.bulk_create(
            Logboekitem(
                client=c,
                datum=begin + datetime.timedelta(days=7 * week),
                soort="gesprek",
                tekst="Wekelijks gesprek",
                auteur=medewerker,
            )
            for week in range(52)
        )


def _dossier_queries(client, c) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(dossier_url(c))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_dossier_query_count_is_constant_with_ten_years_of_history(client, w):
    als(client, w.ma_a1)
    kort, _ = _dossier_queries(client, w.c_a1)
    lang_client = client_maak(gemeente=w.gemeente, ma=w.ma_a1)
    _tien_jaar(lang_client, w.ma_a1)
    lang, html = _dossier_queries(client, lang_client)
    assert lang == kort
    # The session is renewed at most once a minute (SessieVerlengenMiddleware), not per page.
    assert lang <= 12
    assert "Firma 9" in html and "Toon alle 520 contacten" in html


def test_dossier_shows_sections(client, w):
    _tien_jaar(w.c_a1, w.ma_a1)
    als(client, w.ma_a1)
    html = client.get(dossier_url(w.c_a1)).content.decode()
    for kop in ("Tijdlijn", "Trajecten", "Logboek", "GPMI", "Taken", "Documenten", "Uitkering"):
        assert kop in html
    assert "<svg" in html and "<rect" in html
    volledig = client.get(
        reverse("clients:logboek", args=[w.c_a1.pk]) + "?logboek=alles", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert volledig.count("logboek-item ") == 520


def test_contact_note_added_inline_with_htmx(client, w):
    als(client, w.ma_a1)
    url = reverse("clients:logboek_toevoegen", args=[w.c_a1.pk])
    data = {"logboek-datum": "02/01/2025", "logboek-soort": "telefoon", "logboek-tekst": "Gebeld"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="kaart" id="logboek"')
    assert "Contact toegevoegd" in html and "Gebeld" in html and "02/01/2025" in html
    item = Logboekitem.objects.get()
    assert (item.datum, item.soort, item.auteur) == (datetime.date(2025, 1, 2), "telefoon", w.ma_a1)
    assert AuditEvent.objects.filter(actie="logboek_toegevoegd", client_id=w.c_a1.pk).exists()


def test_invalid_contact_note_shows_errors_next_to_fields_and_saves_nothing(client, w):
    als(client, w.ma_a1)
    morgen = (VANDAAG + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("clients:logboek_toevoegen", args=[w.c_a1.pk]),
        {"logboek-datum": morgen, "logboek-soort": "partnermelding", "logboek-tekst": ""},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Een contact kan niet in de toekomst liggen." in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_logboek-tekst-fout"' in html
    assert not Logboekitem.objects.exists()


def test_task_added_and_completed(client, w):
    als(client, w.ma_a1)
    client.post(
        reverse("clients:taak_toevoegen", args=[w.c_a1.pk]),
        {"taak-omschrijving": "Attest opvragen", "taak-vervaldatum": "2025-12-31"},
    )
    taak = Taak.objects.get()
    assert taak.toegewezen_aan == w.ma_a1
    client.post(reverse("clients:taak_afwerken", args=[w.c_a1.pk, taak.pk]))
    taak.refresh_from_db()
    assert taak.afgewerkt_op == VANDAAG


def test_gpmi_with_step_and_evaluation(client, w):
    als(client, w.ma_a1)
    client.post(
        reverse("clients:gpmi_toevoegen", args=[w.c_a1.pk]),
        {"gpmi-startdatum": "2025-01-06", "gpmi-domein": "tewerkstelling", "gpmi-doelen": "Werk"},
    )
    gpmi = Gpmi.objects.get()
    client.post(
        reverse("clients:gpmi_actie_toevoegen", args=[w.c_a1.pk, gpmi.pk]),
        {"actie-actor": "client", "actie-omschrijving": "Inschrijven bij VDAB"},
    )
    response = client.post(
        reverse("clients:gpmi_evaluatie_toevoegen", args=[w.c_a1.pk, gpmi.pk]),
        {"evaluatie-datum": "2024-12-01", "evaluatie-verslag": "Te vroeg"},
        HTTP_HX_REQUEST="true",
    )
    assert "De evaluatie ligt vóór de start van het GPMI." in response.content.decode()
    assert gpmi.acties.count() == 1 and gpmi.evaluaties.count() == 0


# --- documents ------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, c, naam: str, inhoud: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bestand = SimpleUploadedFile(naam, inhoud, content_type="application/pdf")
    return client.post(
        reverse("clients:document_opladen", args=[c.pk]),
        {"document-bestand": bestand},
        HTTP_HX_REQUEST="true",
    )


@pytest.mark.parametrize(
    ("naam", "inhoud", "soort"),
    [("verslag.pdf", PDF, "pdf"), ("foto.bin", PNG, "png"), ("cv.docx", _docx(), "docx")],
)
def test_document_type_is_recognised_from_its_content(
    client, w, settings, tmp_path, naam, inhoud, soort
):
    settings.MEDIA_ROOT = tmp_path
    als(client, w.ma_a1)
    response = _upload(client, w.c_a1, naam, inhoud)
    assert "Document opgeladen." in response.content.decode()
    document = Document.objects.get()
    assert (document.soort, document.naam, document.grootte) == (soort, naam, len(inhoud))
    assert naam not in document.bestand.name  # stored under a random name
    download = client.get(reverse("clients:document_downloaden", args=[w.c_a1.pk, document.pk]))
    assert b"".join(download.streaming_content) == inhoud
    assert AuditEvent.objects.filter(actie="document_gedownload", client_id=w.c_a1.pk).exists()


@pytest.mark.parametrize(
    "inhoud",
    [b"MZ\x90\x00 not a pdf", b"PK\x03\x04 broken zip", b"<html>pdf</html>"],
)
def test_document_with_wrong_content_is_refused_whatever_its_name(
    client, w, settings, tmp_path, inhoud
):
    settings.MEDIA_ROOT = tmp_path
    als(client, w.ma_a1)
    response = _upload(client, w.c_a1, "echt.pdf", inhoud)
    assert "Dit bestandstype wordt niet aanvaard." in response.content.decode()
    assert not Document.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_document_over_the_size_limit_is_refused(client, w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENT_MAX_BYTES = 1024
    als(client, w.ma_a1)
    response = _upload(client, w.c_a1, "groot.pdf", PDF + b"0" * 2000)
    assert "Het bestand is te groot" in response.content.decode()
    assert not Document.objects.exists()


def test_document_of_another_team_is_not_downloadable(client, w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    als(client, w.ma_b1)
    _upload(client, w.c_b1, "a.pdf", PDF)
    document = Document.objects.get()
    als(client, w.ma_a1)
    url = reverse("clients:document_downloaden", args=[w.c_b1.pk, document.pk])
    assert client.get(url).status_code == 404
    # Also not through a client id of his own team.
    url = reverse("clients:document_downloaden", args=[w.c_a1.pk, document.pk])
    assert client.get(url).status_code == 404


def test_htmx_is_served_from_our_own_static_files(client, w):
    from django.contrib.staticfiles import finders

    als(client, w.ma_a1)
    html = client.get(reverse("clients:caseload")).content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert "unpkg" not in html and "jsdelivr" not in html and "cdn" not in html.lower()
    assert "<script>" not in html  # no inline scripts
    pad = finders.find("django_htmx/htmx-2.min.js")
    assert pad
    with open(pad, encoding="utf-8") as bestand:
        assert bestand.read(9) == "var htmx="
