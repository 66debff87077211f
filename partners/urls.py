"""Partner management for the beheerder, mounted at /beheer/partners/."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_lijst, name="lijst"),
    path("nieuw/", views.partner_nieuw, name="nieuw"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/bewerken/", views.partner_bewerken, name="bewerken"),
    path("<int:pk>/overeenkomsten/nieuw/", views.overeenkomst_nieuw, name="overeenkomst_nieuw"),
    path(
        "<int:pk>/overeenkomsten/<int:overeenkomst_pk>/",
        views.overeenkomst_bewerken,
        name="overeenkomst_bewerken",
    ),
    path("<int:pk>/sleutels/nieuw/", views.sleutel_nieuw, name="sleutel_nieuw"),
    path(
        "<int:pk>/sleutels/<slug:prefix>/intrekken/",
        views.sleutel_intrekken,
        name="sleutel_intrekken",
    ),
    path("<int:pk>/webhooks/nieuw/", views.webhook_nieuw, name="webhook_nieuw"),
    path("<int:pk>/webhooks/<int:webhook_pk>/actief/", views.webhook_actief, name="webhook_actief"),
    path("<int:pk>/webhooks/<int:webhook_pk>/geheim/", views.webhook_geheim, name="webhook_geheim"),
]
