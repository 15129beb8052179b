"""Who may do what with notices. Used by views, the API and templates alike."""

import rules
from django.shortcuts import get_object_or_404

from members.models import User
from members.permissions import is_staff
from notifications import selectors
from notifications.models import Notification


@rules.predicate
def is_recipient(user: User, notification: Notification) -> bool:
    return user.is_authenticated and notification.recipient_id == user.pk


can_read_notification = is_recipient
can_mark_notification_read = is_recipient
# The secretariat's view of e-mail delivery; staff pages also ask for a second factor
# (members.permissions.staff_required).
can_see_email_delivery = is_staff
can_retry_email_delivery = is_staff


def access_notification(user: User, pk: int) -> Notification:
    """One of the user's own notices. Anybody else's is a 404, as if it did not exist."""
    return get_object_or_404(selectors.notifications_for(user), pk=pk)
