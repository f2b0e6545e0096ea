"""Forms for the meeting pages: input shape only; the rules live in the services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from samverkan.lib.days import DayField
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting
from samverkan.structure.models import Body, Membership, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanYearForm(TextCheckedForm, forms.Form):
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    days = forms.CharField(required=False, widget=forms.MultipleHiddenInput)
    place = forms.CharField(label="Plats", required=False, max_length=300)

    def clean_days(self) -> list[datetime.date]:
        raw = self.data.getlist(self.add_prefix("days")) if hasattr(self.data, "getlist") else []
        days = []
        for value in raw:
            try:
                days.append(datetime.date.fromisoformat(value))
            except ValueError:
                raise forms.ValidationError(f"{value} är inget datum.") from None
        return days


class MeetingForm(TextCheckedForm, forms.ModelForm):
    day = DayField(label="Dag", widget=DATE)
    start = forms.TimeField(label="Börjar", widget=TIME)
    end = forms.TimeField(label="Slutar", widget=TIME)
    reason = forms.CharField(
        label="Anledning till ändringen",
        required=False,
        max_length=500,
        help_text="Visas i mötets historik, t.ex. varför mötet flyttas.",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["title", "place", "video_link", "form"]
        labels = {
            "title": "Rubrik",
            "place": "Plats",
            "video_link": "Videolänk",
            "form": "Mötesform",
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at, STOCKHOLM)
            end = timezone.localtime(self.instance.ends_at, STOCKHOLM)
            self.fields["day"].initial = start.date()
            self.fields["start"].initial = start.time()
            self.fields["end"].initial = end.time()
            self.fields["lock_version"].initial = self.instance.lock_version

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        day = data["day"]
        return {
            "title": data["title"],
            "place": data["place"],
            "video_link": data["video_link"],
            "form": data["form"],
            "starts_at": datetime.datetime.combine(day, data["start"], tzinfo=STOCKHOLM),
            "ends_at": datetime.datetime.combine(day, data["end"], tzinfo=STOCKHOLM),
        }


class CancelForm(TextCheckedForm, forms.Form):
    reason = forms.CharField(label="Varför ställs mötet in?", max_length=500)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgendaItemForm(TextCheckedForm, forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            "title",
            "owner",
            "presenter",
            "planned_minutes",
            "description",
            "proposal",
            "question",
        ]
        labels = {
            "kind": "Typ",
            "title": "Rubrik",
            "owner": "Ansvarig",
            "presenter": "Föredragande",
            "planned_minutes": "Planerad tid (minuter)",
            "description": "Kort ärendebeskrivning",
            "proposal": "Förslag till åtgärd",
            "question": "Frågeställning",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposal": forms.Textarea(attrs={"rows": 2}),
            "question": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, body: Body, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The owner is someone in the body, or who already owns the item.
        people = Membership.objects.filter(body=body, end__isnull=True).values("person_id")
        queryset = Person.objects.filter(pk__in=people)
        if self.instance.pk and self.instance.owner_id:
            queryset = queryset | Person.objects.filter(pk=self.instance.owner_id)
        self.fields["owner"].queryset = queryset.distinct()  # type: ignore[attr-defined]
        self.fields["owner"].empty_label = "Ingen vald"  # type: ignore[attr-defined]
        # Standing items come from the charter; a new item is of another kind.
        standing = self.instance.pk and self.instance.kind == AgendaItemKind.STANDING
        kind_field: Any = self.fields["kind"]
        kind_field.choices = [
            c for c in AgendaItemKind.choices if standing or c[0] != AgendaItemKind.STANDING
        ]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
