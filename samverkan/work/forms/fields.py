"""Form fields and widgets shared by the working pages' forms."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from samverkan.structure.models import DutyFrequency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LinesField(forms.CharField):
    """A list of strings edited as lines of text."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class DutiesField(forms.CharField):
    """A charter's standing duties edited as lines: "vem | vad | hur ofta | senast".

    How often and by when may be left out; how often is then "löpande".
    """

    widget = forms.Textarea(attrs={"rows": 4})
    FREQUENCIES = {str(label): value for value, label in DutyFrequency.choices}
    # "varje år, vartannat år, varje termin, löpande eller en gång"
    FREQUENCY_WORDS = ", ".join(list(FREQUENCIES)[:-1]) + " eller " + list(FREQUENCIES)[-1]

    def prepare_value(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        lines = []
        for duty in value:
            parts = [
                duty["who"],
                duty["what"],
                str(DutyFrequency(duty.get("frequency", "continuous")).label),
            ]
            lines.append(" | ".join([*parts, duty["due"]] if duty.get("due") else parts))
        return "\n".join(lines)

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        lines = [line for line in text.splitlines() if line.strip()]
        return [self.duty(line, number) for number, line in enumerate(lines, 1)]

    def duty(self, line: str, number: int) -> dict[str, str]:
        where = f"Rad {number}: "
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or len(parts) > 4 or not all(parts):
            raise forms.ValidationError(where + "skriv vem | vad | hur ofta | senast.")
        who, what, *rest = parts
        if len(who) > 200:
            raise forms.ValidationError(where + "vem får vara högst 200 tecken.")
        due = ""
        # By when is last, and a date: "hur ofta" never starts with a digit.
        if len(rest) == 2 or (rest and rest[-1][:1].isdigit()):
            try:
                due = datetime.date.fromisoformat(rest.pop()).isoformat()
            except ValueError:
                raise forms.ValidationError(
                    where + "senast ska vara ett datum ÅÅÅÅ-MM-DD."
                ) from None
        frequency = DutyFrequency.CONTINUOUS.value
        if rest:
            if rest[0].lower() not in self.FREQUENCIES:
                raise forms.ValidationError(
                    where + f"okänt hur ofta ”{rest[0]}”; skriv {self.FREQUENCY_WORDS}, "
                    "och senast som ÅÅÅÅ-MM-DD."
                )
            frequency = self.FREQUENCIES[rest[0].lower()]
        duty = {"who": who, "what": what, "frequency": frequency}
        return {**duty, "due": due} if due else duty
