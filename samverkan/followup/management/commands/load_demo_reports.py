from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.followup.demo_reports import demo_reports
from samverkan.lib.errors import DomainError


class Command(BaseCommand):
    help = (
        "Ger demons Karlskrona-grupp Att växa upp en lämnad terminsrapport och ett utkast, "
        "och Västerbottens samverkansråd patientsäkerhet en lämnad, offentlig årsrapport, en "
        "gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = demo_reports()
            # The demo writes some rows in bulk, without history: every public page anew.
            pages_changed()
        except DomainError as exc:
            # One line, never a traceback: `make run` goes on to start the site.
            self.stderr.write(f"Demons rapporter lästes inte in: {exc.message}")
            return
        self.stdout.write(report.summary())
