"""Forms for writing and approving minutes: input shape only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.minutes.models import EntryKind, FollowUpOutcome, HoldResolution, MinutesItem
from samverkan.minutes.services import ActionIn, EntryIn, FollowUpIn
from samverkan.structure.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("empty_label", "– välj –")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name


class HeaderForm(TextCheckedForm, forms.Form):
    chaired_by = PersonChoiceField(
        label="Ordförande vid mötet", queryset=Person.objects.none(), required=False
    )
    taken_by = PersonChoiceField(
        label="Sekreterare", queryset=Person.objects.none(), required=False
    )
    adjuster = PersonChoiceField(
        label="Justeringsperson",
        queryset=Person.objects.none(),
        required=False,
        help_text="Utses för varje möte och justerar tillsammans med ordföranden.",
    )
    notes = forms.CharField(
        label="Övrigt", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: Any, needs_adjuster: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("chaired_by", "taken_by", "adjuster"):
            field = self.fields[name]
            if isinstance(people, list):
                # Read once for the page: three selects, no query each.
                field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
                field.choices = [("", field.empty_label)] + [  # type: ignore[attr-defined]
                    (p.pk, p.full_name) for p in people
                ]
            else:
                field.queryset = people  # type: ignore[attr-defined]
        if not needs_adjuster:
            del self.fields["adjuster"]


class EntryForm(TextCheckedForm, forms.Form):
    kind = forms.ChoiceField(label="Typ", choices=[("", "–")], required=False)
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, kinds: frozenset[str] = frozenset(EntryKind), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (value, label) for value, label in EntryKind.choices if value in kinds
        ]


class ActionForm(TextCheckedForm, forms.Form):
    text = forms.CharField(label="Åtgärd", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Plain choices, computed once per page: a queryset per action row would cost a query each.
    owner = forms.TypedChoiceField(label="Ansvarig", coerce=int, required=False, empty_value=None)
    owner_name = forms.CharField(label="eller ansvarig (namn)", required=False, max_length=200)
    due_on = DayField(label="Klart senast", required=False, widget=DATE)

    def __init__(self, *args: Any, people: list[Person] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "– välj –")] + [  # type: ignore[attr-defined]
            (p.pk, p.full_name) for p in people or []
        ]


class FollowUpForm(TextCheckedForm, forms.Form):
    action_id = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="Läge", choices=FollowUpOutcome.choices)
    note = forms.CharField(label="Kommentar", required=False, max_length=2000)


class ItemForm(TextCheckedForm, forms.Form):
    title = forms.CharField(label="Rubrik", max_length=300)
    notes = forms.CharField(
        label="Anteckningar", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


EntryFormSet = forms.formset_factory(EntryForm, extra=1)
ActionFormSet = forms.formset_factory(ActionForm, extra=1)
FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=0)


class ItemEditor:
    """One item's form with its entries, actions and follow-ups, bound or fresh."""

    def __init__(
        self,
        item: MinutesItem,
        *,
        data: Any = None,
        kinds: frozenset[str],
        people: Any,
    ):
        self.item = item
        people = list(people)
        self.people = {p.pk: p for p in people}
        prefix = f"p{item.pk}"
        self.form = ItemForm(
            data,
            prefix=prefix,
            initial={"title": item.title, "notes": item.notes, "lock_version": item.lock_version},
        )
        self.entries = EntryFormSet(
            data,
            prefix=f"{prefix}-e",
            initial=[{"kind": e.kind, "text": e.text} for e in item.entries.all()],
            form_kwargs={"kinds": kinds},
        )
        self.actions = ActionFormSet(
            data,
            prefix=f"{prefix}-a",
            initial=[
                {
                    "text": a.text,
                    "owner": a.owner_id,
                    "owner_name": a.owner_name,
                    "due_on": a.due_on,
                }
                for a in item.actions.all()
            ],
            form_kwargs={"people": people},
        )
        self.follow_ups = FollowUpFormSet(
            data,
            prefix=f"{prefix}-f",
            initial=[
                {"action_id": f.action_id, "outcome": f.outcome, "note": f.note}
                for f in item.follow_ups.all()
            ],
        )
        follow_up_rows = {f.action_id: f for f in item.follow_ups.all()}
        self.follow_up_rows = [
            (form, follow_up_rows.get(int(form.initial.get("action_id") or 0)))
            for form in self.follow_ups.forms
        ]
        self.conflict = False
        self.saved_item: MinutesItem | None = None
        # Items are folded on the page; one being worked on, or with an error, stays open.
        self.open = data is not None

    @property
    def summary(self) -> str:
        """What the folded item holds, in a few words."""
        counts: dict[str, int] = {}
        for entry in self.item.entries.all():
            label = str(entry.get_kind_display())
            counts[label] = counts.get(label, 0) + 1
        parts = [f"{label}: {n}" for label, n in counts.items()]
        actions = len(self.item.actions.all())
        if actions:
            parts.append(f"åtgärder: {actions}")
        follow_ups = len(self.item.follow_ups.all())
        if follow_ups:
            parts.append(f"uppföljda åtgärder: {follow_ups}")
        if not parts and not self.item.notes.strip():
            return "Inget skrivet ännu"
        text = self.item.notes.strip().split("\n")[0]
        text = text if len(text) <= 90 else text[:89] + "…"
        return " · ".join([text, *parts] if text else parts)

    @property
    def formsets(self) -> list[Any]:
        return [self.entries, self.actions, self.follow_ups]

    def is_valid(self) -> bool:
        return all(
            part.is_valid() for part in (self.form, self.entries, self.actions, self.follow_ups)
        )

    def entry_values(self) -> list[EntryIn]:
        return [
            EntryIn(kind=f.cleaned_data.get("kind") or "", text=f.cleaned_data.get("text") or "")
            for f in self.entries.forms
            if (f.cleaned_data.get("text") or "").strip() or f.cleaned_data.get("kind")
        ]

    def action_values(self) -> list[ActionIn]:
        rows = []
        for f in self.actions.forms:
            data = f.cleaned_data
            if not any(data.get(k) for k in ("text", "owner", "owner_name", "due_on")):
                continue
            rows.append(
                ActionIn(
                    text=data.get("text") or "",
                    due_on=data.get("due_on"),
                    owner=self.people.get(data["owner"]) if data.get("owner") else None,
                    owner_name=data.get("owner_name") or "",
                )
            )
        return rows

    def follow_up_values(self) -> list[FollowUpIn]:
        return [
            FollowUpIn(
                action_id=f.cleaned_data["action_id"],
                outcome=f.cleaned_data["outcome"],
                note=f.cleaned_data.get("note") or "",
            )
            for f in self.follow_ups.forms
        ]

    def add_error(self, message: str) -> None:
        self.form.add_error(None, message)


class AddItemForm(TextCheckedForm, forms.Form):
    title = forms.CharField(label="Rubrik på ny punkt", max_length=300)


class ReturnForm(TextCheckedForm, forms.Form):
    comment = forms.CharField(
        label="Vad behöver ändras?", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class HoldForm(TextCheckedForm, forms.Form):
    resolution = forms.ChoiceField(
        label="Beslut",
        choices=[(v, label) for v, label in HoldResolution.choices if v],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Kommentar", required=False, max_length=300)


class AddendumForm(TextCheckedForm, forms.Form):
    title = forms.CharField(label="Rubrik", max_length=300, initial="Rättelse")
    text = forms.CharField(
        label="Rättelsen",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Beskriv vad som rättas och hur det ska lyda.",
    )
