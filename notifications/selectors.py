"""Reads of the notifications centre, each starting from what the caller may see."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from amqp.exceptions import ChannelError
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from notifications import kinds
from notifications.kinds import Delivery, Kind
from notifications.models import EmailState, Notification, NotificationPreference
from tpc_portal import health
from tpc_portal.users import User


def notifications_for(user: User) -> QuerySet[Notification]:
    """A person's own notices, newest first, with what the inbox shows of each."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor__profile")
        .order_by("-created", "-id")
    )


def notification_unread_count(user: User) -> int:
    """One COUNT over the partial index of unread notices. In SQL: every page a signed-in
    person sees shows it (the inbox badge), and the ORM took longer to build the statement
    than PostgreSQL took to answer it."""
    if not user.is_authenticated:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_unread_sql(), [user.pk])
        (count,) = cursor.fetchone()
    return count


@lru_cache(maxsize=1)
def _unread_sql() -> str:
    table = connection.ops.quote_name(Notification._meta.db_table)
    return f"SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"  # noqa: S608 - the table's name only


@dataclass(frozen=True)
class DeliveryOverview:
    pending: int
    digest: int
    failed: int
    sent_last_day: int
    oldest_pending: datetime | None
    # Tasks waiting in the broker's queue; None without a broker or if it did not answer.
    queued_tasks: int | None
    broker: str


def notification_delivery_overview() -> DeliveryOverview:
    """The state of e-mail delivery, for the secretariat: one aggregate query, one broker call."""
    day_ago = timezone.now() - timedelta(days=1)
    counts = Notification.objects.filter(
        Q(email_state__in=[EmailState.PENDING, EmailState.DIGEST, EmailState.FAILED])
        | Q(email_state=EmailState.SENT, emailed_at__gte=day_ago)
    ).aggregate(
        pending=Count("pk", filter=Q(email_state=EmailState.PENDING)),
        digest=Count("pk", filter=Q(email_state=EmailState.DIGEST)),
        failed=Count("pk", filter=Q(email_state=EmailState.FAILED)),
        sent_last_day=Count("pk", filter=Q(email_state=EmailState.SENT)),
        oldest_pending=Min("created", filter=Q(email_state=EmailState.PENDING)),
    )
    queued, broker = _broker_queue_length()
    return DeliveryOverview(**counts, queued_tasks=queued, broker=broker)


def _broker_queue_length() -> tuple[int | None, str]:
    if not settings.CELERY_BROKER_URL:
        return None, "in-process"
    from tpc_portal.celery import app

    try:
        with health.broker_connection() as connection:
            channel = connection.default_channel
            try:
                _name, messages, _consumers = channel.queue_declare(
                    queue=app.conf.task_default_queue, passive=True
                )
            except ChannelError:  # the queue does not exist until a task is first sent
                messages = 0
    except Exception:  # noqa: BLE001 - the page reports the broker as unreachable
        return None, "unreachable"
    return messages, "ok"


def notifications_failed() -> QuerySet[Notification]:
    """Notices whose e-mail failed for good, newest first, with their recipient."""
    return (
        Notification.objects.filter(email_state=EmailState.FAILED)
        .select_related("recipient")
        .order_by("-created", "-id")
    )


def notification_deliveries_for(user: User) -> list[tuple[Kind, Delivery]]:
    """Every registered kind with the person's delivery for it (their choice or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        (kind, Delivery(chosen.get(kind.key, kind.default_delivery))) for kind in kinds.all_kinds()
    ]
