"""Rules of the role matrix (``tests/security/test_rollenmatrix.py``): for every URL of the
project, the status each role gets.

Every URL pattern needs a rule: a new URL without one makes ``test_every_url_has_a_rule``
fail, on purpose. Access is part of a feature; writing the rule is writing down who may do
what.

How to add a rule
-----------------
1. Run ``pytest tests/security/test_rollenmatrix.py``: the failure lists the route as the
   test sees it, e.g. ``/rapportering/exports/<int:pk>/``. Use that text as the key in
   ``REGELS``.
2. Build the rule with a helper and name the expected status per role; a role you do not
   name gets the helper's default:

   - ``web(standaard, **per_rol)``: a browser screen. Anonymous visitors and the partner
     keys (``partner_a``, ``partner_b``, ``ingetrokken``) are sent to the login page (302);
     every logged-in role gets ``standaard`` unless named.
   - ``dossier(...)``: a screen on the dossier of ``client_a`` (the client of ``ma_a``, team
     A): by default ``ma_a``, ``teamleider_a`` and ``beheerder`` 200, ``ma_b`` (team B) 404
     (not disclosed), ``analist`` and ``dpo`` 403.
   - ``alleen_beheerder(...)``, ``rapportering(...)``: the beheerder's and the reporting
     roles' screens.
   - ``staff_api(...)``, ``partner_api(...)``: the staff API (session) and the partner API
     (``Authorization: Api-Key``; any staff session gets 401 there).
   - ``iedereen(status)``: the same answer for every role.
3. Path parameters: ``params={"pk": "client_a"}`` names an object of ``Wereld`` in the test
   module (its pk is used; ``"traject_a.uuid"`` uses that attribute; ``"eerste:clients.client"``
   the first object of that model; an int or any other text is used as it is). Add objects
   to ``Wereld`` when a URL needs one.
4. POST-only views answer 405 to a GET; describe a minimal POST with ``post=...`` (same
   helpers) and ``post_data`` (``post_json=True`` sends JSON). An empty POST is usually
   enough: allowed roles get the form's 400, the others 302/403/404, and nothing changes.
5. An expected value is a status (``200``) or a set (``{200, 503}``) when the answer
   legitimately varies.

Roles: ``anoniem``; ``ma_a`` and ``ma_b`` (maatschappelijk assistent of team A and team B);
``teamleider_a``; ``beheerder`` (staff and superuser, as the demo beheerder; second factor
done); ``analist``; ``dpo`` (an analist in the group ``functionaris_gegevensbescherming``);
``partner_a``, ``partner_b`` (API keys) and ``ingetrokken`` (a revoked key of partner A).

The admin is grouped in ``PREFIX_REGELS`` (one rule per URL, computed from its name).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

ROLLEN = (
    "anoniem",
    "ma_a",
    "ma_b",
    "teamleider_a",
    "beheerder",
    "analist",
    "dpo",
    "partner_a",
    "partner_b",
    "ingetrokken",
)
INGELOGD = ("ma_a", "ma_b", "teamleider_a", "beheerder", "analist", "dpo")
PARTNERS = ("partner_a", "partner_b", "ingetrokken")

Verwachting = int | frozenset[int] | set[int]


@dataclass
class Regel:
    get: dict[str, Verwachting]
    post: dict[str, Verwachting] | None = None
    post_data: dict = field(default_factory=dict)
    post_json: bool = False
    params: dict[str, object] = field(default_factory=dict)
    pad: str = ""  # a concrete path (with query string) instead of the one built from params
    headers: dict[str, str] = field(default_factory=dict)


def _matrix(standaard: Verwachting, per_rol: dict[str, Verwachting]) -> dict[str, Verwachting]:
    onbekend = set(per_rol) - set(ROLLEN)
    assert not onbekend, f"onbekende rol(len): {onbekend}"
    return {rol: per_rol.get(rol, standaard) for rol in ROLLEN}


def iedereen(status: Verwachting, **per_rol: Verwachting) -> dict[str, Verwachting]:
    return _matrix(status, per_rol)


def web(standaard: Verwachting, **per_rol: Verwachting) -> dict[str, Verwachting]:
    """A browser screen: not logged in (anonymous, partner keys) → login page (302)."""
    return _matrix(standaard, {"anoniem": 302, **dict.fromkeys(PARTNERS, 302), **per_rol})


def dossier(**per_rol: Verwachting) -> dict[str, Verwachting]:
    """A screen on ``client_a`` (ma_a's client, team A)."""
    standaard = {"ma_a": 200, "ma_b": 404, "teamleider_a": 200, "beheerder": 200}
    return web(403, **(standaard | per_rol))


def team(**per_rol: Verwachting) -> dict[str, Verwachting]:
    """Caseload management: teamleider and beheerder."""
    return web(403, **({"teamleider_a": 200, "beheerder": 200} | per_rol))


def dossierrollen(**per_rol: Verwachting) -> dict[str, Verwachting]:
    """Screens of every role that works with dossiers (not the analist)."""
    return web(403, **({"ma_a": 200, "ma_b": 200, "teamleider_a": 200, "beheerder": 200} | per_rol))


def alleen_beheerder(status: Verwachting = 200, **per_rol: Verwachting) -> dict[str, Verwachting]:
    return web(403, **({"beheerder": status} | per_rol))


def rapportering(status: Verwachting = 200, **per_rol: Verwachting) -> dict[str, Verwachting]:
    """Aggregated figures: teamleider, beheerder, analist (and so the dpo, an analist)."""
    rollen = dict.fromkeys(("teamleider_a", "beheerder", "analist", "dpo"), status)
    return web(403, **(rollen | per_rol))


def staff_api(standaard: Verwachting, **per_rol: Verwachting) -> dict[str, Verwachting]:
    """The staff API (session authentication): no session → 403 (DRF without a challenge)."""
    return _matrix(standaard, {"anoniem": 403, **dict.fromkeys(PARTNERS, 403), **per_rol})


def partner_api(**per_rol: Verwachting) -> dict[str, Verwachting]:
    """The partner API: only a valid key; no key, a revoked key or a staff session → 401."""
    return _matrix(401, per_rol)


DOSSIER = {"pk": "client_a"}
#: A POST-only view on a dossier: every dossier role gets 405 to a GET (the method is checked
#: before the client is looked up, so even ma_b learns nothing).
ALLEEN_POST_DOSSIER = dossier(ma_a=405, ma_b=405, teamleider_a=405, beheerder=405)
PARTNER = {"pk": "partner_a"}

REGELS: dict[str, Regel] = {
    # --- start, health, accounts ---------------------------------------------------------
    "/": Regel(get=web(200)),
    "/health/": Regel(get=iedereen({200, 503})),  # 503 while no Celery worker heartbeat
    # Notifications: every staff member has his own (the list filters on the receiver).
    "/notificaties/": Regel(get=web(200)),
    "/notificaties/teller/": Regel(get=web(200)),
    "/notificaties/gelezen/": Regel(get=web(405), post=web(302)),
    "/notificaties/<int:pk>/gelezen/": Regel(
        get=web(405), post=web(302), params={"pk": "eerste:activering.notificatie"}
    ),
    "/i18n/setlang/": Regel(get=iedereen(302)),  # GET changes nothing: back to the start
    "/accounts/login/": Regel(get=iedereen(200)),
    "/accounts/logout/": Regel(get=iedereen(405)),  # POST only (never POSTed here: logs out)
    # Without a linked app → the set-up page; the beheerder (verified) → on to the start page.
    "/accounts/tweede-factor/": Regel(get=web(302)),
    "/accounts/tweede-factor/instellen/": Regel(get=web(200, beheerder=302)),
    "/accounts/password_change/": Regel(get=web(200)),
    "/accounts/password_change/done/": Regel(get=web(200)),
    "/accounts/password_reset/": Regel(get=iedereen(200)),
    "/accounts/password_reset/done/": Regel(get=iedereen(200)),
    "/accounts/reset/<uidb64>/<token>/": Regel(
        get=iedereen(200), params={"uidb64": "MQ", "token": "ongeldig-token"}
    ),
    "/accounts/reset/done/": Regel(get=iedereen(200)),
    # --- API ---------------------------------------------------------------------------------
    "/api/v1/schema/": Regel(get=iedereen(200)),
    "/api/v1/docs/": Regel(get=iedereen(200)),
    "/api/v1/indicatoren/": Regel(
        get=staff_api(200, ma_a=403, ma_b=403),
        pad="/api/v1/indicatoren/?gemeente=12025&jaar=2024",
    ),
    "/api/v1/partner/trajecten/": Regel(get=partner_api(partner_a=200, partner_b=200)),
    "/api/v1/partner/trajecten/<str:id>/": Regel(
        get=partner_api(partner_a=200, partner_b=404), params={"id": "traject_a.uuid"}
    ),
    "/api/v1/partner/trajecten/<str:id>/meldingen/": Regel(
        get=partner_api(partner_a=200, partner_b=404),
        post=partner_api(partner_a=400, partner_b=404),
        post_json=True,
        params={"id": "traject_a.uuid"},
    ),
    "/api/v1/partner/.*": Regel(
        get=partner_api(partner_a=404, partner_b=404), pad="/api/v1/partner/bestaat-niet/"
    ),
    # --- clients -----------------------------------------------------------------------------
    "/clienten/": Regel(get=dossierrollen()),
    "/clienten/nieuw/": Regel(get=dossierrollen()),
    "/clienten/team/": Regel(get=team()),
    "/clienten/team/toewijzen/": Regel(
        get=team(teamleider_a=405, beheerder=405), post=team(teamleider_a=400, beheerder=400)
    ),
    "/clienten/<int:pk>/": Regel(get=dossier(), params=DOSSIER),
    "/clienten/<int:pk>/bewerken/": Regel(get=dossier(), params=DOSSIER),
    "/clienten/<int:pk>/rijksregisternummer/": Regel(
        get=ALLEEN_POST_DOSSIER, post=dossier(), params=DOSSIER
    ),
    "/clienten/<int:pk>/logboek/": Regel(get=dossier(), params=DOSSIER),
    "/clienten/<int:pk>/logboek/nieuw/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=400, teamleider_a=400, beheerder=400),
        params=DOSSIER,
    ),
    "/clienten/<int:pk>/taken/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=400, teamleider_a=400, beheerder=400),
        params=DOSSIER,
    ),
    "/clienten/<int:pk>/taken/<int:taak_pk>/afwerken/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=302, teamleider_a=302, beheerder=302),
        params={"pk": "client_a", "taak_pk": "taak_a"},
    ),
    "/clienten/<int:pk>/documenten/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=400, teamleider_a=400, beheerder=400),
        params=DOSSIER,
    ),
    "/clienten/<int:pk>/documenten/<int:document_pk>/": Regel(
        get=dossier(), params={"pk": "client_a", "document_pk": "document_a"}
    ),
    "/clienten/<int:pk>/gpmi/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=400, teamleider_a=400, beheerder=400),
        params=DOSSIER,
    ),
    "/clienten/<int:pk>/gpmi/<int:gpmi_pk>/afspraken/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=400, teamleider_a=400, beheerder=400),
        params={"pk": "client_a", "gpmi_pk": "gpmi_a"},
    ),
    "/clienten/<int:pk>/gpmi/<int:gpmi_pk>/evaluaties/": Regel(
        get=ALLEEN_POST_DOSSIER,
        post=dossier(ma_a=400, teamleider_a=400, beheerder=400),
        params={"pk": "client_a", "gpmi_pk": "gpmi_a"},
    ),
    # Subject access (GDPR art. 15): the teamleider and the beheerder, not the social worker.
    "/clienten/<int:pk>/inzage/": Regel(get=dossier(ma_a=403, ma_b=403), params=DOSSIER),
    "/clienten/<int:pk>/inzage.json": Regel(get=dossier(ma_a=403, ma_b=403), params=DOSSIER),
    "/clienten/<int:pk>/inzage.pdf": Regel(get=dossier(ma_a=403, ma_b=403), params=DOSSIER),
    # --- trajecten ---------------------------------------------------------------------------
    "/trajecten/aanmelden/<int:client_pk>/": Regel(get=dossier(), params={"client_pk": "client_a"}),
    "/trajecten/<int:pk>/starten/": Regel(get=dossier(), params={"pk": "traject_aangemeld"}),
    "/trajecten/<int:pk>/afsluiten/": Regel(get=dossier(), params={"pk": "traject_a"}),
    # --- partner management (beheerder) ------------------------------------------------------
    "/beheer/partners/": Regel(get=alleen_beheerder()),
    "/beheer/partners/nieuw/": Regel(get=alleen_beheerder()),
    "/beheer/partners/<int:pk>/": Regel(get=alleen_beheerder(), params=PARTNER),
    "/beheer/partners/<int:pk>/bewerken/": Regel(get=alleen_beheerder(), params=PARTNER),
    "/beheer/partners/<int:pk>/overeenkomsten/nieuw/": Regel(
        get=alleen_beheerder(), params=PARTNER
    ),
    "/beheer/partners/<int:pk>/overeenkomsten/<int:overeenkomst_pk>/": Regel(
        get=alleen_beheerder(), params={"pk": "partner_a", "overeenkomst_pk": "overeenkomst_a"}
    ),
    "/beheer/partners/<int:pk>/sleutels/nieuw/": Regel(
        get=alleen_beheerder(405), post=alleen_beheerder({200, 201, 302}), params=PARTNER
    ),
    "/beheer/partners/<int:pk>/sleutels/<slug:prefix>/intrekken/": Regel(
        get=alleen_beheerder(405),
        post=alleen_beheerder(302),
        params={"pk": "partner_a", "prefix": "sleutel_ingetrokken.prefix"},
    ),
    "/beheer/partners/<int:pk>/webhooks/nieuw/": Regel(
        get=alleen_beheerder({200, 405}), post=alleen_beheerder({200, 400}), params=PARTNER
    ),
    "/beheer/partners/<int:pk>/webhooks/<int:webhook_pk>/actief/": Regel(
        get=alleen_beheerder(405),
        post=alleen_beheerder(302),
        params={"pk": "partner_a", "webhook_pk": "webhook_a"},
    ),
    "/beheer/partners/<int:pk>/webhooks/<int:webhook_pk>/geheim/": Regel(
        get=alleen_beheerder(405),
        post=alleen_beheerder(200),
        params={"pk": "partner_a", "webhook_pk": "webhook_a"},
    ),
    # --- import (beheerder) ------------------------------------------------------------------
    "/beheer/import/": Regel(get=alleen_beheerder()),
    "/beheer/import/nieuw/": Regel(get=alleen_beheerder()),
    "/beheer/import/<int:pk>/": Regel(get=alleen_beheerder(), params={"pk": "importopdracht"}),
    "/beheer/import/<int:pk>/status/": Regel(
        get=alleen_beheerder(), params={"pk": "importopdracht"}
    ),
    "/beheer/import/<int:pk>/problemen.txt": Regel(
        get=alleen_beheerder(), params={"pk": "importopdracht"}
    ),
    # --- reporting ---------------------------------------------------------------------------
    "/rapportering/": Regel(get=rapportering()),
    # Recomputing: teamleider and beheerder (the method is checked first: GET 405 for all).
    "/rapportering/herberekenen/": Regel(
        get=iedereen(405), post=rapportering(400, analist=403, dpo=403)
    ),
    # Only the session that started the recomputation follows it: anybody else 404.
    "/rapportering/herberekenen/<str:taak_id>/": Regel(
        get=rapportering(404, analist=403, dpo=403), params={"taak_id": "onbekende-taak"}
    ),
    "/rapportering/exports/": Regel(get=rapportering()),
    "/rapportering/exports/nieuw/": Regel(get=iedereen(405), post=rapportering(400)),
    # The analist's export: the requester and the beheerders of the gemeente, nobody else.
    "/rapportering/exports/<int:pk>/": Regel(
        get=rapportering(404, analist=200, beheerder=200), params={"pk": "export_analist"}
    ),
    "/rapportering/exports/<int:pk>/download/": Regel(
        get=rapportering(404),
        params={"pk": "export_analist"},  # not ready yet: 404 for all
    ),
    # --- audit trail -------------------------------------------------------------------------
    "/audit/": Regel(get=web(403, beheerder=200, dpo=200)),
    "/audit/clienten/<int:pk>/": Regel(
        get=web(403, ma_a=200, ma_b=404, beheerder=200, dpo=200), params=DOSSIER
    ),
    "/audit/clienten/<int:pk>/export.csv": Regel(
        get=web(403, ma_a=200, ma_b=404, beheerder=200, dpo=200), params=DOSSIER
    ),
}


