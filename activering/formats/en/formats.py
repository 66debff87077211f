"""English pages: British formats (31/12/2025), not Django's American default."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

# Month labels of the dashboard and the council report (rapportering.tabellen): "Dec 2026".
MAAND_FORMAT = "M Y"
MAAND_KORT_FORMAT = "M 'y"
