from django.core.management.base import BaseCommand

from samverkan.minutes.demo import demo_minutes


class Command(BaseCommand):
    help = (
        "Skriver minnesanteckningar för demons hållna möten som saknar dem: de flesta "
        "justerade och publicerade, några i andra lägen i arbetsgången."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(demo_minutes().summary())
