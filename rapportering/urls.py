from django.urls import path

from . import views

app_name = "rapportering"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("herberekenen/", views.herberekenen, name="herberekenen"),
    path("herberekenen/<str:taak_id>/", views.taak, name="taak"),
    path("exports/", views.exports, name="exports"),
    path("exports/nieuw/", views.export_nieuw, name="export_nieuw"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
]
