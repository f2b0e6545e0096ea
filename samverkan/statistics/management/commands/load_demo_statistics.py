from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.statistics.demo import load_demo_statistics


class Command(BaseCommand):
    help = (
        "Ger demons egna strukturer indikatorer (SIP, utskrivningsklara, ett Kolada-nyckeltal) "
        "med några års värden för varje kommun, en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        lines = load_demo_statistics()
        # The demo writes some rows in bulk, without history: every public page anew.
        pages_changed()
        if not lines:
            self.stdout.write("Demons statistik finns redan.")
            return
        self.stdout.write("Statistik i demon:")
        for line in lines:
            self.stdout.write(f"  {line}")
