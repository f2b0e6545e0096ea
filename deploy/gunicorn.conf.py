"""gunicorn for Samverkan: `gunicorn -c deploy/gunicorn.conf.py samverkan.wsgi`.

The systemd unit (samverkan-web.service) and the CI smoke test (smoke.py) both start it so.
gunicorn reads this file as Python; the values can be changed from the environment.
"""

import os

# Only the TLS proxy on the same machine talks to gunicorn (README, Drift).
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Sync workers: a request is a short piece of database work or a PDF, both bound by CPU or
# the database, not by slow clients (the proxy buffers those). gunicorn's rule of thumb is
# two per core and one more.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
# Long enough for the PDF of long minutes and for indexing an uploaded document.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A fresh worker now and then, so memory that PDF rendering keeps is given back.
max_requests = 1000
max_requests_jitter = 100
# The proxy's X-Forwarded-Proto is believed only from these addresses: that is how Django
# knows a request came over HTTPS (or set SECURE_PROXY_SSL_HEADER for a proxy elsewhere).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
# systemd starts, reloads (HUP) and stops gunicorn; its control socket would only be one
# more thing in the service user's home.
control_socket_disable = True
