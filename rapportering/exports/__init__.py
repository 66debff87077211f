"""Files of the reporting app: dashboard tables (CSV, XLSX) and the council report (XLSX,
PDF). ``bestand_maken`` is called by the export job (``rapportering.services.export_maak``)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from ..models import Export
from ..tabellen import dashboard_opbouwen, filters_uit_parameters
from .raadsrapport import raadsrapport_opbouwen, raadsrapport_pdf, raadsrapport_xlsx
from .tabel import tabel_csv, tabellen_xlsx


class TabelNietBeschikbaar(ValueError):
    pass


def bestand_maken(export: Export) -> tuple[str, bytes]:
    """``(file name, content)`` of an export. File names hold no personal data."""
    p = export.parameters
    if export.soort == Export.Soort.RAADSRAPPORT:
        rapport = raadsrapport_opbouwen(
            gemeente=export.gemeente,
            van=date.fromisoformat(p["van"] + "-01"),
            tot=date.fromisoformat(p["tot"] + "-01"),
            peildatum=date.fromisoformat(p["peildatum"]),
        )
        naam = f"raadsrapport-{export.gemeente.nis_code}-{p['van']}-{p['tot']}.{export.formaat}"
        if export.formaat == Export.Formaat.PDF:
            return naam, raadsrapport_pdf(rapport)
        return naam, raadsrapport_xlsx(rapport)

    filters = filters_uit_parameters(p)
    vandaag = date.fromisoformat(p["vandaag"]) if p.get("vandaag") else None
    dashboard = dashboard_opbouwen(filters=filters, vandaag=vandaag)
    tabel = dashboard.tabellen.get(export.tabel)
    if tabel is None:
        raise TabelNietBeschikbaar(_("Deze tabel is er niet voor de gekozen filters."))
    naam = f"{export.tabel}-{export.gemeente.nis_code}-{p['van']}-{p['tot']}.{export.formaat}"
    if export.formaat == Export.Formaat.CSV:
        return naam, tabel_csv(tabel)
    return naam, tabellen_xlsx([tabel], titel=f"{export.gemeente.naam}: {tabel.titel}")
