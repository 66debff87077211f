from django.urls import path

from . import views, views_inzage

app_name = "clients"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nieuw/", views.intake, name="intake"),
    path("team/", views.team, name="team"),
    path("team/toewijzen/", views.toewijzen, name="toewijzen"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/bewerken/", views.bewerken, name="bewerken"),
    path("<int:pk>/rijksregisternummer/", views.rijksregisternummer_tonen, name="rrn_tonen"),
    path("<int:pk>/logboek/", views.logboek, name="logboek"),
    path("<int:pk>/logboek/nieuw/", views.logboek_toevoegen, name="logboek_toevoegen"),
    path("<int:pk>/taken/", views.taak_toevoegen, name="taak_toevoegen"),
    path("<int:pk>/taken/<int:taak_pk>/afwerken/", views.taak_afwerken, name="taak_afwerken"),
    path("<int:pk>/documenten/", views.document_opladen, name="document_opladen"),
    path(
        "<int:pk>/documenten/<int:document_pk>/",
        views.document_downloaden,
        name="document_downloaden",
    ),
    path("<int:pk>/gpmi/", views.gpmi_toevoegen, name="gpmi_toevoegen"),
    path(
        "<int:pk>/gpmi/<int:gpmi_pk>/afspraken/",
        views.gpmi_actie_toevoegen,
        name="gpmi_actie_toevoegen",
    ),
    path(
        "<int:pk>/gpmi/<int:gpmi_pk>/evaluaties/",
        views.gpmi_evaluatie_toevoegen,
        name="gpmi_evaluatie_toevoegen",
    ),
    # Subject access (GDPR art. 15): clients/views_inzage.py.
    path("<int:pk>/inzage/", views_inzage.inzage, name="inzage"),
    path("<int:pk>/inzage.json", views_inzage.inzage_json, name="inzage_json"),
    path("<int:pk>/inzage.pdf", views_inzage.inzage_pdf, name="inzage_pdf"),
]
