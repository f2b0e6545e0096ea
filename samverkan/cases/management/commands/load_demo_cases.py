from django.core.management.base import BaseCommand

from samverkan.cases.demo import demo_cases


class Command(BaseCommand):
    help = (
        "Ger demons strukturer ärenden, rekommendationer med huvudmännens beslut, uppdrag "
        "och arbetsgrupper, där de saknas."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(demo_cases().summary())
