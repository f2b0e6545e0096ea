"""The admin shows minutes for support, read-only.

Minutes are written only through the working pages and the API, where the services check
the charter's rules, the lock versions and the freeze; so the admin can neither add,
change nor delete them, approved or not.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.minutes.models import Minutes, MinutesItem


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Minutes)
class MinutesAdmin(ReadOnly):
    list_display = ("__str__", "status", "approved_at", "published_at")
    list_filter = ("status",)


@admin.register(MinutesItem)
class MinutesItemAdmin(ReadOnly):
    list_display = ("title", "minutes")
