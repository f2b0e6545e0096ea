"""Test-run settings: a fast password hasher, since the tests create many users."""


def pytest_configure() -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests run with DEBUG off, where administrators and coordinators must have a second
    # factor; the tests that are about that rule turn it back on (samverkan/accounts/tests).
    settings.MFA_REQUIRED = False
