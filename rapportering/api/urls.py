from django.urls import path

from .views import IndicatorenView

urlpatterns = [
    path("indicatoren/", IndicatorenView.as_view(), name="api-indicatoren"),
]
