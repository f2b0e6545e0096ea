from django.core.management.base import BaseCommand

from samverkan.audit.pages import pages_changed
from samverkan.governing.demo import load_demo_governing


class Command(BaseCommand):
    help = (
        "Ger demons Samverkan Blekinge de åtta styrdokumenten ur de lokala gruppernas "
        "uppdragsbeskrivning (Bilaga 1), med implementeringen i de femton lokala grupperna, "
        "en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        lines = load_demo_governing()
        # The demo writes some rows in bulk, without history: every public page anew.
        pages_changed()
        if not lines:
            self.stdout.write("Demons styrdokument finns redan.")
            return
        self.stdout.write("Styrdokument i demon:")
        for line in lines:
            self.stdout.write(f"  {line}")
