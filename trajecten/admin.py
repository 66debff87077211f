"""Admin for trajecten and work spells.

Status changes belong to ``trajecten.services`` and ``trajecten.workflow``; the admin is for
corrections by a beheerder. The database constraints still hold here (the form reports them)."""

from django.contrib import admin

from .models import Traject, Werkperiode


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = [
        "referentie",
        "client",
        "soort",
        "partner",
        "status",
        "startdatum",
        "einddatum",
        "uitkomst",
    ]
    list_filter = ["status", "soort", "uitkomst", "partner", "twe", "client__gemeente"]
    search_fields = ["referentie", "client__referentie", "=uuid"]
    date_hierarchy = "startdatum"
    autocomplete_fields = ["client", "partner", "verwijzer"]
    readonly_fields = ["uuid", "aangemaakt_op", "gewijzigd_op"]
    list_select_related = ["client", "partner"]


@admin.register(Werkperiode)
class WerkperiodeAdmin(admin.ModelAdmin):
    list_display = ["client", "werkgever", "contracttype", "startdatum", "einddatum"]
    list_filter = ["contracttype", "bron_partner"]
    search_fields = ["client__referentie", "werkgever"]
    date_hierarchy = "startdatum"
    autocomplete_fields = ["client", "bron_partner"]
    list_select_related = ["client"]
