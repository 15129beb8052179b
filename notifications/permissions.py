"""Who may do what with notices. Used by views, the API and templates alike."""

import rules
from django.shortcuts import get_object_or_404

from notifications import selectors
from notifications.models import Notification
from tpc_portal.users import User

# The secretariat's view of e-mail delivery; staff pages also ask for a second factor
# (the staff_required guard on the views).
can_see_email_delivery = rules.is_staff


def access_notification(user: User, pk: int) -> Notification:
    """One of the user's own notices. Anybody else's is a 404, as if it did not exist."""
    return get_object_or_404(selectors.notifications_for(user), pk=pk)
