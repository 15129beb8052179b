"""Fan-out of one announcement to 5,000 people, and its e-mail delivered by one worker.

Measures, in one run and on one machine:
- notify() to 5,000 recipients: wall time and database queries (bulk: a handful);
- the drain rate of a no-op Celery task by one worker (prefork, concurrency 2) from the
  broker, the ceiling for any task;
- e-mails delivered per second by the same kind of worker into a real SMTP server on
  loopback (aiosmtpd), batches of notices per task over one connection each;
- their ratio (target: at least 0.5).

It creates its own database (named bench_notifications_<pid>, through Django's test-database
machinery, on the server DATABASE_URL names) and drops it afterwards. The worker parts need
CELERY_BROKER_URL (Redis); the bench empties the default queue of that broker database before
and after, so point it at a database of its own (e.g. redis://127.0.0.1:6379/3), never at
production. Without a broker it measures the fan-out only.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from celery import shared_task

from bench import Measurement

RECIPIENTS = 5_000
NOOP_TASKS = 5_000
ROOT = Path(__file__).resolve().parents[1]
POLL = 0.005  # seconds between looks at the queue or the SMTP sink
TIMEOUT = 180


@shared_task(name="bench.noop", ignore_result=True)
def noop() -> None:
    """Does nothing: what one worker drains per second of these is the ceiling."""


def run() -> list[Measurement]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tpc_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    scratch = f"bench_notifications_{os.getpid()}"
    if connection.vendor == "sqlite":
        scratch = str(ROOT / "var" / f"{scratch}.sqlite3")
    connection.settings_dict["TEST"]["NAME"] = scratch
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        people = _people()
        if not settings.CELERY_BROKER_URL:
            print(
                "bench_notifications: CELERY_BROKER_URL is unset, measuring the fan-out only.",
                file=sys.stderr,
            )
            settings.MAILERS = {
                "default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
            }
            return _fan_out(people)
        return _with_worker(people)
    finally:
        connection.close()
        connection.creation.destroy_test_db(original_name, verbosity=0)


def _people():
    from members.models import User

    return User.objects.bulk_create(
        User(email=f"researcher{i}@institution{i % 70}.example", full_name=f"Researcher {i}")
        for i in range(RECIPIENTS)
    )


def _fan_out(people) -> list[Measurement]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from notifications.notices import ANNOUNCEMENT
    from notifications.services import notify

    context = {"subject": "TPC summer school: applications open", "message": "Apply by June."}
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with transaction.atomic():
            notify(people, ANNOUNCEMENT, context=context)
            created = time.perf_counter()
        handed_over = time.perf_counter()  # after commit: e-mail tasks handed to the broker
    return [
        (f"notify {RECIPIENTS:,} recipients: create notices", (created - started) * 1000, "ms"),
        ("  database queries for it", len(queries), "queries"),
        ("  commit and hand e-mail tasks to the broker", (handed_over - created) * 1000, "ms"),
    ]


def _with_worker(people) -> list[Measurement]:
    from tests.notifications.smtp_sink import MinimalSmtpSink
    from tpc_portal.celery import app

    load_before = os.getloadavg()[0]
    sink = MinimalSmtpSink().start()
    try:
        _purge(app)
        noop_drain = _noop_drain(app, sink)
        rows = _fan_out(people)
        delivery = _delivery(sink, len(people))
    finally:
        _purge(app)
        sink.stop()
    return [
        *rows,
        ("no-op tasks drained by one worker (prefork, concurrency 2)", noop_drain.rate, "tasks/s"),
        ("  worker CPU per no-op task", noop_drain.cpu_ms, "ms"),
        ("e-mails delivered by the same worker into SMTP", delivery.rate, "e-mails/s"),
        ("  worker CPU per e-mail", delivery.cpu_ms, "ms"),
        ("delivery rate / no-op rate (target >= 0.5)", delivery.rate / noop_drain.rate, "ratio"),
        (
            "  the same from worker CPU, which other load skews less",
            noop_drain.cpu_ms / delivery.cpu_ms,
            "ratio",
        ),
        ("machine load average (1 min) before the worker runs", load_before, ""),
        ("machine load average (1 min) after", os.getloadavg()[0], ""),
    ]


@dataclass(frozen=True)
class Drain:
    rate: float  # per second, from the first to the last task or e-mail
    cpu_ms: float  # CPU of the worker (main process and pool) per task or e-mail


def _purge(app) -> None:
    app.control.purge()
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete("unacked", "unacked_index", "unacked_mutex")


def _noop_drain(app, sink) -> Drain:
    with app.producer_or_acquire() as producer:
        for _ in range(NOOP_TASKS):
            noop.apply_async(producer=producer)
    worker = _start_worker(sink)
    try:
        with app.connection_for_read() as conn:
            redis, queue = conn.default_channel.client, app.conf.task_default_queue
            waiting = _wait(lambda: redis.llen(queue), lambda n: n < NOOP_TASKS, "the worker")
            started, cpu = time.perf_counter(), _cpu_seconds(worker.pid)
            _wait(lambda: redis.llen(queue), lambda n: n == 0, "the no-op tasks to drain")
            elapsed, cpu = time.perf_counter() - started, _cpu_seconds(worker.pid) - cpu
        return Drain(waiting / elapsed, cpu / waiting * 1000)
    finally:
        _stop(worker)


def _delivery(sink, expected: int) -> Drain:
    worker = _start_worker(sink)
    try:
        _wait(sink.count, lambda n: n >= 1, "the first e-mail")
        cpu = _cpu_seconds(worker.pid)
        _wait(sink.count, lambda n: n >= expected, "every e-mail")
        cpu = _cpu_seconds(worker.pid) - cpu
        first, last = sink.arrivals[0], sink.arrivals[expected - 1]
        return Drain((expected - 1) / (last - first), cpu / (expected - 1) * 1000)
    finally:
        _stop(worker)


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children (the pool), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # itself, or a child
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _wait(read, done, what: str):
    """Bounded polling: read until done(value); returns that value."""
    deadline = time.perf_counter() + TIMEOUT
    while not done(value := read()):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"bench_notifications: waited {TIMEOUT} s for {what}")
        time.sleep(POLL)
    return value


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(sink) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": sink.url,
        # Production settings, as a deployed worker runs (DEBUG keeps every query in memory).
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "tpc_portal", "worker",
        "--concurrency=2", "--pool=prefork", "--loglevel=WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--include=bench.bench_notifications", f"--hostname=bench-{os.getpid()}@%h",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True
    )


def _stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
