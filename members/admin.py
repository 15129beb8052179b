from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from members import services
from members.models import (
    AffiliationRequest,
    ContactMessage,
    ExpertiseArea,
    Institution,
    InstitutionDomain,
    Profile,
    User,
)
from tpc_portal.errors import ApplicationError


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a new account has its profile from the start, as at sign-up
            services.profile_create(user=obj, actor=request.user)


class InstitutionDomainInline(admin.TabularInline):
    model = InstitutionDomain
    extra = 1


def _status_action(status: str, label):
    """An admin action that moves institutions through the status service."""

    @admin.action(description=label)
    def action(modeladmin, request, queryset):
        for institution in queryset:
            try:
                services.institution_status_change(
                    institution=institution, status=status, actor=request.user
                )
            except ApplicationError as error:
                modeladmin.message_user(request, f"{institution}: {error.message}", messages.ERROR)

    action.__name__ = f"mark_{status}"
    return action


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    """Status changes go through the actions; the representative follows the institution's
    committee seat (staff change it on the seats page), so it is read-only here."""

    list_display = ["name", "short_name", "kind", "country", "status", "joined", "representative"]
    list_filter = ["status", "kind", "country"]
    search_fields = ["name", "short_name", "slug", "domains__domain"]
    prepopulated_fields = {"slug": ["short_name"]}
    readonly_fields = ["status", "joined", "representative"]
    inlines = [InstitutionDomainInline]
    actions = [
        _status_action(Institution.Status.MEMBER, _("Make member")),
        _status_action(Institution.Status.SUSPENDED, _("Suspend")),
        _status_action(Institution.Status.WITHDRAWN, _("Mark withdrawn")),
    ]


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "position"]
    list_filter = ["group"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the taxonomy changes by data migration


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """For the secretariat's look-ups; people edit their own profiles."""

    list_display = ["display_name", "institution", "affiliated_via", "visibility", "career_stage"]
    list_filter = ["visibility", "career_stage", "affiliated_via", "institution__kind"]
    search_fields = ["display_name", "user__email", "orcid"]
    list_select_related = ["institution"]
    readonly_fields = [field.name for field in Profile._meta.concrete_fields] + ["expertise"]
    exclude = ["keywords", "search_vector"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AffiliationRequest)
class AffiliationRequestAdmin(admin.ModelAdmin):
    list_display = ["profile", "institution", "status", "created", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["profile", "institution", "decided_by"]
    readonly_fields = [f.name for f in AffiliationRequest._meta.concrete_fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Who wrote to whom and when, for abuse reports; the text is the parties' own."""

    list_display = ["sender", "recipient", "created"]
    exclude = ["body", "subject"]
    readonly_fields = ["sender", "recipient", "created"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
