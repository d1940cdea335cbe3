from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.access import Perm, partnership_ids_subquery
from partnerships.dashboard import Panel, home_panel
from partnerships.models import Partnership

from .periods import next_report_due
from .selectors import latest_report_jobs


@home_panel(order=300)
def next_report(request):
    """For coordinators: which quarterly ESF report is due next, and when; the latest report jobs."""
    partnerships = list(
        Partnership.objects.filter(pk__in=partnership_ids_subquery(request.user, Perm.REPORTING_MANAGE))
    )
    if not partnerships:
        return None
    today = timezone.localdate()
    quarter, due = next_report_due(today)
    return Panel(
        title=_("Volgend kwartaalrapport"),
        template="reporting/panels/next_report.html",
        context={"partnerships": partnerships, "quarter": quarter, "due": due, "days_left": (due - today).days,
                 "jobs": list(latest_report_jobs(request.user))},
    )
