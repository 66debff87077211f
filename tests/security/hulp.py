"""Helpers for tests that log in for real.

With django-axes, Django's ``client.login()`` no longer works (axes needs the request to
count failures per address). Use ``client.force_login(user)`` when the test is not about
logging in (root conftest: it also completes the TOTP step), and ``aanmelden`` to go through
the login form."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY


def aanmelden(client, username: str, password: str):
    """Post the login form; returns the response. Logged in (first factor) when
    ``is_aangemeld(client)``."""
    return client.post("/accounts/login/", {"username": username, "password": password})


def is_aangemeld(client) -> bool:
    return SESSION_KEY in client.session


def aanmelden_gelukt(client, username: str, password: str) -> bool:
    """The replacement of ``client.login(username=…, password=…)``."""
    aanmelden(client, username, password)
    return is_aangemeld(client)