# --- the admin, by prefix ------------------------------------------------------------------


def admin_regel(route: str, naam: str) -> Regel:
    """Every admin URL: only the beheerder (staff) gets in; everybody else is sent to the
    admin's login page (302). What the beheerder gets depends on the page (a list 200, an
    object that does not exist 302, adding to a read-only model 403), never a 404 or 500."""
    params = {
        "app_label": "activering",
        "object_id": "0",
        "content_type_id": "1",
        "id": "0",
        "pk": "0",
        "url": "bestaat-niet/",
    }
    if naam.startswith("admin:otp_totp_totpdevice_") and "pk" in route:
        # django-otp's config and QR views fail (500) on an unknown device: a real one.
        params["pk"] = "totp_beheerder"
    if naam == "admin:login":
        return Regel(get=iedereen(200, beheerder=302), params=params)
    if naam == "admin:logout":  # POST only; the others first meet the admin's login
        return Regel(get=web(302, beheerder=405), params=params)
    if naam == "admin:auth_user_password_change":
        params["id"] = "beheerder_user"
    if naam == "admin:view_on_site":
        return Regel(get=web(302, beheerder=404), params=params)
    if "(?P<url>" in route:  # the catch-all: 302 to the login page, 404 for staff
        return Regel(get=web(302, beheerder=404), pad="/admin/bestaat-niet/")
    model = re.match(r"/admin/(\w+)/(\w+)/<path:object_id>/", route)
    if model:  # a real object of that model when there is one
        params["object_id"] = f"eerste:{model.group(1)}.{model.group(2)}"
    return Regel(get=web(302, beheerder={200, 302, 403}), params=params)


PREFIX_REGELS: dict[str, Callable[[str, str], Regel]] = {"/admin/": admin_regel}
