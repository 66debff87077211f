"""Admin for the organisation (gemeenten, teams, staff), the audit log and notifications.

The admin is a tool for the beheerder: plain CRUD on reference data. Anything with business
rules goes through the services of the app concerned."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEvent,
    Gemeente,
    Importopdracht,
    Inwoners,
    Medewerker,
    Notificatie,
    Team,
)

admin.site.site_header = _("Activering – beheer")
admin.site.site_title = _("Activering")
admin.site.index_title = _("Beheer")

User = get_user_model()


class ReadOnlyAdminMixin:
    """For records written only by services (audit events, partner reports, snapshots):
    the admin may list and show them, never add, change or delete them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class InwonersInline(admin.TabularInline):
    model = Inwoners
    extra = 0
    fields = ["jaar", "inwoners"]


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["naam"]
    show_change_link = True


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "nis_code"]
    search_fields = ["naam", "nis_code"]
    ordering = ["naam"]
    inlines = [TeamInline, InwonersInline]


@admin.register(Inwoners)
class InwonersAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "jaar", "inwoners"]
    list_filter = ["jaar", "gemeente"]
    search_fields = ["gemeente__naam", "gemeente__nis_code"]
    list_select_related = ["gemeente"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["naam", "gemeente"]
    list_filter = ["gemeente"]
    search_fields = ["naam", "gemeente__naam"]
    list_select_related = ["gemeente"]


@admin.register(Medewerker)
class MedewerkerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "gebruikersnaam", "rol", "gemeente", "team", "vte", "actief"]
    list_filter = ["rol", "actief", "gemeente", "team"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "gemeente", "team"]
    autocomplete_fields = ["user", "gemeente", "team"]

    @admin.display(description=_("gebruikersnaam"), ordering="user__username")
    def gebruikersnaam(self, obj: Medewerker) -> str:
        return obj.user.get_username()


class MedewerkerInline(admin.StackedInline):
    """The staff profile (role, gemeente, team, FTE) edited on the user page."""

    model = Medewerker
    can_delete = False
    extra = 0
    max_num = 1
    fk_name = "user"
    autocomplete_fields = ["gemeente", "team"]
    verbose_name_plural = _("medewerkersprofiel")


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MedewerkerInline]
    list_display = ["username", "first_name", "last_name", "rol", "is_staff", "is_active"]
    list_filter = ["medewerker__rol", "medewerker__gemeente", "is_staff", "is_active"]
    list_select_related = ["medewerker"]

    @admin.display(description=_("rol"), ordering="medewerker__rol")
    def rol(self, obj) -> str:
        medewerker = getattr(obj, "medewerker", None)
        return medewerker.get_rol_display() if medewerker else "–"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail is append-only: it can be read and searched, never changed."""

    list_display = ["tijdstip", "actie", "gebruiker", "partner_code", "object_type", "object_id"]
    list_filter = ["actie", "object_type", "partner_code"]
    search_fields = ["actie", "object_id", "=client_id", "gebruiker__username", "partner_code"]
    date_hierarchy = "tijdstip"
    list_select_related = ["gebruiker"]
    # Read-only: every field is shown, none can be edited.
    readonly_fields = [
        "tijdstip",
        "gebruiker",
        "partner_code",
        "api_sleutel",
        "actie",
        "object_type",
        "object_id",
        "client_id",
        "ip_adres",
        "details",
    ]


@admin.register(Notificatie)
class NotificatieAdmin(admin.ModelAdmin):
    list_display = ["tekst", "ontvanger", "aangemaakt_op", "gelezen_op"]
    list_filter = [("gelezen_op", admin.EmptyFieldListFilter)]
    search_fields = ["tekst", "ontvanger__user__username"]
    date_hierarchy = "aangemaakt_op"
    raw_id_fields = ["ontvanger"]
    list_select_related = ["ontvanger__user"]


@admin.register(Importopdracht)
class ImportopdrachtAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Browser imports (/beheer/import/): written by the upload and its Celery job only."""

    list_display = ["aangemaakt_op", "gebruiker", "dry_run", "status", "aantal_problemen"]
    list_filter = ["status", "dry_run"]
    date_hierarchy = "aangemaakt_op"
    list_select_related = ["gebruiker"]
    exclude = ["problemen"]  # may quote cell values; read them on /beheer/import/<id>/
    readonly_fields = [
        "gebruiker",
        "aangemaakt_op",
        "gestart_op",
        "beeindigd_op",
        "status",
        "dry_run",
        "bestanden",
        "voortgang",
        "samenvatting",
        "aantal_problemen",
        "waarschuwingen",
        "taak_id",
    ]
