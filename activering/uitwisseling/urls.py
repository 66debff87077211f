"""The browser import for the beheerder, mounted at /beheer/import/."""

from django.urls import path

from . import views

app_name = "uitwisseling"

urlpatterns = [
    path("", views.import_lijst, name="lijst"),
    path("nieuw/", views.import_nieuw, name="nieuw"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/status/", views.import_status, name="status"),
    path("<int:pk>/problemen.txt", views.import_problemen, name="problemen"),
]
