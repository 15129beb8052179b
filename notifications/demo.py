"""Demo notices for the people a local `make run` is given. Never load into production.

seed_demo (the composition root) passes the demo accounts the members app made.

Rows are written directly, with no e-mail: demo data should not fill the console with mail.
"""

from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.utils import timezone

from notifications.models import EmailState, Notification
from notifications.notices import ANNOUNCEMENT
from tpc_portal.users import User

# (title, text, link, hours ago, read)
DEMO_NOTICES = [
    (
        "Welcome to the TPC Portal",
        "Your account is ready. Fill in your profile so that collaborators can find you.",
        "/directory/",
        72,
        True,
    ),
    (
        "Call for mentors: TPC summer hackathon",
        "We are looking for mentors in evaluation, data curation and training runtimes.",
        "/events/",
        30,
        True,
    ),
    (
        "New working group: evaluation and benchmarking",
        "A charter for a working group on evaluation suites for science models is open for "
        "comments until the end of the month.",
        "/groups/",
        5,
        False,
    ),
    (
        "Steering committee meets on Thursday",
        "The agenda lists two allocation requests and one membership application.",
        "/committee/",
        1,
        False,
    ),
]


def seed(people: Iterable[User]) -> Iterator[str]:
    """Leave the demo notices in the inbox of each of these people who has none yet."""
    now = timezone.now()
    for user in people:
        if Notification.objects.filter(recipient=user).exists():
            continue
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=ANNOUNCEMENT.key,
                title=title,
                body=body,
                link=link,
                created=now - timedelta(hours=hours_ago),
                read_at=now - timedelta(hours=hours_ago - 1) if read else None,
                email_state=EmailState.SKIPPED,
            )
            for title, body, link, hours_ago, read in DEMO_NOTICES
        )
        unread = sum(1 for *_, read in DEMO_NOTICES if not read)
        yield f"Left {len(DEMO_NOTICES)} notices ({unread} unread) in the inbox of {user.email}"
