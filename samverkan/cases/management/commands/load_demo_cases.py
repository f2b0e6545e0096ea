from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.cases.demo import demo_cases
from samverkan.lib.errors import DomainError


class Command(BaseCommand):
    help = (
        "Ger demons egna strukturer ärenden, rekommendationer med huvudmännens beslut, "
        "uppdrag och arbetsgrupper, en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = demo_cases()
            # The demo writes some rows in bulk, without history: every public page anew.
            pages_changed()
        except DomainError as exc:
            # One line, never a traceback: `make run` goes on to start the site.
            self.stderr.write(f"Demons ärenden lästes inte in: {exc.message}")
            return
        self.stdout.write(report.summary())
