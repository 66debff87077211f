"""nl-BE: Django's Dutch formats with the Belgian short date 31/12/2025."""

from django.conf.locale.nl.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Month labels of the dashboard and the council report (rapportering.tabellen): "dec 2026".
MAAND_FORMAT = "b Y"
MAAND_KORT_FORMAT = "b 'y"
