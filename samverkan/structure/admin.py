"""Django admin as back office. Coordinators work in the app's own pages; memberships are ended, not deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverkan.structure.models import (
    Body,
    Charter,
    CompositionRule,
    Membership,
    Person,
    Principal,
    ReportingDuty,
    RoleLink,
    StandingAgendaItem,
    Structure,
)


@admin.register(Principal)
class PrincipalAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "scb_code", "county_code")
    list_filter = ("kind",)
    search_fields = ("name", "scb_code")


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    raw_id_fields = ("region",)
    list_display = ("name", "region", "source_file")
    filter_horizontal = ("coordinators",)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "structure", "kind", "level", "parent", "mandate")
    list_filter = ("structure", "kind", "level")
    search_fields = ("name", "key")
    list_select_related = ("structure", "parent")


class CompositionInline(admin.TabularInline):
    model = CompositionRule
    extra = 0


class StandingItemInline(admin.TabularInline):
    model = StandingAgendaItem
    extra = 0


class ReportingInline(admin.TabularInline):
    model = ReportingDuty
    fk_name = "charter"
    extra = 0


class RoleLinkInline(admin.TabularInline):
    model = RoleLink
    fk_name = "charter"
    extra = 0


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ("body", "version", "status", "decided_on")
    list_filter = ("status", "body__structure")
    list_select_related = ("body",)
    inlines = (CompositionInline, StandingItemInline, ReportingInline, RoleLinkInline)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "title", "employer", "email")
    search_fields = ("first_name", "last_name", "email", "key")
    list_select_related = ("employer",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "body", "principal", "start", "end")
    list_filter = ("role", "body__structure")
    list_select_related = ("person", "body", "principal")
    search_fields = ("person__last_name", "body__name")
    # Selects with every membership in the installation would be huge and slow.
    raw_id_fields = ("person", "body", "principal", "substitute_for", "ex_officio_for")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # History is kept: a membership is ended with an end date, never deleted.
        return False
