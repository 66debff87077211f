"""``GET /api/v1/indicatoren/``: the indicator object of the command ``bereken_indicatoren``
(../shared/spec/indicatoren.md section 8) for staff with the reporting right."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from activering.constants import Rol
from activering.permissions import medewerker_van
from rapportering.indicatoren import OngeldigePeriode
from rapportering.selectors import (
    OngeldigeParameter,
    gemeente_get_by_nis,
    indicatoren_jaar,
    indicatoren_jaar_opgeslagen,
    indicatoren_lap,
    indicatoren_maand,
    indicatoren_maand_opgeslagen,
)

from .serializers import IndicatorenQuerySerializer

#: Roles that may read the aggregated figures (not the social workers).
ROLLEN_RAPPORTERING = frozenset({Rol.TEAMLEIDER, Rol.BEHEERDER, Rol.ANALIST})


class MagRapportenZien(permissions.BasePermission):
    """An active staff member with a reporting role (teamleider, beheerder, analist)."""

    message = gettext_lazy("U hebt geen toegang tot de rapportering.")

    def has_permission(self, request, view) -> bool:
        if request.user and request.user.is_authenticated and request.user.is_superuser:
            return True
        medewerker = medewerker_van(request.user)
        return medewerker is not None and medewerker.rol in ROLLEN_RAPPORTERING


class IndicatorenView(APIView):
    permission_classes = [permissions.IsAuthenticated, MagRapportenZien]

    @extend_schema(
        summary=gettext_lazy("Indicatoren van een gemeente"),
        parameters=[
            OpenApiParameter(
                "gemeente", OpenApiTypes.STR, required=True, description=gettext_lazy("NIS-code")
            ),
            OpenApiParameter("maand", OpenApiTypes.STR, description=gettext_lazy("JJJJ-MM")),
            OpenApiParameter("jaar", OpenApiTypes.STR, description=gettext_lazy("JJJJ")),
            OpenApiParameter(
                "lap", OpenApiTypes.BOOL, description=gettext_lazy("LAP-overeenkomsten")
            ),
            OpenApiParameter(
                "peildatum", OpenApiTypes.DATE, description=gettext_lazy("standaard vandaag")
            ),
            OpenApiParameter(
                "opgeslagen", OpenApiTypes.BOOL, description=gettext_lazy("momentopname lezen")
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = IndicatorenQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            gemeente = gemeente_get_by_nis(nis_code=params["gemeente"])
        except OngeldigeParameter as fout:
            raise ValidationError({"gemeente": [str(fout)]}) from None
        medewerker = medewerker_van(request.user)
        if not request.user.is_superuser and (
            medewerker is None or medewerker.gemeente_id != gemeente.pk
        ):
            raise PermissionDenied(_("U hebt geen toegang tot de cijfers van deze gemeente."))

        peildatum = params.get("peildatum")
        try:
            if params.get("opgeslagen"):
                uitvoer = (
                    indicatoren_maand_opgeslagen(gemeente=gemeente, maand=params["maand"])
                    if params.get("maand")
                    else indicatoren_jaar_opgeslagen(gemeente=gemeente, jaar=params["jaar"])
                )
                if uitvoer is None:
                    raise NotFound(_("Voor deze periode is nog geen momentopname opgeslagen."))
            elif params.get("maand"):
                uitvoer = indicatoren_maand(
                    gemeente=gemeente, maand=params["maand"], peildatum=peildatum
                )
            elif params.get("jaar"):
                uitvoer = indicatoren_jaar(
                    gemeente=gemeente, jaar=params["jaar"], peildatum=peildatum
                )
            else:
                uitvoer = indicatoren_lap(gemeente=gemeente, peildatum=peildatum)
        except OngeldigePeriode as fout:
            raise ValidationError({"peildatum": [str(fout)]}) from None
        return Response(uitvoer)
