from collections.abc import Iterator

from django.core.management.base import BaseCommand
from django.db import transaction

from events import demo as events_demo
from members import demo as members_demo
from members.models import User
from notifications import demo as notifications_demo
from projects import demo as projects_demo
from projects import demo_allocations
from steering import demo as steering_demo
from workinggroups import demo as workinggroups_demo


def _demo_inboxes() -> Iterator[str]:
    demo_people = [email for email, *_ in members_demo.DEMO_PEOPLE]
    return notifications_demo.seed(User.objects.filter(email__in=demo_people))


# Each app contributes its demo data in dependency order; later apps append here.
SEEDERS = [members_demo.seed, _demo_inboxes, steering_demo.seed, workinggroups_demo.seed]
# --- Projects: after the committee (their cases) and the groups (linked to them).
SEEDERS.append(projects_demo.seed)
SEEDERS.append(projects_demo.seed_openings)
# --- Allocations: after the committee and the demo projects (their allocations, requests).
SEEDERS.append(demo_allocations.seed)
# --- Events: after the working groups (which run workshops and seminars).
SEEDERS.append(events_demo.seed)


class Command(BaseCommand):
    help = "Load demo data. Idempotent: running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        for seed in SEEDERS:
            for line in seed():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
