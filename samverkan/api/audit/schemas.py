"""The shape of a recorded change. One change, its values from → to as they read then."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from samverkan.api.base import LocalDateTime
from samverkan.audit.models import Change
from samverkan.audit.registry import type_label
from samverkan.audit.selectors import ACTION_KEYS, actor_name, row_of


class ChangedValueOut(Schema):
    field: str = Field(description="Fältet, t.ex. `role`, eller en del som `composition`")
    label: str = Field(description="Fältets namn på svenska")
    old: str = Field(description="Värdet före, som text; tomt om det saknades")
    new: str = Field(description="Värdet efter, som text; tomt om det togs bort")


class HistoryOut(Schema):
    id: int
    at: LocalDateTime = Field(validation_alias="timestamp", description="När, Europe/Stockholm")
    actor: int | None = Field(
        validation_alias="actor_id",
        description="Användaren som gjorde ändringen; null för systemet",
    )
    actor_name: str = Field(description="Användarens namn, eller `Systemet`")
    action: Literal["create", "update", "delete"]
    object_type: str = Field(description="Vad som ändrades, t.ex. `membership`")
    object_type_name: str = Field(description="Samma sak på svenska")
    object_id: int | None
    object_name: str = Field(validation_alias="object_repr", description="Namnet då")
    note: str = Field(description="Händelsen i ord, t.ex. varför ett möte flyttades")
    structure: int | None = Field(
        validation_alias="structure_id", description="Strukturen ändringen hör till"
    )
    changes: list[ChangedValueOut] = Field(description="Varje ändrat värde, från → till")

    @staticmethod
    def resolve_actor_name(obj: Change) -> str:
        return actor_name(obj)

    @staticmethod
    def resolve_action(obj: Change) -> str:
        return ACTION_KEYS.get(obj.action, "update")

    @staticmethod
    def resolve_object_type_name(obj: Change) -> str:
        return type_label(obj.object_type)

    @staticmethod
    def resolve_changes(obj: Change) -> list[ChangedValueOut]:
        return [ChangedValueOut(**vars(value)) for value in row_of(obj).values]
