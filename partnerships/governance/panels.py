"""Home panel "what governance asks of me today" (partnerships/dashboard.py).

Import this module from PartnershipsConfig.ready() to register it."""

from django.utils.translation import gettext_lazy as _

from ..dashboard import Panel, home_panel
from . import selectors


@home_panel(order=200)
def governance_today(request):
    data = selectors.needs_me(request.user)
    if not any(data[key] for key in ("agreements", "raised", "responsible", "notices", "overdue_issues")):
        return None
    return Panel(title=_("Bestuur: wat vraagt aandacht"), template="governance/panels/needs_me.html", context=data)
