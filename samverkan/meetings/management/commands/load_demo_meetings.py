from django.core.management.base import BaseCommand

from samverkan.meetings.demo import demo_meetings


class Command(BaseCommand):
    help = "Ger demons grupper årets hållna möten och nästa års planerade, där de saknas."

    def handle(self, *args: object, **options: object) -> None:
        made = demo_meetings()
        self.stdout.write(f"Möten i demon: {made} nya." if made else "Demons möten finns redan.")
