"""Read-only views for the secretariat: every change to a project goes through its pages and
services (with their checks, the one-PI invariant and the audit trail), never an admin form."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from projects.models import (
    Allocation,
    AllocationPeriod,
    AllocationRequest,
    Output,
    Project,
    ProjectVersion,
    Resource,
    Share,
    Site,
    TeamMember,
)
from projects.services import allocations as allocation_services
from tpc_portal.admin import ReadOnlyAdmin
from tpc_portal.errors import ApplicationError


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


# --- Allocations
# --- Allocations
# Sites, their resources and the allocation periods are the secretariat's reference data,
# edited here (the model forms check them). Allocations and requests change only through
# the committee and the services: read-only here, with staff's suspend and resume.


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 1
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "host_institution"]
    search_fields = ["name", "slug"]
    list_select_related = ["host_institution"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["host_institution"]
    inlines = [ResourceInline]


@admin.register(AllocationPeriod)
class AllocationPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end", "requests_open", "requests_close"]
    ordering = ["-start"]


def _allocation_action(name: str, act, label):
    """An admin action that runs a service on each allocation chosen."""

    @admin.action(description=label)
    def action(modeladmin, request, queryset):
        for allocation in queryset:
            try:
                act(allocation, request.user)
            except ApplicationError as error:
                modeladmin.message_user(request, f"{allocation}: {error.message}", messages.ERROR)

    action.__name__ = name
    return action


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["project", "resource", "period", "granted", "used", "status", "start", "end"]
    list_filter = ["status", "period", "resource__site"]
    search_fields = ["project__title", "resource__name"]
    list_select_related = ["project", "resource__site", "period"]
    actions = [
        _allocation_action(
            "suspend",
            lambda allocation, actor: allocation_services.allocation_suspend(
                allocation=allocation, actor=actor, reason="Suspended in the admin."
            ),
            _("Suspend the allocations"),
        ),
        _allocation_action(
            "resume",
            lambda allocation, actor: allocation_services.allocation_resume(
                allocation=allocation, actor=actor
            ),
            _("Resume the allocations"),
        ),
    ]


@admin.register(AllocationRequest)
class AllocationRequestAdmin(ReadOnlyAdmin):
    list_display = ["project", "resource", "kind", "amount", "granted", "created"]
    list_filter = ["kind"]
    search_fields = ["project__title"]
    list_select_related = ["project", "resource__site"]
