from django.core.management.base import BaseCommand

from samverkan.structure.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Skriver ut demons inloggningar."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(
            f'Logga in på /konto/logga-in/ med lösenordet "{DEMO_PASSWORD}" och något av användarnamnen:'
        )
        for username, what in demo_logins():
            self.stdout.write(f"  {username:<45} {what}")
