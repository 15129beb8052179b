"""`manage.py check_ledgers`: every allocation's stored `used` equals the sum of its ledger.

Exits 0 and says so when they all agree; otherwise lists each allocation that does not
and exits 1. It reads, it never repairs: a mismatch is a bug to find, not a number to
overwrite.
"""

import sys

from django.core.management.base import BaseCommand

from projects.usage_selectors import allocations_ledger_mismatched


class Command(BaseCommand):
    help = "Check that every allocation's used total equals the sum of its usage ledger."

    def handle(self, *args, **options) -> None:
        mismatched = list(allocations_ledger_mismatched())
        if not mismatched:
            self.stdout.write(
                self.style.SUCCESS("Every allocation's used total matches its ledger.")
            )
            return
        for allocation in mismatched:
            self.stdout.write(
                f"allocation {allocation.pk} ({allocation.project.title} · "
                f"{allocation.resource.site.name} {allocation.resource.name}): "
                f"used {allocation.used}, ledger {allocation.ledger}, "
                f"difference {allocation.used - allocation.ledger}"
            )
        self.stderr.write(
            self.style.ERROR(f"{len(mismatched)} allocation(s) do not match their ledger.")
        )
        sys.exit(1)
