"""English pages: British formats (31/12/2025), not Django's American default."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
