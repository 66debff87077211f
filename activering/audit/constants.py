from django.utils.translation import gettext_lazy as _

#: The group of the data protection officer (functionaris voor gegevensbescherming). Its
#: members hold ``activering.view_auditevent``: they read the audit trail of every client of
#: their gemeente (ADR 0014).
GROEP_DPO = "functionaris_gegevensbescherming"
PERMISSIE_DPO = "activering.view_auditevent"

#: Dutch labels of the audit actions (an unknown action is shown by its code).
ACTIES = {
    "client_bekeken": _("dossier bekeken"),
    "logboek_bekeken": _("logboek bekeken"),
    "client_bewerken_geopend": _("dossier geopend om te wijzigen"),
    "client_aangemaakt": _("dossier aangemaakt"),
    "client_gewijzigd": _("dossier gewijzigd"),
    "client_toegewezen": _("dossier toegewezen"),
    "client_bekeken_beheer": _("dossier bekeken in de beheerinterface"),
    "rijksregisternummer_getoond": _("rijksregisternummer getoond"),
    "logboek_toegevoegd": _("contact toegevoegd aan het logboek"),
    "taak_toegevoegd": _("taak toegevoegd"),
    "taak_afgewerkt": _("taak afgewerkt"),
    "document_opgeladen": _("document opgeladen"),
    "document_gedownload": _("document gedownload"),
    "gpmi_aangemaakt": _("GPMI opgesteld"),
    "gpmi_afspraak_toegevoegd": _("GPMI-afspraak toegevoegd"),
    "gpmi_geevalueerd": _("GPMI geëvalueerd"),
    "inzage_geexporteerd": _("inzage-export gemaakt"),
    "export_gedownload": _("export gedownload"),
    "partner.traject_lijst": _("partner las de trajectenlijst"),
    "partner.traject_bekijken": _("partner bekeek het traject"),
    "partner.meldingen_lijst": _("partner las de meldingen"),
    "partner.melding_create": _("partner deed een melding"),
    "auditlog_bekeken": _("auditlog van het dossier bekeken"),
    "auditlog_geexporteerd": _("auditlog van het dossier geëxporteerd (CSV)"),
    "auditlog_gezocht": _("auditlog doorzocht"),
    "auditlog_opgeruimd": _("oude auditgebeurtenissen gewist"),
    "tweede_factor_ingesteld": _("authenticator-app gekoppeld"),
    "tweede_factor_mislukt": _("foute code uit de authenticator-app"),
    "uitwisseling_import": _("CSV-import"),
    "client_geanonimiseerd": _("dossier geanonimiseerd"),
    "traject_aangemeld": _("traject aangemeld"),
    "traject_gestart": _("traject gestart"),
    "traject_afgesloten": _("traject afgesloten"),
    "export_aangevraagd": _("export aangevraagd"),
    "indicatoren_herberekenen": _("herberekening van de cijfers gestart"),
    "importopdracht_aangemaakt": _("import opgeladen"),
    "importopdracht_afgerond": _("import afgelopen"),
    "partner.aangemaakt": _("partner aangemaakt"),
    "partner.gewijzigd": _("partner gewijzigd"),
    "partner.overeenkomst_aangemaakt": _("overeenkomst met een partner aangemaakt"),
    "partner.overeenkomst_gewijzigd": _("overeenkomst met een partner gewijzigd"),
    "partner.sleutel_aangemaakt": _("API-sleutel van een partner aangemaakt"),
    "partner.sleutel_ingetrokken": _("API-sleutel van een partner ingetrokken"),
    "partner.webhook_aangemaakt": _("webhook van een partner toegevoegd"),
    "partner.webhook_aan": _("webhook van een partner ingeschakeld"),
    "partner.webhook_uit": _("webhook van een partner uitgeschakeld"),
    "partner.webhook_geheim_vernieuwd": _("nieuw geheim voor een webhook van een partner"),
}


def actie_label(actie: str) -> str:
    return str(ACTIES.get(actie, actie.replace("_", " ")))
