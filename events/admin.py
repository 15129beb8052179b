from django.contrib import admin

from events.models import Event, Question, Registration


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "status", "capacity", "mode"]
    list_filter = ["kind", "status", "format", "audience", "mode"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["organisers", "group", "institution"]
    inlines = [QuestionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Read-only: places change only through the services, which hold the event's lock.
    list_display = ["event", "user", "status", "arrival", "checked_in"]
    list_filter = ["status"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user", "institution"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
