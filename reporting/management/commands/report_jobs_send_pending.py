"""Send quarterly report jobs the broker never received (it was down when they were asked).

Run it periodically (cron, or Celery beat with ``reporting.send_pending_report_jobs``)."""

from django.core.management.base import BaseCommand

from reporting import services


class Command(BaseCommand):
    help = "Send pending quarterly report jobs to the broker."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=0, help="only jobs requested at least N seconds ago")

    def handle(self, *args, older_than, **options):
        sent, pending = services.report_jobs_send_pending(older_than_seconds=older_than)
        self.stdout.write(f"sent {sent}; still pending: {'yes (broker unreachable)' if pending else 'no'}")
        if pending:
            raise SystemExit(1)
