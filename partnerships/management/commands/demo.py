import importlib
import importlib.util

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partnerships.demo import DEMO_PASSWORD, build_foundation

# Each app's demo builder: "<module>:<function>", called with the DemoWorld, in this order.
DEMO_BUILDERS = [
    "partnerships.demo_governance:build",
    "matching.demo:build",
    "cases.demo:build",
    "reporting.demo:build",
]


class Command(BaseCommand):
    help = "Builds (or completes) the demo data. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        world = build_foundation()
        for spec in DEMO_BUILDERS:
            module_name, function_name = spec.split(":")
            if importlib.util.find_spec(module_name) is None:
                continue  # that app has no demo data yet
            getattr(importlib.import_module(module_name), function_name)(world)
        self.stdout.write(self.style.SUCCESS(_("Demodata staan klaar.")))
        self.stdout.write(
            _("Aanmelden met een van deze gebruikers, wachtwoord: %(password)s") % {"password": DEMO_PASSWORD}
        )
        for username in sorted(world.users):
            self.stdout.write(f"  {username}")
