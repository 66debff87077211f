"""A URL configuration for tests/security/test_logging.py: a view that fails while it holds
personal data (in its request, its local variables and its exception message)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from clients.models import Client


@csrf_exempt
def kapot(request):
    voornaam = request.POST.get("voornaam", "")
    rijksregisternummer = request.POST.get("rijksregisternummer", "")
    client = Client.objects.get(pk=request.POST["client"])
    clienten = Client.objects.filter(pk=client.pk)
    gegevens = {"achternaam": client.achternaam, "nummer": client.rijksregisternummer}
    waarde = f"{client.achternaam}-{client.rijksregisternummer}"  # a name in a generic variable
    if voornaam or rijksregisternummer or clienten or gegevens or waarde:
        raise ValueError(f"ongeldig nummer {client.rijksregisternummer} voor dossier {client.pk}")
    return HttpResponse()


urlpatterns = [path("kapot/", kapot)]
