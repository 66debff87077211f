"""Login, the per-role start page, the language switch and the password-reset flow."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from activering.constants import Rol
from activering.models import Gemeente, Medewerker, Team

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord"

# The heading of each role's block on the start page.
ROL_KOP = {
    Rol.MAATSCHAPPELIJK_ASSISTENT: "Mijn caseload",
    Rol.TEAMLEIDER: "Overzicht van mijn team",
    Rol.BEHEERDER: "Beheer",
    Rol.ANALIST: "Rapportering",
}


@pytest.fixture
def gemeente():
    return Gemeente.objects.create(nis_code="12025", naam="Mechelen")


def make_user(username="ma.test", **kwargs):
    return get_user_model().objects.create_user(
        username, password=PASSWORD, email=f"{username}@example.org", **kwargs
    )


def make_medewerker(gemeente, rol, username=None, **kwargs):
    user = make_user(username or f"{rol}.test", first_name="An", is_staff=rol == Rol.BEHEERDER)
    team = Team.objects.get_or_create(gemeente=gemeente, naam="Activering")[0]
    return Medewerker.objects.create(user=user, rol=rol, gemeente=gemeente, team=team, **kwargs)


def test_login_page_is_dutch_and_accessible(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl-be">' in html
    assert "<h1" in html and "Aanmelden" in html
    # Every input has a visible label, and the first field gets the focus.
    assert '<label for="id_username">Gebruikersnaam</label>' in html
    assert '<label for="id_password">Wachtwoord</label>' in html
    username_input = re.search(r'<input type="text" name="username"[^>]*>', html, re.S).group(0)
    assert "autofocus" in username_input
    assert 'autocomplete="username"' in username_input
    assert 'href="#inhoud"' in html  # skip link


def test_anonymous_is_redirected_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_wrong_password_shows_a_dutch_error(client):
    make_user()
    response = client.post("/accounts/login/", {"username": "ma.test", "password": "fout"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    # The username is kept and the focus moves to the password.
    password_input = re.search(r'<input type="password" name="password"[^>]*>', html, re.S).group(0)
    assert "autofocus" in password_input
    assert "_auth_user_id" not in client.session


def test_login_leads_to_the_start_page(client, gemeente):
    make_medewerker(gemeente, Rol.ANALIST, username="analist.test")
    response = client.post(
        "/accounts/login/", {"username": "analist.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Welkom, An" in response.content.decode()


@pytest.mark.parametrize("rol", list(Rol))
def test_each_role_sees_its_own_start_block(client, gemeente, rol):
    medewerker = make_medewerker(gemeente, rol)
    client.force_login(medewerker.user)
    html = client.get("/").content.decode()
    assert f'data-rol="{rol}"' in html
    assert f">{ROL_KOP[rol]}</h2>" in html
    for other in Rol:
        if other != rol:
            assert f'data-rol="{other}"' not in html
    assert f"U bent aangemeld als {rol.label} in Mechelen." in html


def test_beheerder_gets_a_link_to_the_admin(client, gemeente):
    medewerker = make_medewerker(gemeente, Rol.BEHEERDER)
    client.force_login(medewerker.user)
    assert 'href="/admin/"' in client.get("/").content.decode()
    medewerker.user.is_staff = False
    medewerker.user.save()
    html = client.get("/").content.decode()
    assert 'href="/admin/"' not in html
    assert "nog geen toegang tot de beheerinterface" in html


@pytest.mark.parametrize("situatie", ["zonder_profiel", "inactief"])
def test_user_without_active_profile_sees_no_role_block(client, gemeente, situatie):
    if situatie == "zonder_profiel":
        user = make_user(first_name="An")
    else:
        user = make_medewerker(gemeente, Rol.MAATSCHAPPELIJK_ASSISTENT, actief=False).user
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Welkom, An" in html
    assert "data-rol=" not in html
    assert "Vraag dit aan een beheerder" in html


def test_language_switch_to_english_and_back(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<label for="taalkeuze">Taal</label>' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.post("/accounts/login/", {"username": "niemand", "password": "fout"})
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Please enter a correct username and password" in html
    client.post("/i18n/setlang/", {"language": "nl-be", "next": "/"})
    assert '<html lang="nl-be">' in client.get("/accounts/login/").content.decode()


def test_password_reset_mail_is_dutch_and_leads_to_a_new_password(client):
    user = make_user()
    response = client.post("/accounts/password_reset/", {"email": "ma.test@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Activering: nieuw wachtwoord kiezen"
    assert "Kies een nieuw wachtwoord via deze link" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    nieuw = "Nieuw-en-Lang-2024!"
    done = client.post(form_url, {"new_password1": nieuw, "new_password2": nieuw}, follow=True)
    assert "Wachtwoord opgeslagen" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(nieuw)
