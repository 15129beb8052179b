"""Usage ingestion: 100,000 records posted in batches of 1,000 through the API under gunicorn,
against the same rows inserted in-process by bulk_create (the ceiling); and the allocations
API list against a plain DRF list of the same table.

Measures, in one run and on one machine, in BENCH_ROUNDS rounds (default 3), each round on
an emptied ledger each time:
- bulk_create in one process: the rows as model objects, 1,000 at a time, one transaction
  per batch (no HTTP, no JSON, no checks, no totals);
- the ceiling: the same in BENCH_CLIENTS processes at once (default 4), each its share of
  the batches, as many as the API gets clients, so that both may use every core;
- the API: the same rows as JSON batches of 1,000, POST /api/v1/usage/ with a site key,
  from BENCH_CLIENTS threads against gunicorn (BENCH_WORKERS, default one per core, DEBUG
  off); every answer must be 200 with 1,000 created, and `check_ledgers` must agree after;
- records per second of each, and the API's ratio to the ceiling (target: at least 0.3);
- if `api:allocation-list` exists (another part of issue 13), its requests per second with
  the site key against a plain DRF list of the allocations table (target: at least 0.8).

Batches spread over 100 allocations, ten per batch, consecutive batches on different ones
(a site reporting its day). It needs PostgreSQL: the server DATABASE_URL names when that is
PostgreSQL, otherwise BENCH_POSTGRES_URL. It creates the database bench_usage_<pid> there
and drops it at the end.
"""

import json
import os
import queue
import signal
import subprocess
import threading
import time
from datetime import UTC, date, datetime, timedelta

from bench import Measurement
from bench.harness import (
    PYTHON,
    ROOT,
    admin,
    environment,
    exit_on_sigterm,
    free_port,
    gunicorn,
    manage,
    postgres_server,
    rate,
    request,
    stop,
    wait_until_serving,
)

RECORDS = int(os.environ.get("BENCH_USAGE_RECORDS", "100000"))
BATCH = 1000
ALLOCATIONS = 100
PER_BATCH = 10  # allocations in one batch
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))  # per list URL and round
USAGE = "/api/v1/usage/"
ALLOCATION_LIST = "/api/v1/allocations/"
PLAIN_LIST = "/bench/plain-allocations/"


