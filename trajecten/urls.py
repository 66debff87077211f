from django.urls import path

from . import views

app_name = "trajecten"

urlpatterns = [
    path("aanmelden/<int:client_pk>/", views.aanmelden, name="aanmelden"),
    path("<int:pk>/starten/", views.starten, name="starten"),
    path("<int:pk>/afsluiten/", views.afsluiten, name="afsluiten"),
]
