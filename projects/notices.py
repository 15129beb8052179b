"""The notices projects send, declared once (notifications/kinds.py).

Contexts hold data (names, ids, ISO times), put into words when a notice is read, in the
reader's language and time zone.
"""

from django.utils.translation import gettext_lazy as _  # noqa: F401

from notifications.kinds import Delivery, register  # noqa: F401

# --- Projects, team and proposals


# --- Openings
