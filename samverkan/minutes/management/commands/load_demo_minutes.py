from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.lib.errors import DomainError
from samverkan.minutes.demo import demo_minutes


class Command(BaseCommand):
    help = (
        "Skriver minnesanteckningar för de hållna mötena i demons egna grupper, en gång: de "
        "flesta justerade och publicerade, några i andra lägen i arbetsgången."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = demo_minutes()
            # The demo writes some rows in bulk, without history: every public page anew.
            pages_changed()
        except DomainError as exc:
            # One line, never a traceback: `make run` goes on to start the site.
            self.stderr.write(f"Demons minnesanteckningar skrevs inte: {exc.message}")
            return
        self.stdout.write(report.summary())
