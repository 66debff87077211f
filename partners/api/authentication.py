"""``Authorization: Api-Key <key>`` for partner organisations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from partners.models import Partner, PartnerAPIKey
from partners.selectors import partner_api_key_from_key
from partners.services import partner_api_key_mark_used

KEYWORD = "Api-Key"


class PartnerClient:
    """``request.user`` of a partner request: the organisation behind the key, not a person."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False

    def __init__(self, api_key: PartnerAPIKey):
        self.api_key = api_key
        self.partner: Partner = api_key.partner
        self.pk = None

    def __str__(self) -> str:
        return f"partner:{self.partner.code}"


class PartnerAPIKeyAuthentication(authentication.BaseAuthentication):
    """Check the key on every request (so a revocation works on the next request) and record
    its last use at most once a minute. No key: ``None`` (→ 401 via the permission);
    a wrong, revoked or expired key: 401."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _sep, sleutel = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            return None
        api_key = partner_api_key_from_key(sleutel=sleutel.strip())
        if api_key is None:
            raise exceptions.AuthenticationFailed(
                _("Ongeldige, verlopen of ingetrokken API-sleutel."), code="invalid_api_key"
            )
        partner_api_key_mark_used(api_key=api_key)
        return PartnerClient(api_key), api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD


class PartnerAPIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.authentication.PartnerAPIKeyAuthentication"
    name = "partnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "API-sleutel van de partnerorganisatie, als `Authorization: Api-Key <sleutel>`. "
                "Een beheerder maakt de sleutel aan (`manage.py partner_sleutel CODE`)."
            ),
        }
