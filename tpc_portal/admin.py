"""The base's admin: a read-only ModelAdmin for every app, and the audit trail shown with it."""

from django.contrib import admin

from tpc_portal.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only views for the secretariat: every change goes through the portal's pages
    and services (with their checks and audit trail), never through an admin form."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: written by services alone, never changed."""

    list_display = ["at", "verb", "actor", "subject_type", "subject_id"]
    list_filter = ["verb", "subject_type"]
    list_select_related = ["actor__profile", "subject_type"]
    date_hierarchy = "at"
