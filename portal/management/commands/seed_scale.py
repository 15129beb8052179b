import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from members.demo import seed_institutions
from members.demo.researchers import researchers_bulk_create
from projects.demo.scale import projects_bulk_create


class Command(BaseCommand):
    """In the composition root, like seed_demo: it fills several apps (members may not
    import projects), each through its own bulk helper."""

    help = (
        "Generate N synthetic researcher profiles and M synthetic projects with bulk inserts, "
        "for benchmarks. Adds the demo institutions first when there are none. Never run it "
        "in production."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--researchers", type=int, default=0, metavar="N")
        parser.add_argument(
            "--projects",
            type=int,
            default=0,
            metavar="N",
            help="Projects led by the researchers (existing ones or those made here).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, researchers: int, projects: int, seed: int, **options) -> None:
        if not researchers and not projects:
            raise CommandError("Say how many: --researchers N and/or --projects N.")
        started = time.monotonic()
        for line in seed_institutions():
            self.stdout.write(line)
        if researchers:
            made = researchers_bulk_create(
                count=researchers, email_pattern="scale{n:07d}@scale.tpc.example", seed=seed
            )
            self.stdout.write(f"Created {made} researcher profiles.")
        if projects:
            made = projects_bulk_create(count=projects, seed=seed)
            self.stdout.write(f"Created {made} projects.")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics and visibility map, as autovacuum would leave them later:
            # plans and index-only counts are then those of a settled database, and the
            # similar-work ranking knows which words are common (projects/similarity.py).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
