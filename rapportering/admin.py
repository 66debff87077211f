"""Admin for LAP agreements and (read-only) indicator snapshots, LAP snapshots and exports."""

from django.contrib import admin

from activering.admin import ReadOnlyAdminMixin

from .models import Export, IndicatorSnapshot, LapOvereenkomst, LapSnapshot


@admin.register(LapOvereenkomst)
class LapOvereenkomstAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "startdatum", "einddatum", "subsidie_eur", "referentie_leefloners"]
    list_filter = ["gemeente"]
    search_fields = ["gemeente__naam", "gemeente__nis_code"]
    date_hierarchy = "startdatum"
    autocomplete_fields = ["gemeente"]
    list_select_related = ["gemeente"]


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Snapshots are written by the indicator jobs only."""

    list_display = [
        "gemeente",
        "maand",
        "periode",
        "indicator",
        "dimensie",
        "dimensie_sleutel",
        "uitvoer",
        "voorlopig",
        "berekend_op",
    ]
    list_filter = ["periode", "voorlopig", "indicator", "dimensie", "gemeente"]
    search_fields = ["indicator", "gemeente__naam"]
    date_hierarchy = "maand"
    list_select_related = ["gemeente"]


@admin.register(LapSnapshot)
class LapSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Stored LAP figures, written by the indicator jobs only."""

    list_display = ["overeenkomst", "peildatum", "definitie_versie", "berekend_op"]
    list_filter = ["overeenkomst__gemeente"]
    list_select_related = ["overeenkomst__gemeente"]


@admin.register(Export)
class ExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Exports of the reporting screens (files are downloaded from the screens, audited)."""

    list_display = ["id", "soort", "formaat", "tabel", "gemeente", "status", "aangemaakt_op"]
    list_filter = ["soort", "formaat", "status", "gemeente"]
    list_select_related = ["gemeente"]
    exclude = ["bestand"]
