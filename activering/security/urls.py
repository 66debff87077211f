from django.urls import path

from . import views

urlpatterns = [
    path("", views.tweede_factor, name="tweede_factor"),
    path("instellen/", views.tweede_factor_instellen, name="tweede_factor_instellen"),
]
