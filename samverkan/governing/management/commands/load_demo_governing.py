from django.core.management.base import BaseCommand

from samverkan.governing.demo import load_demo_governing


class Command(BaseCommand):
    help = (
        "Ger demons Samverkan Blekinge de åtta styrdokumenten ur de lokala gruppernas "
        "uppdragsbeskrivning (Bilaga 1), med implementeringen i de femton lokala grupperna, "
        "en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        lines = load_demo_governing()
        if not lines:
            self.stdout.write("Demons styrdokument finns redan.")
            return
        self.stdout.write("Styrdokument i demon:")
        for line in lines:
            self.stdout.write(f"  {line}")
