"""The history in Django's admin: listed, searched and read, never added, changed or deleted.

auditlog's own admin (`LogEntryAdmin`) is kept for its list, filters and date hierarchy;
this one shows the changes as the pages do (labels, from → to) and refuses every write,
also the deletion that auditlog allows when another admin page cascades into the history.
"""

from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from samverkan.audit.models import Change
from samverkan.audit.registry import kinds
from samverkan.audit.selectors import ACTION_VERBS, actor_name, row_of


class ActionFilter(admin.SimpleListFilter):
    title = "händelse"
    parameter_name = "handelse"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(action), verb) for action, verb in ACTION_VERBS.items()]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        known = {str(action) for action in ACTION_VERBS}
        return queryset.filter(action=int(value)) if value in known else queryset


class KindFilter(admin.SimpleListFilter):
    title = "typ"
    parameter_name = "typ"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return kinds()

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(object_type=self.value()) if self.value() else queryset


if admin.site.is_registered(Change):
    admin.site.unregister(Change)


@admin.register(Change)
class ChangeAdmin(LogEntryAdmin):
    list_display = ["when", "kind", "what", "verb", "who", "note"]
    list_filter = [ActionFilter, KindFilter]
    search_fields = [
        "object_repr",
        "note",
        "changes_text",
        "actor__username",
        "actor__first_name",
        "actor__last_name",
        "actor_email",
    ]
    readonly_fields = ["when", "kind", "what", "verb", "who", "note", "msg"]
    fieldsets = [
        (None, {"fields": ["when", "who", "verb", "kind", "what", "note"]}),
        ("Ändringar", {"fields": ["msg"]}),
    ]

    @admin.display(description="när", ordering="timestamp")
    def when(self, obj: Change) -> Any:
        return self.created(obj)

    @admin.display(description="vad", ordering="object_repr")
    def what(self, obj: Change) -> str:
        return obj.object_repr

    @admin.display(description="händelse", ordering="action")
    def verb(self, obj: Change) -> str:
        return row_of(obj).verb

    @admin.display(description="typ", ordering="object_type")
    def kind(self, obj: Change) -> str:
        return row_of(obj).type_label

    @admin.display(description="vem", ordering="actor")
    def who(self, obj: Change) -> str:
        return actor_name(obj)

    @admin.display(description="ändringar")
    def msg(self, obj: Change) -> SafeString:
        return SafeString(render_to_string("audit/_values.html", {"row": row_of(obj)}))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
