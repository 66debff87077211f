"""Partner API v1, mounted at /api/v1/partner/ by activering/api_router.py."""

from django.urls import path, re_path

from . import views

app_name = "partner-api"

urlpatterns = [
    path("trajecten/", views.PartnerTrajectListApi.as_view(), name="traject-list"),
    path("trajecten/<str:id>/", views.PartnerTrajectDetailApi.as_view(), name="traject-detail"),
    path(
        "trajecten/<str:id>/meldingen/",
        views.PartnerMeldingApi.as_view(),
        name="traject-meldingen",
    ),
    re_path(r"^.*$", views.PartnerNietGevondenApi.as_view(), name="niet-gevonden"),
]
