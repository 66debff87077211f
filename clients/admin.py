"""Admin for clients, their benefit periods and logbook.

List views never show a rijksregisternummer (only a mask with the last two digits) and the
number is not searchable, so it never ends up in a URL or an access log. Opening a client in
the admin is recorded in the audit log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from activering.admin import ReadOnlyAdminMixin
from activering.permissions import client_ip
from activering.services import audit_log

from .models import (
    Client,
    Document,
    Gpmi,
    GpmiActie,
    GpmiEvaluatie,
    Logboekitem,
    Taak,
    Uitkeringsperiode,
)


def rijksregisternummer_mask(value: str | None) -> str:
    """``••.••.••-•••.61`` for a known number, ``–`` when there is none."""
    if not value:
        return "–"
    return f"••.••.••-•••.{value[-2:]}"


class UitkeringsperiodeInline(admin.TabularInline):
    model = Uitkeringsperiode
    extra = 0
    fields = ["soort", "categorie", "startdatum", "einddatum", "stopreden"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = [
        "referentie",
        "achternaam",
        "voornaam",
        "rijksregisternummer_gemaskeerd",
        "gemeente",
        "maatschappelijk_assistent",
        "afgesloten_op",
    ]
    list_filter = ["gemeente", "geslacht", "vdab_ingeschreven", "huishouden"]
    # Deliberately no rijksregisternummer here: search terms travel in the URL.
    search_fields = ["referentie", "achternaam", "voornaam"]
    list_select_related = ["gemeente", "maatschappelijk_assistent__user"]
    autocomplete_fields = ["gemeente", "maatschappelijk_assistent"]
    readonly_fields = ["pseudoniem", "versie", "aangemaakt_op", "gewijzigd_op"]
    date_hierarchy = "aangemaakt_op"
    inlines = [UitkeringsperiodeInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "referentie",
                    "pseudoniem",
                    "gemeente",
                    "maatschappelijk_assistent",
                    "afgesloten_op",
                ]
            },
        ),
        (
            _("Persoon"),
            {
                "fields": [
                    "rijksregisternummer",
                    "voornaam",
                    "achternaam",
                    "geboortedatum",
                    "geslacht",
                    "taal",
                    "huishouden",
                ]
            },
        ),
        (_("Contact"), {"fields": ["telefoon", "email", "straat", "postcode", "woonplaats"]}),
        (
            _("Activering"),
            {"fields": ["drempels", "vdab_ingeschreven", "vdab_inschrijvingsdatum"]},
        ),
        (_("Systeem"), {"fields": ["versie", "aangemaakt_op", "gewijzigd_op"]}),
    ]

    @admin.display(description=_("rijksregisternummer"))
    def rijksregisternummer_gemaskeerd(self, obj: Client) -> str:
        return rijksregisternummer_mask(obj.rijksregisternummer)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and object_id.isdigit():
            audit_log(
                actie="client_bekeken_beheer",
                gebruiker=request.user,
                object_type="client",
                object_id=object_id,
                client_id=int(object_id),
                ip_adres=client_ip(request),
            )
        return response


@admin.register(Uitkeringsperiode)
class UitkeringsperiodeAdmin(admin.ModelAdmin):
    list_display = ["client", "soort", "categorie", "startdatum", "einddatum", "stopreden"]
    list_filter = ["soort", "categorie", "stopreden", "client__gemeente"]
    search_fields = ["client__referentie"]
    date_hierarchy = "startdatum"
    autocomplete_fields = ["client"]
    list_select_related = ["client"]


@admin.register(Logboekitem)
class LogboekitemAdmin(admin.ModelAdmin):
    list_display = ["datum", "client", "soort", "auteur", "partner"]
    list_filter = ["soort", "partner"]
    search_fields = ["client__referentie"]
    date_hierarchy = "datum"
    autocomplete_fields = ["client", "auteur", "partner"]
    list_select_related = ["client", "auteur__user", "partner"]


class GpmiActieInline(admin.TabularInline):
    model = GpmiActie
    extra = 0
    fields = ["actor", "omschrijving", "deadline", "afgerond_op"]


class GpmiEvaluatieInline(admin.StackedInline):
    model = GpmiEvaluatie
    extra = 0
    autocomplete_fields = ["auteur"]


@admin.register(Gpmi)
class GpmiAdmin(admin.ModelAdmin):
    list_display = ["client", "domein", "startdatum", "einddatum", "opgesteld_door"]
    list_filter = ["domein", "client__gemeente"]
    search_fields = ["client__referentie"]
    date_hierarchy = "startdatum"
    autocomplete_fields = ["client", "opgesteld_door"]
    list_select_related = ["client", "opgesteld_door__user"]
    inlines = [GpmiActieInline, GpmiEvaluatieInline]


@admin.register(Taak)
class TaakAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "client", "vervaldatum", "toegewezen_aan", "afgewerkt_op"]
    list_filter = [("afgewerkt_op", admin.EmptyFieldListFilter), "client__gemeente"]
    search_fields = ["client__referentie", "omschrijving"]
    date_hierarchy = "vervaldatum"
    autocomplete_fields = ["client", "toegewezen_aan"]
    list_select_related = ["client", "toegewezen_aan__user"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: uploads go through the dossier screen, which checks the file's content."""

    list_display = ["naam", "client", "soort", "grootte", "opgeladen_door", "aangemaakt_op"]
    list_filter = ["soort"]
    search_fields = ["client__referentie"]
    date_hierarchy = "aangemaakt_op"
    list_select_related = ["client", "opgeladen_door__user"]
