"""A web worker does not load the PDF and spreadsheet libraries until a request needs them:
WeasyPrint (with its fonts and image libraries) and openpyxl cost each process some 65 MB,
and the issue's budget for a web worker is 200 MB."""

import os
import subprocess
import sys

from django.test import SimpleTestCase

PROBE = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as a serving worker has them
print(",".join(name for name in ("weasyprint", "openpyxl") if name in sys.modules))
"""


class LazyImportTests(SimpleTestCase):
    def test_it_serves_without_weasyprint_or_openpyxl_loaded(self) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samverkan.testing.settings"}
        done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
        )
        self.assertEqual(done.stdout.strip(), "", done.stderr)
