"""The audit screens, mounted at /audit/."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.zoeken, name="zoeken"),
    path("clienten/<int:pk>/", views.client_audit, name="client"),
    path("clienten/<int:pk>/export.csv", views.client_audit_csv, name="client_csv"),
]
