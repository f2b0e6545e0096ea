"""Forms for periodic reports: input shape only; the rules are in `services/reports.py`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from samverkan.followup.services.reports import SUMMARY_MAX, TEXT_MAX, PeriodKey
from samverkan.lib.localtime import local_day
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class ReportNewForm(forms.Form):
    period = forms.ChoiceField(label="Period", choices=PeriodKey.choices)
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    to_body = forms.TypedChoiceField(
        label="Till",
        coerce=int,
        help_text="Grupperna som uppdragsbeskrivningen säger att rapporten ska till, annars "
        "uppdragsgivaren.",
    )

    def __init__(self, *args: Any, bodies: Sequence[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_body"].choices = [(b.pk, b.name) for b in bodies]  # type: ignore[attr-defined]


class LockForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TextsForm(TextCheckedForm, LockForm):
    """The summary and one text per section, named `text_<key>`."""

    summary = forms.CharField(
        label="Sammanfattning",
        widget=TEXTAREA,
        required=False,
        max_length=SUMMARY_MAX,
        help_text="Står som beskrivning på mottagarens dagordning.",
    )

    def __init__(self, *args: Any, sections: Sequence[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[f"text_{section['key']}"] = forms.CharField(
                label=f"Kommentar: {section['heading']}",
                widget=TEXTAREA,
                required=False,
                max_length=TEXT_MAX,
            )
        self.section_keys = [s["key"] for s in sections]

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"text_{key}", "") for key in self.section_keys}

    def section_field(self, key: str) -> forms.BoundField:
        return self[f"text_{key}"]


class DeliverForm(LockForm):
    meeting = forms.TypedChoiceField(
        label="Möte",
        coerce=int,
        help_text="Rapporten läggs som informationspunkt på mötets dagordning.",
    )
    early = forms.BooleanField(
        label="Lämna rapporten fast perioden inte har slutat",
        required=False,
        help_text="Uppgifterna saknar det som händer resten av perioden.",
    )

    def __init__(
        self, *args: Any, meetings: Sequence[Meeting], early: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [  # type: ignore[attr-defined]
            (m.pk, meeting_label(m)) for m in meetings
        ]
        if not early:
            del self.fields["early"]


def meeting_label(meeting: Meeting) -> str:
    """ "21 december 2026, mötet i Länssamverkansgrupp Att växa upp"."""
    what = f" ({meeting.title})" if meeting.title else ""
    return f"{date_text(local_day(meeting.starts_at))}, mötet i {meeting.body.name}{what}"
