from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActiveringConfig(AppConfig):
    name = "activering"
    verbose_name = _("Organisatie")

    def ready(self) -> None:
        from activering.security import signals  # noqa: F401 (connects the receivers)
