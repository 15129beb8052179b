"""Discover bench/bench_*.py, call each module's run(), print one table of numbers."""

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

from bench import Measurement


def discover(selected: list[str]) -> list[str]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    return [name for name in names if not selected or any(s in name for s in selected)]


def main(argv: list[str]) -> int:
    modules = discover(argv)
    if not modules:
        print("No benchmarks yet (add bench/bench_<area>.py with a run() function).")
        return 0

    rows: list[tuple[str, Measurement]] = []
    failed: list[str] = []
    for module_name in modules:
        try:
            module = importlib.import_module(f"bench.{module_name}")
            rows.extend((module_name, measurement) for measurement in module.run())
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(module_name)

    table = [
        (module_name, name, f"{value:,.2f}", unit) for module_name, (name, value, unit) in rows
    ]
    header = ("module", "measurement", "value", "unit")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    for row in [header, *table]:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}")
    if failed:
        print(f"Failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