def batches(allocation_ids: list[int], today: date) -> list[list[dict]]:
    """The records as a site sends them: batches of BATCH, each on PER_BATCH allocations
    (consecutive batches on different ones), one hour of one job per record, over the 40
    days before `today`."""
    groups = [
        allocation_ids[start : start + PER_BATCH]
        for start in range(0, len(allocation_ids), PER_BATCH)
    ]
    result = []
    for number in range(RECORDS // BATCH):
        group = groups[number % len(groups)]
        records = []
        for offset in range(BATCH):
            index = number * BATCH + offset
            day = today - timedelta(days=1 + index % 40)
            start = datetime(day.year, day.month, day.day, index % 24, tzinfo=UTC)
            records.append(
                {
                    "record_id": f"job-{index}",
                    "allocation": group[offset % len(group)],
                    "period_start": start.isoformat(),
                    "period_end": (start + timedelta(hours=1)).isoformat(),
                    "amount": f"{index % 97 + 0.5:.3f}",
                    "unit": "gpu_hours",
                    "user": f"user{index % 50}",
                }
            )
        result.append(records)
    return result


SETUP = f"""
import json
from datetime import date, timedelta
from decimal import Decimal
from django.utils import timezone
from knox.models import AuthToken
from members.models import Institution, User
from projects.models import Allocation, AllocationPeriod, Project, Resource, Site, TeamMember
from projects.services.site_keys import site_key_create

today = timezone.now().date()
host = Institution.objects.create(
    name="Bench Laboratory", slug="bench-lab", kind="national_lab", country="US",
    status="member", joined=date(2024, 1, 1),
)
pi = User.objects.create_user("pi@bench.example", "not-a-password", full_name="Bench PI")
site = Site.objects.create(name="Bench Facility", slug="bench-facility", host_institution=host)
resource = Resource.objects.create(
    site=site, name="Bench GPU", slug="bench-gpu", kind="gpu", unit="gpu_hours",
    capacity=Decimal(10) ** 9,
)
period = AllocationPeriod.objects.create(
    name="bench", start=today - timedelta(days=60), end=today + timedelta(days=120),
    requests_open=timezone.now() - timedelta(days=90),
    requests_close=timezone.now() - timedelta(days=70),
)
allocations = []
for number in range({ALLOCATIONS}):
    project = Project.objects.create(
        title=f"Bench project {{number}}", slug=f"bench-{{number}}", summary="Bench.",
        kind="model_building", status="active", created_by=pi, lead_institution=host,
    )
    TeamMember.objects.create(project=project, user=pi, role="pi", institution=host)
    allocations.append(Allocation.objects.create(
        project=project, resource=resource, period=period, granted=Decimal(10) ** 6,
        start=period.start, end=period.end,
    ).pk)
_key, plaintext = site_key_create(actor=None, site=site, name="bench")
_token, token = AuthToken.objects.create(pi)
print(json.dumps({{"key": plaintext, "token": token, "allocations": allocations,
                  "today": today.isoformat()}}))
"""

# The ceiling: the same rows, bulk_create 1,000 at a time, one transaction each, in
# `parts` processes at once (as many as the API's clients), each its share of the batches.
# The values are made Python objects (datetimes, decimals) before the clock starts; each
# process says "ready", waits for "go" and prints the moment it finished.
CEILING = """
import json, sys, time
from datetime import date, datetime
from decimal import Decimal
from django.db import connection, transaction
from projects.models import Site, UsageRecord
from bench.bench_usage import batches

setup = json.loads(sys.stdin.readline())
site = Site.objects.get(slug="bench-facility")
connection.ensure_connection()
everything = batches(setup["allocations"], date.fromisoformat(setup["today"]))
rows = [
    [
        (r["record_id"], r["allocation"], datetime.fromisoformat(r["period_start"]),
         datetime.fromisoformat(r["period_end"]), Decimal(r["amount"]), r["user"])
        for r in batch
    ]
    for batch in everything[setup["part"]::setup["parts"]]
]
print("ready", flush=True)
sys.stdin.readline()
for batch in rows:
    with transaction.atomic():
        UsageRecord.objects.bulk_create([
            UsageRecord(site=site, allocation_id=allocation, record_id=record_id,
                        period_start=start, period_end=end, amount=amount, site_user=user)
            for record_id, allocation, start, end, amount, user in batch
        ])
print(time.time(), flush=True)
"""

EMPTY_LEDGER = """
from django.db import connection
from projects.models import Allocation
with connection.cursor() as cursor:
    cursor.execute("TRUNCATE projects_usagerecord")
Allocation.objects.update(used=0, status="active", warned_80=None, warned_100=None,
                          last_usage=None)
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE projects_allocation")
"""

HAS_ALLOCATION_LIST = """
from django.urls import NoReverseMatch, reverse
try:
    reverse("api:allocation-list")
    print("yes")
except NoReverseMatch:
    print("no")
"""


def run() -> list[Measurement]:
    admin_url, name = postgres_server(), f"bench_usage_{os.getpid()}"
    admin(admin_url, f'CREATE DATABASE "{name}"')
    env = environment(
        admin_url,
        name,
        settings_module="bench.usage_settings",
        API_THROTTLE_SITE_KEY="1000000/minute",
    )
    server = None
    previous = signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        setup = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        bodies = [
            json.dumps({"records": batch}).encode()
            for batch in batches(setup["allocations"], date.fromisoformat(setup["today"]))
        ]
        port = free_port()
        server = gunicorn(env, port)
        wait_until_serving(port)
        key = {"Authorization": f"Api-Key {setup['key']}", "Content-Type": "application/json"}
        single, ceilings, posted = [], [], []
        for _round in range(ROUNDS):
            manage(env, "shell", "-c", EMPTY_LEDGER)
            single.append(RECORDS / _ceiling(env, setup, 1))
            manage(env, "shell", "-c", EMPTY_LEDGER)
            ceilings.append(RECORDS / _ceiling(env, setup, CLIENTS))
            manage(env, "shell", "-c", EMPTY_LEDGER)
            posted.append(RECORDS / _post_all(port, bodies, key))
            manage(env, "check_ledgers")  # exits non-zero, and fails the run, on a mismatch
        lists = _lists(env, port, setup)
    finally:
        if server is not None:
            stop(server)
        admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        signal.signal(signal.SIGTERM, previous)
    alone, ceiling, api = (sum(rates) / ROUNDS for rates in (single, ceilings, posted))
    measurements: list[Measurement] = [
        (f"usage, bulk_create in 1 process ({RECORDS:,} in 1,000s)", alone, "records/s"),
        (f"usage, bulk_create in {CLIENTS} processes (the ceiling)", ceiling, "records/s"),
        (f"usage, POST {USAGE} under gunicorn, {CLIENTS} clients", api, "records/s"),
        ("usage API / ceiling (target >= 0.3)", api / ceiling, "x"),
        (
            "usage API / ceiling, each round",
            min(p / c for p, c in zip(posted, ceilings, strict=True)),
            "x (lowest)",
        ),
    ]
    return measurements + lists


def _ceiling(env: dict[str, str], setup: dict, parts: int) -> float:
    """Seconds `parts` processes took to bulk_create every row between them."""
    processes = [
        subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", CEILING],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _part in range(parts)
    ]
    try:
        for part, process in enumerate(processes):
            process.stdin.write(json.dumps(setup | {"part": part, "parts": parts}) + "\n")
            process.stdin.flush()
        for process in processes:
            line = "?"
            while line and line.strip() != "ready":  # past anything the shell says first
                line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"a ceiling process did not start:\n{process.stderr.read()}")
        started = time.time()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        finished = []
        for process in processes:
            output, errors = process.communicate(timeout=1800)
            if process.returncode:
                raise RuntimeError(f"a ceiling process failed:\n{errors[-3000:]}")
            finished.append(float(output.strip().splitlines()[-1]))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    return max(finished) - started


