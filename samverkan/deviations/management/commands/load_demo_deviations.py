from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.deviations.demo import demo_deviations
from samverkan.lib.errors import DomainError


class Command(BaseCommand):
    help = (
        "Ger demons strukturer i Blekinge och Västerbotten avvikelser i samverkan, några "
        "besvarade och några försenade, en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = demo_deviations()
            # The demo writes some rows in bulk, without history: every public page anew.
            pages_changed()
        except DomainError as exc:
            # One line, never a traceback: `make run` goes on to start the site.
            self.stderr.write(f"Demons avvikelser lästes inte in: {exc.message}")
            return
        self.stdout.write(report.summary())
