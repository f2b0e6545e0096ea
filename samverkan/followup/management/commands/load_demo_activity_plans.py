from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.followup.demo_plans import demo_activity_plans
from samverkan.lib.errors import DomainError


class Command(BaseCommand):
    help = (
        "Ger demons operativa arbetsgrupp i Skåne (delregion mellersta) dess lokala "
        "aktivitetsplan för i fjol och i år, och Blekinges länssamverkansgrupp Att växa upp "
        "en plan, en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = demo_activity_plans()
            # The demo writes some rows in bulk, without history: every public page anew.
            pages_changed()
        except DomainError as exc:
            # One line, never a traceback: `make run` goes on to start the site.
            self.stderr.write(f"Demons aktivitetsplaner lästes inte in: {exc.message}")
            return
        self.stdout.write(report.summary())
