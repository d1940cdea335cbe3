from django.utils.translation import gettext_lazy as _

from .dashboard import Panel, home_panel
from .selectors import memberships_of_user


@home_panel(order=900)
def my_roles(request):
    memberships = list(memberships_of_user(request.user))
    if not memberships:
        return None  # a matchmaker or candidate has other panels; no roles at all: the page's empty state
    return Panel(
        title=_("Mijn partnerschappen en rollen"),
        template="partnerships/panels/my_roles.html",
        context={"memberships": memberships},
    )
