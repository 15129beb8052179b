from django.utils.translation import gettext_lazy as _

from notifications.kinds import Delivery, register

ANNOUNCEMENT = register(
    "announcement",
    label=_("Announcements"),
    description=_("News from the secretariat to everyone in the consortium."),
    title=_("{subject}"),
    body_template="notifications/messages/announcement.txt",
    default_delivery=Delivery.IMMEDIATELY,
)
