"""nl-BE: Django's Dutch formats with the Belgian short date 31/12/2025."""

from django.conf.locale.nl.formats import *  # noqa: F403

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
