"""The subject-access PDF: everything the partnership holds on a case."""

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.pdf import render_pdf

from . import selectors


def render_subject_access_pdf(case) -> bytes:
    data = selectors.subject_access_data(case)
    return render_pdf("cases/pdf/subject_access.html", {
        "title": _("Inzage in de gegevens – casus %(ref)s") % {"ref": case.reference},
        "case": case, "data": data, "generated_at": timezone.localtime(),
    })
