from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.meetings.demo import demo_meetings


class Command(BaseCommand):
    help = (
        "Ger demons egna grupper årets hållna möten och nästa års planerade, en gång; "
        "grupper som skapats på sidorna eller i API:t lämnas som de är."
    )

    def handle(self, *args: object, **options: object) -> None:
        refused: list[str] = []
        made = demo_meetings(refused=refused)
        # The demo writes some rows in bulk, without history: every public page anew.
        pages_changed()
        # A refusal is one line each, never a traceback: `make run` goes on to start the site.
        for line in refused:
            self.stderr.write(f"Demons möten planerades inte för {line}")
        self.stdout.write(f"Möten i demon: {made} nya." if made else "Demons möten finns redan.")
