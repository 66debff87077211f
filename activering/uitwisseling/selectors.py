"""Reads for the browser import (``/beheer/import/``)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from activering.models import Importopdracht

from .opdrachten import voortgang_sleutel


def importopdracht_list() -> QuerySet[Importopdracht]:
    """Every import job of the installation, newest first (imports are installation-wide)."""
    return Importopdracht.objects.select_related("gebruiker").order_by("-aangemaakt_op", "-id")


def importopdracht_get(*, pk: int) -> Importopdracht:
    """Raises ``Importopdracht.DoesNotExist``."""
    return Importopdracht.objects.select_related("gebruiker").get(pk=pk)


def importopdracht_voortgang(*, opdracht: Importopdracht) -> dict:
    """``{"procent", "bestand", "fase"}`` of a job: live from the cache while it runs."""
    if not opdracht.afgelopen:
        live = cache.get(voortgang_sleutel(opdracht.pk))
        if live:
            return live
    return {"procent": opdracht.voortgang, "bestand": "", "fase": ""}
