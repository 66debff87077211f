"""Partner REST API v1 (contract: ../shared/spec/partner-api.md, guide: docs/partner-api.md).

Views stay thin: selectors read, services write, ``activering.exceptions`` shapes errors."""

from __future__ import annotations

import hashlib
import json
import re
import uuid

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from activering.exceptions import (
    RequestTooLarge,
    UnprocessableEntity,
    error_response,
    exception_handler,
)
from activering.permissions import client_ip
from partners.models import Partner, PartnerAPIKey
from partners.selectors import (
    melding_list_for_traject,
    traject_api_pagina,
    traject_get_for_partner_api,
    traject_list_for_partner_api,
    traject_rij_get_for_partner_api,
)
from partners.services import (
    IdempotentieAnderVerzoek,
    idempotent_verzoek_claim,
    idempotent_verzoek_finish,
    idempotent_verzoek_lock,
    idempotent_verzoek_release,
    melding_create,
    partner_toegang_log,
)
from trajecten.models import Traject

from . import cache as lijst_cache
from .authentication import PartnerAPIKeyAuthentication
from .filters import PartnerTrajectFilter
from .parsers import LimitedJSONParser, max_body_bytes
from .permissions import IsPartner, PartnerRateThrottle
from .serializers import (
    FoutenSerializer,
    MeldingInputSerializer,
    MeldingSerializer,
    TrajectSerializer,
    traject_json,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_GEHEEL_GETAL = re.compile(r"-?[0-9]{1,30}")


class TrajectRijenPaginator(Paginator):
    """Counts the (filtered) traject queryset as it is, without the joins of a page, and
    reads the page as rows (``traject_api_pagina``): two queries whatever the page size."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        pagina = traject_api_pagina(self.object_list, van=bottom, tot=top)
        return self._get_page(pagina, number, self)


class PartnerPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = gettext_lazy(
        "Aantal resultaten per pagina (standaard 50; een groter getal dan 200 geeft 200)."
    )
    page_query_description = gettext_lazy("Paginanummer, vanaf 1.")

    def get_page_size(self, request) -> int:
        """``page_size`` must be a whole number (else 400; DRF would silently ignore it). More
        than 200 gives 200; zero or less gives the default, as before."""
        waarde = request.query_params.get(self.page_size_query_param)
        if waarde is None:
            return self.page_size
        if not _GEHEEL_GETAL.fullmatch(waarde):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: exceptions.ErrorDetail(
                        _("Geef een geheel getal (hoogstens 200)."), code="invalid"
                    )
                }
            )
        grootte = int(waarde)
        return min(grootte, self.max_page_size) if grootte > 0 else self.page_size

    def get_page_number(self, request, paginator):
        """An empty ``?page=`` is an invalid page (404) like ``?page=abc``, not page 1."""
        if request.query_params.get(self.page_query_param) == "":
            raise exceptions.NotFound(_("Ongeldige pagina."))
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


class TrajectPagination(PartnerPagination):
    django_paginator_class = TrajectRijenPaginator


def _fout(omschrijving: str) -> OpenApiResponse:
    return OpenApiResponse(response=FoutenSerializer, description=omschrijving)


FOUT_401 = _fout(gettext_lazy("Geen, een onbekende of een ingetrokken API-sleutel."))
FOUT_404 = _fout(gettext_lazy("Het traject bestaat niet of is niet aan deze partner toegewezen."))
ID_PARAMETER = OpenApiParameter(
    "id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description=gettext_lazy("Id van het traject (uuid). Een ander of onbekend id geeft 404."),
)
FOUT_429 = _fout(
    gettext_lazy("Te veel verzoeken; de header Retry-After zegt na hoeveel seconden opnieuw.")
)
FOUT_VOORBEELD = OpenApiExample(
    "Validatiefout",
    value={
        "fouten": [
            {
                "veld": "werk.startdatum",
                "code": "invalid",
                "bericht": "Ongeldige datum; gebruik het formaat JJJJ-MM-DD.",
            }
        ]
    },
    response_only=True,
    status_codes=["400"],
)
TRAJECT_VOORBEELD = OpenApiExample(
    "Traject",
    value={
        "id": "7d1f2c1e-8a4b-4c55-9b0e-2f3a1d5e6c7b",
        "soort": "jobhunting",
        "status": "lopend",
        "startdatum": "2025-02-03",
        "einddatum_gepland": "2025-05-02",
        "einddatum": None,
        "uitkomst": None,
        "deelnemer": {
            "referentie": "a81c9e2d-3f4b-4a6c-8d7e-9f0a1b2c3d4e",
            "voornaam": "Sara",
            "achternaam": "Peeters",
            "geboortejaar": 1998,
            "taal": "nl",
            "telefoon": "0470 12 34 56",
            "email": "sara@example.org",
        },
        "contactpersoon": {"naam": "Els Janssens", "email": "els.janssens@ocmw.example"},
        "gewijzigd_op": "2025-02-03T10:15:00+01:00",
    },
    response_only=True,
)


class PartnerAPIView(generics.GenericAPIView):
    """Common ground of every partner endpoint: API-key authentication, per-key throttling,
    JSON only (≤ 1 MiB), Dutch messages and the one error shape."""

    authentication_classes = [PartnerAPIKeyAuthentication]
    permission_classes = [IsPartner]
    throttle_classes = [PartnerRateThrottle]
    parser_classes = [LimitedJSONParser]
    renderer_classes = [JSONRenderer]
    pagination_class = PartnerPagination
    filter_backends: list = []
    metadata_class = None  # no OPTIONS introspection: the OpenAPI document describes the API

    def dispatch(self, request, *args, **kwargs):
        with translation.override("nl-be"):
            return super().dispatch(request, *args, **kwargs)

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > max_body_bytes():
            raise RequestTooLarge(
                _("Het verzoek is groter dan %(max)d bytes.") % {"max": max_body_bytes()}
            )

    @property
    def api_key(self) -> PartnerAPIKey:
        return self.request.auth

    @property
    def partner(self) -> Partner:
        return self.request.auth.partner

    def ip_adres(self) -> str | None:
        return client_ip(self.request)

    def niet_gevonden(self) -> exceptions.NotFound:
        return exceptions.NotFound(_("Dit traject bestaat niet of is niet van uw organisatie."))

    def get_traject(self) -> Traject:
        traject = traject_get_for_partner_api(partner=self.partner, traject_id=self.kwargs["id"])
        if traject is None:
            raise self.niet_gevonden()
        return traject

    def log_toegang(
        self, actie: str, trajecten: list[tuple[uuid.UUID, int]], details: dict | None = None
    ) -> None:
        """Audit the request: ``trajecten`` as ``(uuid, client_id)`` pairs."""
        partner_toegang_log(
            actie=actie,
            api_key=self.api_key,
            trajecten=trajecten,
            ip_adres=self.ip_adres(),
            details=details,
        )


@extend_schema(
    tags=["Partner"],
    summary=gettext_lazy("Trajecten van de partner"),
    description=gettext_lazy(
        "De trajecten die het OCMW naar uw organisatie verwees, nieuwste aanmelding eerst, "
        "per pagina. Van de deelnemer ziet u enkel wat het traject nodig heeft."
    ),
    responses={
        200: TrajectSerializer(many=True),
        400: _fout(gettext_lazy("Ongeldige filterwaarde.")),
        401: FOUT_401,
        404: _fout(gettext_lazy("Deze pagina bestaat niet.")),
        429: FOUT_429,
    },
    examples=[TRAJECT_VOORBEELD, FOUT_VOORBEELD],
)
class PartnerTrajectListApi(PartnerAPIView, generics.ListAPIView):
    serializer_class = TrajectSerializer
    pagination_class = TrajectPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = PartnerTrajectFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Traject.objects.none()
        return traject_list_for_partner_api(partner=self.partner)

    def filter_queryset(self, queryset):
        """Without any filter parameter the filter form would validate nothing and filter
        nothing: skip building it (about 0.5 ms of CPU per request)."""
        if not any(naam in self.request.query_params for naam in self.filterset_class.base_filters):
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        # Auth and the rate limit already ran (initial); a hit still writes its audit rows.
        sleutel = lijst_cache.lijst_sleutel(
            partner_id=self.partner.pk, url=request.build_absolute_uri()
        )
        treffer = None if sleutel is None else lijst_cache.lijst_get(sleutel=sleutel)
        if treffer is not None:
            body, trajecten = treffer
            if trajecten:
                self.log_toegang("partner.traject_lijst", trajecten)
            return HttpResponse(body, content_type="application/json")
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        trajecten = [(str(rij["uuid"]), rij["client_id"]) for rij in page]
        if trajecten:
            self.log_toegang("partner.traject_lijst", trajecten)
        response = self.get_paginated_response([traject_json(rij) for rij in page])
        if sleutel is not None:
            response = self.finalize_response(request, response, *args, **kwargs)
            response.render()
            lijst_cache.lijst_set(sleutel=sleutel, body=response.content, trajecten=trajecten)
        return response


@extend_schema(
    tags=["Partner"],
    summary=gettext_lazy("Eén traject"),
    description=gettext_lazy(
        "Een traject van uw organisatie. Een onbekend traject of dat van een andere "
        "partner geeft 404."
    ),
    parameters=[ID_PARAMETER],
    responses={200: TrajectSerializer, 401: FOUT_401, 404: FOUT_404, 429: FOUT_429},
    examples=[TRAJECT_VOORBEELD],
)
class PartnerTrajectDetailApi(PartnerAPIView):
    serializer_class = TrajectSerializer

    def get(self, request, *args, **kwargs):
        rij = traject_rij_get_for_partner_api(partner=self.partner, traject_id=self.kwargs["id"])
        if rij is None:
            raise self.niet_gevonden()
        self.log_toegang("partner.traject_bekijken", [(rij["uuid"], rij["client_id"])])
        return Response(traject_json(rij))


MELDING_VOORBEELD = OpenApiExample(
    "Uitkomst met werk",
    value={
        "soort": "uitkomst",
        "datum": "2025-04-30",
        "omschrijving": "Contract getekend na sollicitatietraining.",
        "uitkomst": "werk_3m_plus",
        "werk": {
            "werkgever": "Bakkerij Jansen",
            "startdatum": "2025-04-14",
            "einddatum": None,
            "contracttype": "tijdelijk",
            "uren_per_week": "38.0",
        },
    },
    request_only=True,
)
VOORTGANG_VOORBEELD = OpenApiExample(
    "Voortgang",
    value={"soort": "voortgang", "datum": "2025-03-12", "omschrijving": "Cv herwerkt."},
    request_only=True,
)
MELDING_ANTWOORD = OpenApiExample(
    "Opgeslagen melding",
    value={
        "id": "0c6b1f0e-5d2a-4b8e-9c1d-3e4f5a6b7c8d",
        "traject": "7d1f2c1e-8a4b-4c55-9b0e-2f3a1d5e6c7b",
        "soort": "uitkomst",
        "datum": "2025-04-30",
        "omschrijving": "Contract getekend na sollicitatietraining.",
        "uitkomst": "werk_3m_plus",
        "werkperiode": {
            "werkgever": "Bakkerij Jansen",
            "startdatum": "2025-04-14",
            "einddatum": None,
            "contracttype": "tijdelijk",
            "uren_per_week": "38.0",
        },
        "ontvangen_op": "2025-04-30T16:02:11+02:00",
    },
    response_only=True,
    status_codes=["201"],
)


@extend_schema_view(
    get=extend_schema(
        tags=["Partner"],
        summary=gettext_lazy("Meldingen op een traject"),
        description=gettext_lazy(
            "De meldingen die uw organisatie op dit traject deed, nieuwste eerst."
        ),
        parameters=[ID_PARAMETER],
        responses={
            200: MeldingSerializer(many=True),
            400: _fout(gettext_lazy("Ongeldige paginagrootte.")),
            401: FOUT_401,
            404: FOUT_404,
            429: FOUT_429,
        },
    ),
    post=extend_schema(
        tags=["Partner"],
        summary=gettext_lazy("Voortgang of resultaat melden"),
        description=gettext_lazy(
            "Verplichte velden per soort: `start` (datum; het traject wordt lopend), "
            "`voortgang` (datum, omschrijving), `afwezigheid` (datum), `werk` (datum, werk; "
            "maakt een werkperiode), `uitkomst` (datum, uitkomst, en werk bij een uitkomst met "
            "werk; sluit het traject af). De datum ligt niet in de toekomst en niet vóór de "
            "start van het traject. Stuur een `Idempotency-Key` mee om veilig opnieuw te "
            "proberen: hetzelfde verzoek met dezelfde sleutel geeft het eerste antwoord terug."
        ),
        parameters=[
            ID_PARAMETER,
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description=gettext_lazy(
                    "1 tot 255 tekens, uniek per verzoek (bv. een UUID); wordt minstens 24 "
                    "uur bewaard."
                ),
            ),
        ],
        request=MeldingInputSerializer,
        responses={
            201: MeldingSerializer,
            400: _fout(gettext_lazy("Ongeldige invoer of ongeldige JSON.")),
            401: FOUT_401,
            404: FOUT_404,
            409: _fout(
                gettext_lazy(
                    "Conflict met de toestand van het traject (bv. al afgesloten), of een eerder "
                    "verzoek met dezelfde Idempotency-Key is nog bezig."
                )
            ),
            413: _fout(gettext_lazy("Het verzoek is groter dan 1 MiB.")),
            415: _fout(gettext_lazy("Geen JSON (Content-Type moet application/json zijn).")),
            422: _fout(
                gettext_lazy("Deze Idempotency-Key werd al voor een ander verzoek gebruikt.")
            ),
            429: FOUT_429,
        },
        examples=[MELDING_VOORBEELD, VOORTGANG_VOORBEELD, MELDING_ANTWOORD, FOUT_VOORBEELD],
    ),
)
class PartnerMeldingApi(PartnerAPIView):
    serializer_class = MeldingSerializer

    def get(self, request, *args, **kwargs):
        traject = self.get_traject()
        self.log_toegang("partner.meldingen_lijst", [(traject.uuid, traject.client_id)])
        page = self.paginate_queryset(
            melding_list_for_traject(traject=traject, partner_id=self.partner.pk)
        )
        return self.get_paginated_response(MeldingSerializer(page, many=True).data)

    def post(self, request, *args, **kwargs):
        traject = self.get_traject()
        sleutel = self._idempotency_key()
        data = request.data  # 400 malformed JSON, 413 too large, 415 not JSON
        if sleutel is None:
            # The report, its effects and its audit event in one transaction: one commit.
            with transaction.atomic():
                response = self._verwerk(traject, data)
                self._log_melding(traject, response)
        else:
            # The claim of the key commits on its own (other requests must see it at once).
            response = self._verwerk_idempotent(request, traject, data, sleutel)
            self._log_melding(traject, response)
        return response

    def _log_melding(self, traject: Traject, response: Response) -> None:
        details = {"status": response.status_code}
        if response.status_code == status.HTTP_201_CREATED and isinstance(response.data, dict):
            details["melding"] = str(response.data.get("id"))
        self.log_toegang("partner.melding_create", [(traject.uuid, traject.client_id)], details)

    def _idempotency_key(self) -> str | None:
        sleutel = self.request.headers.get(IDEMPOTENCY_HEADER)
        if sleutel is None:
            return None
        if not 1 <= len(sleutel) <= 255 or _CONTROL_CHARS.search(sleutel):
            raise exceptions.ValidationError(
                {
                    IDEMPOTENCY_HEADER: exceptions.ErrorDetail(
                        _("De Idempotency-Key telt 1 tot 255 tekens, zonder stuurtekens."),
                        code="invalid",
                    )
                }
            )
        return sleutel

    def _verwerk(self, traject: Traject, data) -> Response:
        """Validate and store; a refused report becomes its error response (nothing stored)."""
        try:
            if not isinstance(data, dict):
                raise exceptions.ValidationError(
                    exceptions.ErrorDetail(_("Stuur de melding als JSON-object."), code="invalid")
                )
            serializer = MeldingInputSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            invoer = serializer.validated_data
            melding = melding_create(  # all or nothing (its own transaction or savepoint)
                traject=traject,
                partner=self.partner,
                api_sleutel=self.api_key,
                soort=invoer["soort"],
                datum=invoer["datum"],
                omschrijving=invoer.get("omschrijving", ""),
                uitkomst=invoer.get("uitkomst") or "",
                werk=invoer.get("werk"),
            )
        except Exception as exc:
            response = error_response(exc)
            if response is None:
                raise
            return response
        return Response(MeldingSerializer(melding).data, status=status.HTTP_201_CREATED)

    def _verwerk_idempotent(self, request, traject: Traject, data, sleutel: str) -> Response:
        inhoud = json.dumps(data, sort_keys=True, separators=(",", ":"))
        verzoek_hash = hashlib.sha256(
            f"{request.method}\n{request.path}\n{inhoud}".encode()
        ).hexdigest()
        try:
            claim = idempotent_verzoek_claim(
                partner=self.partner, sleutel=sleutel, verzoek_hash=verzoek_hash
            )
        except IdempotentieAnderVerzoek as exc:
            raise UnprocessableEntity(exc.bericht, code=exc.code) from exc
        if claim.verzoek is None:
            return Response(
                claim.response_body,
                status=claim.response_status,
                headers={"Idempotent-Replayed": "true"},
            )
        try:
            with transaction.atomic():
                idempotent_verzoek_lock(verzoek=claim.verzoek)
                response = self._verwerk(traject, data)
                idempotent_verzoek_finish(
                    verzoek=claim.verzoek,
                    response_status=response.status_code,
                    response_body=response.data,
                )
        except BaseException:
            idempotent_verzoek_release(verzoek=claim.verzoek)
            raise
        return response


class PartnerNietGevondenApi(PartnerAPIView):
    """Unknown paths under /api/v1/partner/: 404 in the API's error shape (after the key)."""

    schema = None

    def _niet_gevonden(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("Dit adres bestaat niet in de partner-API."))

    get = post = put = patch = delete = _niet_gevonden
