"""Read-only views for the secretariat: every change goes through the committee's pages and
services (with their checks and audit trail), never through an admin form."""

from django.contrib import admin

from steering.models import Case, Decision, MembershipApplication, Seat
from tpc_portal.admin import ReadOnlyAdmin


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ["institution", "representative", "alternate", "role", "term_start", "term_end"]
    list_filter = ["role"]
    list_select_related = ["institution", "representative", "alternate"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "submitter", "submitted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    list_select_related = ["submitter__profile"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["case", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["case", "decided_by"]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ReadOnlyAdmin):
    list_display = ["institution", "applicant", "created"]
    list_select_related = ["institution", "applicant"]
