"""Login throttling with django-axes: the backend that refuses a locked-out login, and the
login page that says so and when to try again (instead of axes's bare 429 text).

Axes counts wrong passwords per account and per address (settings: AXES_FAILURE_LIMIT,
AXES_COOLOFF_TIME, AXES_LOCKOUT_PARAMETERS) in its own tables; a lock ends a cool-off after
the failure that reached the limit. A try during the lock is refused without moving its end
(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so the time the page names holds.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from samverkan.lib.localtime import local_time, local_today
from samverkan.lib.swedish import clock_text, count_text, date_text

LOGIN_TEMPLATE = "accounts/login.html"


class LockoutBackend(AxesStandaloneBackend):
    """Refuses logins to a locked account or from a locked address (before the password is
    checked by the next backend). A call without a request — the test client's `login()`, a
    management command — is no login over the web and has no address to count: it is left
    to the next backend, where axes would otherwise refuse to run at all."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def lock_end(
    request: HttpRequest, credentials: dict[str, Any] | None
) -> tuple[datetime.datetime | None, bool]:
    """When the lock on this login ends, and whether it is the account (not only the address)
    that is locked. Per counted thing (the account, the address) the lock ends a cool-off
    after the newest failure that still brings the recent count up to the limit."""
    handler = AxesProxyHandler.get_implementation()
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    parameters = get_lockout_parameters(request, credentials)
    end: datetime.datetime | None = None
    account = False
    for parameter, attempts in zip(
        parameters, handler.get_user_attempts(request, credentials), strict=True
    ):
        total = 0
        rows = attempts.order_by("-attempt_time").values_list(
            "attempt_time", "failures_since_start"
        )
        for attempt_time, failures in rows:
            total += failures
            if total >= limit:
                if end is None or attempt_time + cool_off > end:
                    end = attempt_time + cool_off
                account = account or "username" in parameter
                break
    return end, account


def lockout_text(end: datetime.datetime | None, account: bool) -> str:
    what = (
        "Kontot är tillfälligt låst efter för många felaktiga lösenord."
        if account
        else "Inloggning från din adress är tillfälligt spärrad efter för många felaktiga lösenord."
    )
    if end is None:
        return f"{what} Försök igen om en stund."
    # Named by the minute it is over, so that trying at that time works.
    minutes = max(1, math.ceil((end - timezone.now()).total_seconds() / 60))
    moment = local_time(end + datetime.timedelta(seconds=59)).replace(second=0, microsecond=0)
    day = "" if moment.date() == local_today() else f"{date_text(moment.date())} "
    return (
        f"{what} Försök igen {day}kl. {clock_text(moment)} "
        f"(om {count_text(minutes, 'minut', 'minuter')})."
    )


def lockout_response(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The login page again, saying that the login is locked and until when (axes calls this
    for a refused login: AXES_LOCKOUT_CALLABLE). 429, as axes answers by default."""
    end, account = lock_end(request, credentials)
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    form = AuthenticationForm(request, initial={"username": username})
    page = TemplateResponse(
        request,
        LOGIN_TEMPLATE,
        {
            "form": form,
            "lockout": lockout_text(end, account),
            "next": request.POST.get("next", ""),
        },
        status=429,
    )
    if end is not None:
        page["Retry-After"] = str(max(1, math.ceil((end - timezone.now()).total_seconds())))
    return page.render()
