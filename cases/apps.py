from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Casussen")

    def ready(self):
        from . import panels  # noqa: F401  (registers the home panel)
