from django.utils.translation import gettext_lazy as _

from partnerships.dashboard import Panel, home_panel

from .selectors import overdue_follow_ups

PANEL_SIZE = 8


@home_panel(order=200)
def overdue_follow_up_panel(request):
    """The coach's open cases whose quarterly follow-up is overdue (3 queries)."""
    if not request.user.is_authenticated:
        return None
    from .templatetags.casework import can_view_cases

    if not can_view_cases(request.user):
        return None
    cases = overdue_follow_ups(request.user)
    count = cases.count()
    return Panel(
        title=_("Driemaandelijkse opvolging te laat"),
        template="cases/panels/overdue.html",
        context={"cases": list(cases[:PANEL_SIZE]) if count else [], "count": count},
    )
