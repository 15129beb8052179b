import time

from django.core.management.base import BaseCommand
from django.db import connection

from members.demo import seed_institutions
from members.demo.researchers import researchers_bulk_create


class Command(BaseCommand):
    help = (
        "Generate N synthetic researcher profiles with bulk inserts, for benchmarks. "
        "Adds the demo institutions first when there are none. Never run it in production."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--researchers", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, researchers: int, seed: int, **options) -> None:
        started = time.monotonic()
        for line in seed_institutions():
            self.stdout.write(line)
        made = researchers_bulk_create(
            count=researchers, email_pattern="scale{n:07d}@scale.tpc.example", seed=seed
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics and visibility map, as autovacuum would leave them later:
            # plans and index-only counts are then those of a settled database.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made} researcher profiles in {time.monotonic() - started:.1f} s."
            )
        )