def _post_all(port: int, bodies: list[bytes], headers: dict[str, str]) -> float:
    """Seconds CLIENTS threads took to post every batch, each answered 200, all created."""
    work: queue.Queue[bytes] = queue.Queue()
    for body in bodies:
        work.put(body)
    failures: list[str] = []

    def client() -> None:
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                return
            status, answer = request(port, "POST", USAGE, headers, body)
            if status != 200 or json.loads(answer)["counts"]["created"] != BATCH:
                failures.append(f"{status}: {answer[:300]!r}")

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=1800)
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} batches failed: {failures[:3]}")
    return elapsed


def _lists(env: dict[str, str], port: int, setup: dict) -> list[Measurement]:
    """The allocations API list against the plain DRF list, when the list exists."""
    token = {"Authorization": f"Token {setup['token']}"}
    plain = 0.0
    # The last line: Django's shell may first say what it imported.
    if manage(env, "shell", "-c", HAS_ALLOCATION_LIST).strip().splitlines()[-1] != "yes":
        for _round in range(ROUNDS):
            plain += rate(port, PLAIN_LIST, token, clients=CLIENTS, seconds=SECONDS) / ROUNDS
        return [
            ("plain DRF list of allocations (25 per page)", plain, "req/s"),
            ("allocations API list: not measured (api:allocation-list does not exist)", 0, "-"),
        ]
    # As the site reads its allocations; as their PI if the list does not take keys.
    caller, who = {"Authorization": f"Api-Key {setup['key']}"}, "site key"
    if request(port, "GET", ALLOCATION_LIST, caller)[0] != 200:
        caller, who = token, "PI's token"
    api = 0.0
    for _round in range(ROUNDS):
        api += rate(port, ALLOCATION_LIST, caller, clients=CLIENTS, seconds=SECONDS) / ROUNDS
        plain += rate(port, PLAIN_LIST, token, clients=CLIENTS, seconds=SECONDS) / ROUNDS
    return [
        (f"allocations API list, {who} (25 per page)", api, "req/s"),
        ("plain DRF list of allocations (25 per page)", plain, "req/s"),
        ("allocations list / plain list (target >= 0.8)", api / plain, "x"),
    ]
