from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from activering import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("notificaties/", views.notificaties, name="notificaties"),
    path("notificaties/teller/", views.notificaties_teller, name="notificaties_teller"),
    path("notificaties/gelezen/", views.notificaties_gelezen, name="notificaties_gelezen"),
    path("notificaties/<int:pk>/gelezen/", views.notificaties_gelezen, name="notificatie_gelezen"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tweede-factor/", include("activering.security.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("activering.api_router")),
    path("clienten/", include("clients.urls")),
    path("trajecten/", include("trajecten.urls")),
    path("beheer/partners/", include("partners.urls")),
    path("rapportering/", include("rapportering.urls")),
    path("audit/", include("activering.audit.urls")),
    path("beheer/import/", include("activering.uitwisseling.urls")),
]
