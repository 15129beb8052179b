from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import services
from notifications.models import Digest, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created", "read_at", "email_state"]
    list_filter = ["email_state", "kind"]
    search_fields = ["title", "recipient__email"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "actor"]
    date_hierarchy = "created"
    readonly_fields = ["email_queued_at", "emailed_at", "email_attempts", "email_error"]
    actions = ["retry_failed_emails"]

    def has_change_permission(self, request, obj=None) -> bool:
        # The row is the record of what was sent: staff read it; services change it.
        return False

    @admin.action(description=_("Queue the failed e-mails among these again"))
    def retry_failed_emails(self, request, queryset) -> None:
        ids = queryset.values_list("pk", flat=True)
        count = services.notification_emails_retry_failed(actor=request.user, ids=ids)
        if not count:
            self.message_user(request, _("None of these e-mails failed."), messages.WARNING)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d failed e-mail is queued again.",
                "%(count)d failed e-mails are queued again.",
                count,
            )
            % {"count": count},
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "day", "sent_at", "notice_count"]
    date_hierarchy = "day"
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
