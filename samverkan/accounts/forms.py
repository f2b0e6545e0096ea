"""The account pages' forms. Django's own forms serve the password change and reset; the
reset email goes through `samverkan.lib.mail`, so that its link uses SITE_URL as every
other email does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm

from samverkan.lib.days import DayField
from samverkan.lib.mail import absolute_url, deliver, email_message, email_text
from samverkan.lib.swedish import count_text


def reset_valid_for() -> str:
    """How long a reset link works (PASSWORD_RESET_TIMEOUT), e.g. 'tre dagar'."""
    seconds = int(settings.PASSWORD_RESET_TIMEOUT)
    if seconds >= 86400:
        return count_text(seconds // 86400, "dag", "dagar")
    return count_text(max(1, seconds // 3600), "timme", "timmar")


class TokenForm(forms.Form):
    name = forms.CharField(label="Vad ska nyckeln användas till?", max_length=100)
    expires_on = DayField(
        label="Gäller till och med (valfritt)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Sista dagen nyckeln fungerar. Lämna tomt för en nyckel som gäller tills "
        "du återkallar den.",
        error_messages={"invalid": "Ange ett datum som ÅÅÅÅ-MM-DD."},
    )
    read_only = forms.BooleanField(
        label="Bara läsa",
        required=False,
        help_text="Nyckeln kan hämta uppgifter men inte skapa, ändra eller ta bort något.",
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kod",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Skriv koden."},
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="Ditt lösenord",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Skriv ditt lösenord."},
    )


class ResetForm(PasswordResetForm):
    """Django's reset request (it never tells whether the address has an account), with the
    email rendered from `email/password_reset.txt` and sent by `lib.mail`."""

    email = forms.EmailField(
        label="E-postadress",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Skriv din e-postadress.",
            "invalid": "Skriv en hel e-postadress, t.ex. namn@kommun.se.",
        },
    )

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        link = absolute_url(
            "accounts:password_reset_confirm", uidb64=context["uid"], token=context["token"]
        )
        text = email_text(
            "password_reset",
            {"user": context["user"], "link": link, "valid_for": reset_valid_for()},
        )
        # A failed send is logged by `deliver`; the page must not tell whether it was sent.
        deliver([email_message("Återställ ditt lösenord", text, to_email)])
