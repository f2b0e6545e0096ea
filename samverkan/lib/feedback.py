"""Feedback where the eye is: the banner at the top of the page, for success and refusal alike.

A refused form shows its reasons beside each field, often far down a long page. The template
tag library `feedback` (registered in settings' TEMPLATES as a library) adds, at the top of
the main content, a summary of every form on the page that came back with errors, each
reason a link to its field, in the same place as the success messages; the site's script
(`static/samverkan/feedback.js`) moves focus to it, so a screen reader reads it and the
page does not seem to have done nothing.

Which forms: every form rendered through `includes/form_fields.html` or
`includes/field.html` notes itself on the request (`{% feedback_note form %}`), including
those a meeting page's panels render separately, and every bound form with errors among the
page's context values, when the page answers a submission (not GET: a search form bound to
the query string keeps its reasons beside it). `{% feedback %}…{% endfeedback %}` renders
the page's content first and then puts the summary before it. An htmx POST answered with a
partial gets the same region as an out-of-band swap (`FeedbackMiddleware`), so the banner
place is updated too. No view or page template changes for any of this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import template
from django.contrib.messages import get_messages
from django.forms.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.template.base import Parser, Token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

NOTED = "_feedback_forms"


@dataclass(frozen=True)
class Problem:
    """One reason in the summary; `anchor` is the field's id, "" for a reason without one."""

    text: str
    anchor: str = ""


def note(request: HttpRequest | None, form: Any) -> None:
    """Remember a form with errors that this response shows."""
    if request is None or not isinstance(form, BaseForm) or not form.is_bound:
        return
    if not form.errors:
        return
    noted: list[BaseForm] = request.__dict__.setdefault(NOTED, [])
    if not any(f is form for f in noted):
        noted.append(form)


def _forms_in(values: Iterable[Any]) -> list[BaseForm]:
    found: list[BaseForm] = []
    for value in values:
        if isinstance(value, BaseForm):
            found.append(value)
        elif isinstance(value, BaseFormSet) and value.is_bound:
            found.extend(value.forms)
    return found


def problems(forms: Iterable[BaseForm]) -> list[Problem]:
    """The forms' reasons in page order: each form's own, then its fields' in field order."""
    result: list[Problem] = []
    seen: set[int] = set()
    for form in forms:
        if id(form) in seen or not form.is_bound or not form.errors:
            continue
        seen.add(id(form))
        result.extend(Problem(str(text)) for text in form.non_field_errors())
        for name in form.fields:
            if name not in form.errors:
                continue
            bound = form[name]
            anchor = "" if bound.is_hidden else (bound.id_for_label or bound.auto_id or "")
            label = str(bound.label or "")
            for text in form.errors[name]:
                shown = f"{label}: {text}" if label and anchor else str(text)
                result.append(Problem(shown, str(anchor)))
    return result


def _feedback_html(request: HttpRequest | None, forms: list[BaseForm], *, oob: bool) -> str:
    shown = problems(forms)
    messages = list(get_messages(request)) if request is not None else []
    return render_to_string(
        "includes/_feedback.html",
        {
            "problems": shown,
            "feedback_messages": messages,
            "refused": bool(shown) or any("error" in m.tags for m in messages),
            "oob": oob,
        },
    )


@register.simple_tag(takes_context=True)
def feedback_note(context: template.Context, form: Any) -> str:
    note(context.get("request"), form)
    return ""


class FeedbackNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        content = self.nodelist.render(context)
        request = context.get("request")
        forms: list[BaseForm] = []
        # Only a submission is refused: a page read with GET may bind a search or filter
        # form to its query string, whose reasons stay beside the form.
        if request is not None and request.method not in ("GET", "HEAD"):
            forms = list(getattr(request, NOTED, []))
            in_context = _forms_in(v for layer in context.dicts for v in layer.values())
            forms += [f for f in in_context if not any(f is n for n in forms)]
        return SafeString(_feedback_html(request, forms, oob=False) + content)


@register.tag("feedback")
def do_feedback(parser: Parser, token: Token) -> FeedbackNode:
    """`{% feedback %}…{% endfeedback %}`: the content, with the feedback region before it."""
    nodelist = parser.parse(("endfeedback",))
    parser.delete_first_token()
    return FeedbackNode(nodelist)


class FeedbackMiddleware:
    """An htmx POST answered with a partial page: append the feedback region as an
    out-of-band swap, with the reasons of the forms the partial showed and the messages
    the action left (which would otherwise wait for the next full page). A redirect or a
    full page (which has its own region) is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.headers.get("HX-Request") == "true"
            and not request.headers.get("HX-Boosted")
            and response.status_code < 300
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
        ):
            content = response.content.decode(response.charset or "utf-8")
            if 'id="aterkoppling"' not in content:
                region = _feedback_html(request, getattr(request, NOTED, []), oob=True)
                response.content = (content + region).encode(response.charset or "utf-8")
        return response
