from django.contrib.auth import get_user_model

import pytest


@pytest.mark.django_db
def test_login_page_is_dutch(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Aanmelden" in response.content.decode()


@pytest.mark.django_db
def test_home_requires_login_and_greets_user(client):
    assert client.get("/").status_code == 302
    get_user_model().objects.create_user("ma.test", password="een-lang-wachtwoord", first_name="An")
    assert client.login(username="ma.test", password="een-lang-wachtwoord")
    response = client.get("/")
    assert response.status_code == 200
    assert "Welkom, An" in response.content.decode()
