"""Per-person delivery choices, and the one-click unsubscribe that changes them."""

from collections.abc import Mapping
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import kinds, selectors, tokens
from notifications.kinds import Delivery
from notifications.models import EmailState, Notification, NotificationPreference
from notifications.services.delivery import notification_emails_enqueue
from tpc_portal.errors import ApplicationError
from tpc_portal.users import User


class InvalidUnsubscribeLink(ApplicationError):
    pass


def notification_preferences_set(*, user: User, deliveries: Mapping[str, str]) -> None:
    """Save a person's delivery per kind, effective at once.

    Guarantees: a row only where the choice differs from the kind's default (so a changed
    default reaches everyone who never chose); e-mails of a kind that are still waiting
    follow the new choice: turned off, they are not sent; moved to the digest, they wait for
    it; moved to immediate, they are queued now.
    """
    with transaction.atomic():
        for key, value in deliveries.items():
            kind = kinds.get_or_none(key)
            if kind is None:
                raise ApplicationError(
                    _("Unknown kind of notification."), errors={key: [_("Unknown kind.")]}
                )
            delivery = Delivery(value)
            if delivery == kind.default_delivery:
                NotificationPreference.objects.filter(user=user, kind=key).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=key, defaults={"delivery": delivery}
                )
            _waiting_emails_follow(user=user, kind_key=key, delivery=delivery)


def _waiting_emails_follow(*, user: User, kind_key: str, delivery: Delivery) -> None:
    waiting = Notification.objects.filter(recipient=user, kind=kind_key)
    if delivery == Delivery.OFF:
        waiting.filter(email_state__in=[EmailState.PENDING, EmailState.DIGEST]).update(
            email_state=EmailState.SKIPPED
        )
    elif delivery == Delivery.DIGEST:
        waiting.filter(email_state=EmailState.PENDING).update(email_state=EmailState.DIGEST)
    else:
        now = timezone.now()
        ids = list(waiting.filter(email_state=EmailState.DIGEST).values_list("pk", flat=True))
        if ids:
            Notification.objects.filter(pk__in=ids, email_state=EmailState.DIGEST).update(
                email_state=EmailState.PENDING, email_queued_at=now
            )
            transaction.on_commit(partial(notification_emails_enqueue, ids), robust=True)


def notification_unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off e-mail of the kind a signed unsubscribe link names, at once, without log-in.

    Returns the person and the label of what they left. The digest's link turns off every
    kind the person receives by digest. Idempotent.
    """
    user, kind_key = notification_unsubscribe_target(token=token)
    if kind_key == tokens.DIGEST:
        digested = [
            kind.key
            for kind, delivery in selectors.notification_deliveries_for(user)
            if delivery == Delivery.DIGEST
        ]
        notification_preferences_set(user=user, deliveries=dict.fromkeys(digested, Delivery.OFF))
    else:
        notification_preferences_set(user=user, deliveries={kind_key: Delivery.OFF})
    return user, notification_unsubscribe_label(kind_key)


def notification_unsubscribe_label(kind_key: str) -> str:
    if kind_key == tokens.DIGEST:
        return _("the daily digest")
    return str(kinds.get(kind_key).label)


def notification_unsubscribe_target(*, token: str) -> tuple[User, str]:
    """The person and kind key a link names; InvalidUnsubscribeLink if it is not genuine."""
    try:
        user_id, kind_key = tokens.unsubscribe_target(token)
    except tokens.InvalidToken as error:
        raise InvalidUnsubscribeLink(_("This unsubscribe link is not valid.")) from error
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or (kind_key != tokens.DIGEST and kinds.get_or_none(kind_key) is None):
        raise InvalidUnsubscribeLink(_("This unsubscribe link is no longer valid."))
    return user, kind_key
