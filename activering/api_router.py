"""Every app's `api/urls.py` is mounted here under /api/v1/."""

from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("rapportering.api.urls")),
    path("partner/", include("partners.api.urls")),
]
