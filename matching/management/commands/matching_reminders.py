from django.core.management.base import BaseCommand

from matching import services


class Command(BaseCommand):
    help = "Mail matchmakers who have not scored by the date the coordinator set (run daily)."

    def handle(self, *args, **options):
        sent = services.reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent")
