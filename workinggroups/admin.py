"""The working groups in the admin, read-mostly: every change goes through the portal's
pages and services (with their checks, the one-lead invariant and the audit trail); the
secretariat's one write here, closing a group, calls the service too."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from tpc_portal.admin import ReadOnlyAdmin
from tpc_portal.errors import ApplicationError
from workinggroups.models import Membership, WorkingGroup
from workinggroups.services.groups import working_group_close

# --- Groups, membership and leads


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "status", "created"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user__profile")


@admin.action(description=_("Close the selected groups"))
def close_groups(modeladmin, request, queryset):
    for group in queryset:
        try:
            working_group_close(group=group, actor=request.user)
        except ApplicationError as error:
            modeladmin.message_user(request, f"{group}: {error.message}", messages.ERROR)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "status", "join_policy", "proposer", "activated", "closed"]
    list_filter = ["status", "join_policy", "expertise"]
    search_fields = ["name", "slug"]
    list_select_related = ["proposer__profile"]
    inlines = [MembershipInline]
    actions = [close_groups]
