"""Django admin: linkage runs only (counts and status). Pairs, decisions and clusters name
persons, so they stay out of the admin and are read through the review pages."""

from __future__ import annotations

from django.contrib import admin

from azat.linkage.models import LinkRun


@admin.register(LinkRun)
class LinkRunAdmin(admin.ModelAdmin[LinkRun]):
    list_display = ("pk", "status", "created_at", "finished_at", "person_count", "cluster_count")
    list_filter = ("status",)
    readonly_fields = [f.name for f in LinkRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
