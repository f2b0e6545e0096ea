"""The accessibility statement in the admin: administrators edit its one row."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.public.models import AccessibilityStatement


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    """One statement: the page shows the first row, so a second cannot be added."""

    list_display = ("service", "compliance", "assessed_on")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AccessibilityStatement.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
