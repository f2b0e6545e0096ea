"""Helpers for the HTML faces that hold no domain knowledge."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.forms.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

View = Callable[..., HttpResponse]


def show_refusal(form: BaseForm, errors: Mapping[str, Sequence[str]]) -> None:
    """Put a refused action's explanations on the form, each beside the field it concerns."""
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


def post_action(back: Callable[..., str]) -> Callable[[View], View]:
    """An action's own address: a form posts to it, a visit goes back to the action's page.

    A refused action shows its page again at the action's address, and logging in again
    after the session ran out leads to the address that was posted to; opening either
    address (Enter in the address bar, a bookmark, `?next=` after logging in) would
    otherwise be a bare 405. `back(request, **url_kwargs)` gives the page to go to; it may
    look the object up through the app's access helpers, which refuse as the post would.
    Put it under `login_required`, so that a visitor who is not logged in is asked to.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(back(request, *args, **kwargs))
            return HttpResponseNotAllowed(["POST"])

        return wrapper

    return decorator
