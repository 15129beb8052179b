"""Registering for a popular event: 200 people at once for 50 places, through the API under
gunicorn, side by side with the plain DRF list of the directory benchmark.

Measures, in one run and on one machine, for BENCH_ROUNDS rounds (default 3) of
BENCH_EVENTS_BURSTS bursts (default 3), each burst on a new event of 50 places:
- registrations per second: 200 confirmed members, each with their own API token, POST
  /api/v1/events/{slug}/registration/ from BENCH_CLIENTS threads (default 4: at most that
  many requests in flight), as fast as they are answered; the burst's 200 divided by the
  time from the first request sent to the last answer;
- each registration's latency (p50 and p99 over every burst);
- the plain DRF list of bench/directory_urls.py (one table, 25 per page, token) for
  BENCH_SECONDS (default 10) per round after a warm-up, the baseline;
and the ratio of the two (target: at least 0.5).

Every burst must come out exact, or the run fails: 200 answers 201, 50 saying
"registered" and 150 "waitlisted" with positions 1 to 150; and the organiser's list of the
event (GET /api/v1/events/{slug}/registrations/) in order of arrival: the first 50
registered, the next 150 waiting at positions 1 to 150, no gap and no duplicate.

The world: `seed_scale` with BENCH_EVENTS_RESEARCHERS profiles (default 2,000; the plain
list reads them), of whom 200 confirmed members register; an organiser; one published
members' workshop per burst, plus one to warm up. Like bench_directory (whose harness it
uses), it needs PostgreSQL, creates the database bench_events_<pid>, serves it with
gunicorn on a free loopback port (BENCH_WORKERS, DEBUG off), then stops gunicorn and
drops the database.

Each registration tells the person by notice and e-mail. With CELERY_BROKER_URL set (as
`make bench` is run for the notifications benchmark) the notice is handed to the broker
after the commit, as deployed (notify_later: a worker writes it and queues its e-mail);
nothing consumes it here, so the rate is the API's, and the bench empties that broker
database's default queue before and after, so give it a database of its own (e.g.
redis://127.0.0.1:6379/3). Without a broker the notice is written and the e-mail sent
inside the request (to a dummy backend), as `make run` does.
"""

import json
import math
import os
import queue
import signal
import threading
import time

from bench import Measurement
from bench.harness import (
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

RESEARCHERS = int(os.environ.get("BENCH_EVENTS_RESEARCHERS", "2000"))
PEOPLE, PLACES = 200, 50
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BURSTS = int(os.environ.get("BENCH_EVENTS_BURSTS", "3"))
WARM_UP = 2.0
PLAIN_LIST = "/bench/plain-profiles/"
BROKER = os.environ.get("CELERY_BROKER_URL", "")
PURGE = """
from tpc_portal.celery import app
app.control.purge()
with app.connection_for_write() as conn:
    conn.default_channel.client.delete("unacked", "unacked_index", "unacked_mutex")
"""

SETUP = f"""
import json
from datetime import timedelta
from django.utils import timezone
from knox.models import AuthToken
from events.models import Event
from members.models import Profile

people = list(
    Profile.objects.filter(institution__status="member")
    .select_related("user").order_by("pk")[:{PEOPLE + 1}]
)
organiser, registrants = people[0].user, [profile.user for profile in people[1:]]
now = timezone.now()
slugs = []
for number in range({ROUNDS * BURSTS + 1}):
    event = Event.objects.create(
        kind="workshop", title=f"Bench workshop {{number}}", slug=f"bench-workshop-{{number}}",
        start=now + timedelta(days=30), end=now + timedelta(days=30, hours=8),
        time_zone="Europe/Berlin", venue="Bench hall", capacity={PLACES},
        registration_opens=now - timedelta(days=1), audience="members",
        status="published",
    )
    event.organisers.add(organiser)
    slugs.append(event.slug)
print(json.dumps({{
    "organiser": AuthToken.objects.create(organiser)[1],
    "tokens": [AuthToken.objects.create(user)[1] for user in registrants],
    "slugs": slugs,
}}))
"""


def run() -> list[Measurement]:
    admin_url, name = postgres_server(), f"bench_events_{os.getpid()}"
    admin(admin_url, f'CREATE DATABASE "{name}"')
    env = environment(
        admin_url, name, settings_module="bench.directory_settings", CELERY_BROKER_URL=BROKER
    )
    server = None
    previous = signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        started = time.monotonic()
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "seed_scale", "--researchers", str(RESEARCHERS))
        manage(env, "collectstatic", "--no-input", "-v0")
        if BROKER:
            manage(env, "shell", "-c", PURGE)
        world = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        seeded = time.monotonic() - started
        if len(world["tokens"]) != PEOPLE:
            raise RuntimeError(f"seed_scale made {len(world['tokens'])} confirmed members")
        port = free_port()
        server = gunicorn(env, port)
        wait_until_serving(port)
        slugs, events = list(world["slugs"]), len(world["slugs"])
        _burst(port, slugs.pop(0), world["tokens"][:20])  # warm every worker up
        rates, latencies, plain = [], [], 0.0
        for _round in range(ROUNDS):
            elapsed = 0.0
            for _burst_number in range(BURSTS):
                slug = slugs.pop(0)
                took, answers = _burst(port, slug, world["tokens"])
                _check(port, slug, answers, world["organiser"])
                elapsed += took
                latencies += [latency for latency, _status, _body in answers]
            rates.append(PEOPLE * BURSTS / elapsed)
            token = {"Authorization": f"Token {world['tokens'][0]}"}
            plain += (
                rate(port, PLAIN_LIST, token, clients=CLIENTS, seconds=SECONDS, warm_up=WARM_UP)
                / ROUNDS
            )
    finally:
        if server is not None:
            stop(server)
        if BROKER:
            manage(env, "shell", "-c", PURGE)
        admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        signal.signal(signal.SIGTERM, previous)
    registrations = sum(rates) / ROUNDS
    mail = "notice to the broker" if BROKER else "notice and e-mail in the request"
    return [
        (f"seed ({RESEARCHERS} researchers, {events} events, with migrate)",
         seeded, "s"),
        (f"registrations: {PEOPLE} at once for {PLACES} places, {CLIENTS} clients ({mail})",
         registrations, "registrations/s"),
        ("registrations, slowest round", min(rates), "registrations/s"),
        ("registration latency p50", _percentile(latencies, 50) * 1000, "ms"),
        ("registration latency p99", _percentile(latencies, 99) * 1000, "ms"),
        (f"bursts exact ({PLACES} registered, positions 1-{PEOPLE - PLACES}, 0 errors)",
         ROUNDS * BURSTS, "bursts"),
        ("plain DRF list (25 per page)", plain, "req/s"),
        ("registrations / plain list (target >= 0.5)", registrations / plain, "x"),
    ]  # fmt: skip


