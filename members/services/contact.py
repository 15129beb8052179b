"""Relayed messages between researchers."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from members.models import ContactMessage, Profile, User
from members.notices import CONTACT_MESSAGE
from members.permissions import can_contact
from members.services.common import validated
from notifications.services import notify
from tpc_portal.errors import ApplicationError

DAILY_LIMIT = 10
WINDOW = timedelta(hours=24)


def contact_send(*, recipient: Profile, actor: User, subject: str, body: str) -> ContactMessage:
    """Relay a message from `actor` to the profile's owner through the notifications centre.

    Guarantees: at most DAILY_LIMIT messages per sender in any 24 hours (concurrent sends
    queue on the sender's row); the recipient's address is neither shown nor sent to the
    sender; the notice's text carries no address; the sender's own address is the e-mail's
    Reply-To, which the contact form tells them.
    """
    if not can_contact(actor, recipient):
        raise PermissionDenied
    message = ContactMessage(
        sender=actor, recipient=recipient.user, subject=subject.strip(), body=body.strip()
    )
    validated(message, exclude=["sender", "recipient"])
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()
        since = timezone.now() - WINDOW
        recent = list(
            ContactMessage.objects.filter(sender=actor, created__gt=since)
            .order_by("created")
            .values_list("created", flat=True)
        )
        if len(recent) >= DAILY_LIMIT:
            next_at = recent[len(recent) - DAILY_LIMIT] + WINDOW
            raise ApplicationError(
                _(
                    "You have sent %(limit)d messages in the last 24 hours, the most allowed. "
                    "You can send the next one at %(time)s or later."
                )
                % {
                    "limit": DAILY_LIMIT,
                    "time": formats.date_format(timezone.localtime(next_at), "DATETIME_FORMAT"),
                }
            )
        message.created = timezone.now()
        message.save()
        sender_profile = Profile.objects.filter(user=actor).first()
        sender_name = (sender_profile.display_name if sender_profile else "") or actor.full_name
        link = (
            reverse("members:profile", args=[sender_profile.pk])
            if sender_profile and sender_profile.is_listed
            else ""
        )
        notify(
            [recipient.user],
            CONTACT_MESSAGE,
            context={
                "sender": sender_name,
                "subject": message.subject,
                "body": message.body,
            },
            link=link,
            actor=actor,
            reply_to=actor.email,
        )
    return message
