"""Admin for partner organisations, their yearly agreements, API keys and reports."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activering.admin import ReadOnlyAdminMixin

from .models import (
    IdempotentVerzoek,
    Melding,
    Overeenkomst,
    Partner,
    PartnerAPIKey,
    PartnerWebhook,
    WebhookAflevering,
)
from .services import partner_api_key_create, partner_api_key_revoke


class OvereenkomstInline(admin.TabularInline):
    model = Overeenkomst
    extra = 0
    fields = ["gemeente", "jaar", "subsidie_eur", "capaciteit"]
    autocomplete_fields = ["gemeente"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "soort", "actief", "contact_naam"]
    list_filter = ["soort", "actief"]
    search_fields = ["naam", "code"]
    inlines = [OvereenkomstInline]


@admin.register(Overeenkomst)
class OvereenkomstAdmin(admin.ModelAdmin):
    list_display = ["partner", "gemeente", "jaar", "subsidie_eur", "capaciteit"]
    list_filter = ["jaar", "gemeente", "partner__soort"]
    search_fields = ["partner__naam", "partner__code", "gemeente__naam"]
    autocomplete_fields = ["partner", "gemeente"]
    list_select_related = ["partner", "gemeente"]


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(admin.ModelAdmin):
    """Keys are made and revoked through ``partners.services``; the plain key is shown once."""

    list_display = ["prefix", "partner", "name", "created", "laatst_gebruikt", "revoked"]
    list_filter = ["revoked", "partner"]
    search_fields = ["prefix", "name", "partner__code", "partner__naam"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    actions = ["intrekken"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["partner", "name"]
        return ["partner", "name", "prefix", "created", "laatst_gebruikt", "revoked"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["partner", "prefix", "created", "laatst_gebruikt", "revoked"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        api_key, sleutel = partner_api_key_create(partner=obj.partner, naam=obj.name)
        obj.pk = api_key.pk  # the admin continues with the key the service made
        obj._state.adding = False
        messages.warning(
            request,
            gettext(
                "De API-sleutel voor %(partner)s is: %(sleutel)s — bewaar hem veilig, hij wordt "
                "niet meer getoond."
            )
            % {"partner": obj.partner, "sleutel": sleutel},
        )

    @admin.action(description=_("Geselecteerde sleutels intrekken"))
    def intrekken(self, request, queryset):
        for api_key in queryset.filter(revoked=False):
            partner_api_key_revoke(api_key=api_key)
        messages.success(request, gettext("De geselecteerde sleutels zijn ingetrokken."))


@admin.register(Melding)
class MeldingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reports are stored as received; their effects come from ``melding_create``."""

    list_display = ["ontvangen_op", "partner", "traject", "soort", "datum", "uitkomst"]
    list_filter = ["soort", "uitkomst", "partner"]
    search_fields = ["=uuid", "traject__referentie"]
    date_hierarchy = "ontvangen_op"
    list_select_related = ["partner", "traject"]


@admin.register(IdempotentVerzoek)
class IdempotentVerzoekAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["aangemaakt_op", "partner", "status", "response_status"]
    list_filter = ["status", "partner"]
    date_hierarchy = "aangemaakt_op"
    list_select_related = ["partner"]


@admin.register(PartnerWebhook)
class PartnerWebhookAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Webhooks are managed on the partner page (/beheer/partners/); the secret is never shown."""

    list_display = ["partner", "url", "actief", "aangemaakt_op"]
    list_filter = ["actief", "partner"]
    exclude = ["secret"]
    list_select_related = ["partner"]


@admin.register(WebhookAflevering)
class WebhookAfleveringAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["aangemaakt_op", "webhook", "event", "poging", "status_code", "afgeleverd_op"]
    list_filter = ["event", "status_code"]
    date_hierarchy = "aangemaakt_op"
    list_select_related = ["webhook__partner"]
