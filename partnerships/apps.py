from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerschappen")

    def ready(self):
        from . import audit, panels  # noqa: F401  (registers audited models, home panels)
        from .governance import panels as governance_panels  # noqa: F401
