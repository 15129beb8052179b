"""Read-only views for the secretariat: every change to a project goes through its pages and
services (with their checks, the one-PI invariant and the audit trail), never an admin form."""

from django.contrib import admin

from projects.models import Output, Project, ProjectVersion, Share, TeamMember
from tpc_portal.admin import ReadOnlyAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TeamInline(ReadOnlyInline):
    model = TeamMember
    fields = ["user", "role", "status", "institution", "created"]
    readonly_fields = fields


class ShareInline(ReadOnlyInline):
    model = Share
    fields = ["what", "description", "terms", "consented_by", "consented"]
    readonly_fields = fields


class OutputInline(ReadOnlyInline):
    model = Output
    fields = ["kind", "title", "url", "doi", "added"]
    readonly_fields = fields


class VersionInline(ReadOnlyInline):
    model = ProjectVersion
    fields = ["number", "title", "submitted_by", "submitted"]
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "lead_institution", "created"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "slug"]
    list_select_related = ["lead_institution"]
    exclude = ["search_vector"]
    inlines = [TeamInline, ShareInline, OutputInline, VersionInline]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["project", "user", "role", "status", "institution"]
    list_filter = ["role", "status"]
    list_select_related = ["project", "user__profile", "institution"]
