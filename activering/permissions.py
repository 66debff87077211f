"""Role-based access helpers for the browser screens.

Which *clients* a staff member may read or change is decided in the queries
(``clients.selectors.client_queryset_leesbaar`` / ``client_queryset_bewerkbaar``), so that a
dossier outside someone's reach is simply not found (404) and never disclosed. The helpers here
only answer "who is this request" and "may this role open this kind of screen at all".

Rules per role (``activering.constants.Rol``):

- maatschappelijk_assistent: reads the clients of his team, changes only his own caseload;
- teamleider: reads and changes all clients of his team and the unassigned clients of his
  gemeente; manages the team's caseloads (reassignment);
- beheerder: reads and changes every client of his gemeente; sees every team of his gemeente;
- analist: no client data at all (aggregated figures elsewhere): client screens give 403.

A user without an active ``Medewerker`` profile gets 403 on every client screen.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from activering.constants import Rol
from activering.models import Medewerker

#: Roles that work with client dossiers.
ROLLEN_MET_DOSSIERS = (Rol.MAATSCHAPPELIJK_ASSISTENT, Rol.TEAMLEIDER, Rol.BEHEERDER)
#: Roles that manage caseloads (team page, reassignment).
ROLLEN_TEAMBEHEER = (Rol.TEAMLEIDER, Rol.BEHEERDER)


class MedewerkerBackend(ModelBackend):
    """The standard model backend, but loading the staff profile with the user in one query
    (every screen needs the role, team and gemeente)."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related(
                "medewerker__team", "medewerker__gemeente"
            ).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def medewerker_van(user) -> Medewerker | None:
    """The active staff profile of ``user``, or ``None``."""
    if user is None or not user.is_authenticated:
        return None
    try:
        medewerker = user.medewerker
    except Medewerker.DoesNotExist:
        return None
    return medewerker if medewerker.actief else None


def mag_dossiers_zien(medewerker: Medewerker | None) -> bool:
    return medewerker is not None and medewerker.rol in ROLLEN_MET_DOSSIERS


def mag_team_beheren(medewerker: Medewerker | None) -> bool:
    return medewerker is not None and medewerker.rol in ROLLEN_TEAMBEHEER


def rol_vereist(rollen: Iterable[str]) -> Callable:
    """View decorator: login required, an active staff profile with one of ``rollen``
    (403 otherwise). The profile is put on ``request.medewerker``."""
    toegelaten = frozenset(rollen)

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            medewerker = medewerker_van(request.user)
            if medewerker is None or medewerker.rol not in toegelaten:
                raise PermissionDenied
            request.medewerker = medewerker
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


dossier_rol_vereist = rol_vereist(ROLLEN_MET_DOSSIERS)
teambeheer_rol_vereist = rol_vereist(ROLLEN_TEAMBEHEER)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the browser or partner, for the audit log and the login lockout.

    Without reverse proxies (``TRUSTED_PROXY_COUNT = 0``) it is the address the web server saw
    (``REMOTE_ADDR``); ``X-Forwarded-For`` is then ignored, since anyone can send it. Behind N
    trusted proxies that each append the address they received the request from (nginx's
    ``$proxy_add_x_forwarded_for``, Apache's ``mod_proxy``), it is the N-th address from the
    right of ``X-Forwarded-For``: the one the outermost trusted proxy saw. Entries further left
    come from the client and are never used. A missing, short or malformed header falls back
    to ``REMOTE_ADDR``."""
    aantal = settings.TRUSTED_PROXY_COUNT
    if aantal > 0:
        keten = [
            deel.strip()
            for deel in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if deel.strip()
        ]
        if len(keten) >= aantal:
            try:
                return str(ipaddress.ip_address(keten[-aantal]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None
