"""English pages: British day-month order (31/12/2025), not Django's American default, with
the 24-hour clock the other screens use."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

SHORT_DATETIME_FORMAT = "d/m/Y H:i"

# Month labels of the dashboard and the council report (rapportering.tabellen): "Dec 2026".
MAAND_FORMAT = "M Y"
MAAND_KORT_FORMAT = "M 'y"