def _burst(port: int, slug: str, tokens: list[str]) -> tuple[float, list[tuple[float, int, bytes]]]:
    """Everyone registers for the event, CLIENTS at a time: the seconds from the first
    request to the last answer, and each answer (latency, status, body) in order sent."""
    path = f"/api/v1/events/{slug}/registration/"
    work: queue.Queue[tuple[int, str]] = queue.Queue()
    for item in enumerate(tokens):
        work.put(item)
    answers: list[tuple[float, int, bytes]] = [(0.0, 0, b"")] * len(tokens)

    def client() -> None:
        while True:
            try:
                index, token = work.get_nowait()
            except queue.Empty:
                return
            headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
            sent = time.perf_counter()
            status, body = request(port, "POST", path, headers, b"{}")
            answers[index] = (time.perf_counter() - sent, status, body)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return time.perf_counter() - started, answers


def _check(port: int, slug: str, answers: list[tuple[float, int, bytes]], organiser: str) -> None:
    """The burst came out exact (see the module's docstring), or the run fails."""
    failed = [(status, body[:200]) for _latency, status, body in answers if status != 201]
    if failed:
        raise RuntimeError(f"{slug}: {len(failed)} of {PEOPLE} were not 201: {failed[:3]}")
    told = [json.loads(body) for _latency, _status, body in answers]
    registered = [a for a in told if a == {"status": "registered", "position": None}]
    positions = sorted(a["position"] for a in told if a["status"] == "waitlisted")
    if len(registered) != PLACES or positions != list(range(1, PEOPLE - PLACES + 1)):
        raise RuntimeError(f"{slug}: {len(registered)} registered, positions {positions[:5]}…")
    rows = []
    for page in (1, 2):
        status, body = request(
            port,
            "GET",
            f"/api/v1/events/{slug}/registrations/?page_size=100&page={page}",
            {"Authorization": f"Token {organiser}"},
        )
        if status != 200:
            raise RuntimeError(f"{slug}: the organisers' list answered {status}")
        rows += json.loads(body)["results"]
    stored = [(row["status"], row["position"]) for row in rows]
    expected = [("registered", None)] * PLACES + [
        ("waitlisted", n) for n in range(1, PEOPLE - PLACES + 1)
    ]
    if stored != expected:
        raise RuntimeError(f"{slug}: the stored lists are not exact: {stored[:3]}…")


def _percentile(values: list[float], percent: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(percent / 100 * len(ordered)) - 1, 0)]
