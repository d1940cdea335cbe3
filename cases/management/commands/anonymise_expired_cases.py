from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cases import rules, services


class Command(BaseCommand):
    help = "Anonymises closed cases whose retention period (settings.CASES_RETENTION_YEARS) has passed."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None, help="Retention in years after closing.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, years=None, dry_run=False, **options):
        years = years if years is not None else getattr(settings, "CASES_RETENTION_YEARS",
                                                        rules.DEFAULT_RETENTION_YEARS)
        due = list(services.cases_due_for_anonymisation(years=years))
        for case in due:
            if not dry_run:
                services.case_anonymise(case=case, by=None)
        # Only counts and pseudonymous references: no personal data in the output.
        message = _("%(n)s casus(sen) te anonimiseren.") if dry_run else _("%(n)s casus(sen) geanonimiseerd.")
        self.stdout.write(message % {"n": len(due)})
