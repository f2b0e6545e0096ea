from django.core.management.base import BaseCommand

from samverkan.statistics.demo import load_demo_statistics


class Command(BaseCommand):
    help = (
        "Ger demons egna strukturer indikatorer (SIP, utskrivningsklara, ett Kolada-nyckeltal) "
        "med några års värden för varje kommun, en gång."
    )

    def handle(self, *args: object, **options: object) -> None:
        lines = load_demo_statistics()
        if not lines:
            self.stdout.write("Demons statistik finns redan.")
            return
        self.stdout.write("Statistik i demon:")
        for line in lines:
            self.stdout.write(f"  {line}")
