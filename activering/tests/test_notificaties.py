"""In-app notifications: a partner report notifies the client's social worker; the top bar
shows the unread count; the list and 'mark as read' touch only one's own notifications."""

import pytest

from activering.models import Notificatie
from activering.services import notificatie_create
from activering.tests.factories import MedewerkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ma():
    return MedewerkerFactory()


@pytest.fixture
def collega(ma):
    return MedewerkerFactory(gemeente=ma.gemeente, team=ma.team)


def test_counter_shows_only_my_unread_notifications(client, ma, collega):
    notificatie_create(ontvanger=ma, tekst="Jobroad meldde een start", link="/clienten/1/")
    notificatie_create(ontvanger=ma, tekst="Nieuwe cliënt toegewezen")
    notificatie_create(ontvanger=collega, tekst="Niet voor jou")
    client.force_login(ma.user)
    teller = client.get("/notificaties/teller/").content.decode()
    assert ">2<" in teller
    assert "2 ongelezen notificaties" in teller


def test_base_page_loads_the_counter_lazily(client, ma):
    client.force_login(ma.user)
    html = client.get("/").content.decode()
    assert 'hx-get="/notificaties/teller/"' in html


def test_list_shows_mine_unread_first_and_never_a_colleagues(client, ma, collega):
    oud = notificatie_create(ontvanger=ma, tekst="Oude melding")
    notificatie_create(ontvanger=ma, tekst="Nieuwe melding")
    notificatie_create(ontvanger=collega, tekst="Melding van een collega")
    client.force_login(ma.user)
    client.post(f"/notificaties/{oud.pk}/gelezen/")
    html = client.get("/notificaties/").content.decode()
    assert "Melding van een collega" not in html
    assert html.index("Nieuwe melding") < html.index("Oude melding")


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, ma):
    notificatie = notificatie_create(ontvanger=ma, tekst="Start", link="/clienten/7/")
    client.force_login(ma.user)
    response = client.post(f"/notificaties/{notificatie.pk}/gelezen/", {"volgende": "/clienten/7/"})
    assert response.status_code == 302
    assert response["Location"] == "/clienten/7/"
    notificatie.refresh_from_db()
    assert notificatie.gelezen_op is not None


def test_a_foreign_link_is_not_followed(client, ma):
    notificatie = notificatie_create(ontvanger=ma, tekst="Start")
    client.force_login(ma.user)
    response = client.post(
        f"/notificaties/{notificatie.pk}/gelezen/", {"volgende": "https://evil.example/"}
    )
    assert response["Location"] == "/notificaties/"


def test_marking_a_colleagues_notification_changes_nothing(client, ma, collega):
    andere = notificatie_create(ontvanger=collega, tekst="Niet voor jou")
    client.force_login(ma.user)
    client.post(f"/notificaties/{andere.pk}/gelezen/")
    andere.refresh_from_db()
    assert andere.gelezen_op is None


def test_mark_all_read(client, ma):
    for tekst in ("a", "b", "c"):
        notificatie_create(ontvanger=ma, tekst=tekst)
    client.force_login(ma.user)
    client.post("/notificaties/gelezen/")
    assert not Notificatie.objects.filter(ontvanger=ma, gelezen_op__isnull=True).exists()
    assert "<span></span>" in client.get("/notificaties/teller/").content.decode()


def test_anonymous_is_sent_to_login(client):
    assert client.get("/notificaties/").status_code == 302


def test_a_template_notification_is_shown_in_the_readers_language(client, ma):
    from django.utils import translation
    from django.utils.translation import gettext_noop

    notificatie = notificatie_create(
        ontvanger=ma,
        sjabloon=gettext_noop(
            "%(partner)s meldde ‘%(soort)s’ (%(datum)s) voor traject %(traject)s."
        ),
        parameters={
            "partner": "Jobroad",
            "soort": "afwezigheid",
            "datum": "05/12/2026",
            "traject": "TRJ-1",
        },
    )
    dutch = "Jobroad meldde ‘afwezigheid’ (05/12/2026) voor traject TRJ-1."
    assert notificatie.tekst == dutch
    with translation.override("nl-be"):
        assert notificatie.weergave == dutch
    with translation.override("en"):
        assert (
            notificatie.weergave == "Jobroad reported ‘absence’ (05/12/2026) for trajectory TRJ-1."
        )
    # The list shows it in the language of the reader.
    client.force_login(ma.user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/notificaties/"})
    assert "Jobroad reported ‘absence’" in client.get("/notificaties/").content.decode()


def test_a_template_that_no_longer_fits_falls_back_to_the_stored_text(ma):
    from django.utils import translation

    notificatie = notificatie_create(ontvanger=ma, sjabloon="%(x)s", parameters={"x": "y"})
    Notificatie.objects.filter(pk=notificatie.pk).update(parameters={})
    notificatie.refresh_from_db()
    with translation.override("en"):
        assert notificatie.weergave == "y"
    # An empty text parameter is not looked up (gettext("") is the catalogue's header).
    leeg = notificatie_create(ontvanger=ma, sjabloon="[%(x)s]", parameters={"x": ""})
    with translation.override("en"):
        assert leeg.weergave == "[]"
