"""A person's calendar feed: a member of 10 working groups with weekly meetings over two
years (about 1,040 occurrences), under gunicorn.

Measures, in one run and on one machine, requests per second of
- the person's feed asked again with its ETag (If-None-Match: 304, what a calendar program
  polling an unchanged feed costs),
- the full answer (200) to a program that does not send the ETag: the copy made for this
  version, from the cache,
- the full answer built anew, as after every change (a second gunicorn on the same
  database with CACHE_URL=dummy://),
- the meetings API list, 100 per page, when `api:meeting-list` exists (otherwise the row
  says it is not built yet),
- the plain DRF list of the directory benchmark (bench/directory_urls.py: one table, 25
  per page, token), the baseline,
and the ratios to the baseline (target: the feed at least 1.0, the meetings list 0.8).

The world: BENCH_CALENDAR_RESEARCHERS profiles (default 2,000; `seed_scale`, which the
plain list reads), 30 working groups of 20 members each, every group with a weekly series
in its own time zone from a year ago to a year ahead with every occurrence stored, two of
them cancelled and two moved per series; the person is a member of 10 of the groups. The
feed holds 10 recurring events with their EXDATEs and 20 moved occurrences; a series with
an alternate time, or one-off meetings, would add one event per meeting.

Like bench_directory (whose helpers it uses), it needs PostgreSQL, creates the database
bench_calendar_<pid>, serves it with gunicorn on a free loopback port (DEBUG off), drives
each URL in turn from BENCH_CLIENTS threads for BENCH_SECONDS after a warm-up, for
BENCH_ROUNDS rounds, averages, then stops gunicorn and drops the database.
"""

import json
import os
import signal
import time

from bench import Measurement
from bench.bench_directory import CLIENTS, SECONDS, WARM_UP
from bench.harness import admin as _admin
from bench.harness import environment, rate
from bench.harness import exit_on_sigterm as _exit_on_sigterm
from bench.harness import free_port as _free_port
from bench.harness import get as _get
from bench.harness import gunicorn as _gunicorn
from bench.harness import manage as _manage
from bench.harness import postgres_server as _server
from bench.harness import stop as _stop
from bench.harness import wait_until_serving as _wait_until_serving


def _environment(admin_url: str, name: str) -> dict[str, str]:
    return environment(admin_url, name, settings_module="bench.directory_settings")


def _rate(port: int, path: str, headers: dict[str, str], expect: int = 200) -> float:
    return rate(
        port, path, headers, clients=CLIENTS, seconds=SECONDS, warm_up=WARM_UP, expect=expect
    )


RESEARCHERS = int(os.environ.get("BENCH_CALENDAR_RESEARCHERS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GROUPS, GROUPS_OF_THE_PERSON, MEMBERS_PER_GROUP = 30, 10, 20
ZONES = [
    "America/Chicago",
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Los_Angeles",
    "Europe/Paris",
    "UTC",
]
PLAIN_LIST = "/bench/plain-profiles/"


def run() -> list[Measurement]:
    admin_url, name = _server(), f"bench_calendar_{os.getpid()}"
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    env = _environment(admin_url, name)
    servers = []
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        started = time.monotonic()
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "seed_scale", "--researchers", str(RESEARCHERS))
        seeded = json.loads(
            _manage(env, "shell", "-c", "from bench.bench_calendar import seed; seed()")
            .strip()
            .splitlines()[-1]
        )
        _manage(env, "collectstatic", "--no-input", "-v0")
        seeding = time.monotonic() - started
        # The portal as deployed, and the same without a cache, where every full answer of
        # the feed is built anew (the first read after each change).
        port, uncached = _free_port(), _free_port()
        servers.append(_gunicorn(env, port))
        # (Its health check answers 503 without a cache: one "Service Unavailable" line.)
        servers.append(_gunicorn({**env, "CACHE_URL": "dummy://"}, uncached))
        _wait_until_serving(port)
        _wait_until_serving(uncached)
        token = {"Authorization": f"Token {seeded['api_token']}"}
        feed = f"/calendar/{seeded['feed_token']}.ics"
        status, body = _get(port, feed, {})
        if status != 200:
            raise RuntimeError(f"GET {feed} answered {status}: {body[:300]!r}")
        etag = _etag(port, feed)
        targets: dict[str, tuple[int, str, dict[str, str], int]] = {
            "feed_built": (uncached, feed, {}, 200),
            "feed_copy": (port, feed, {}, 200),
            "feed_304": (port, feed, {"If-None-Match": etag}, 304),
            "plain": (port, PLAIN_LIST, token, 200),
        }
        if seeded["meetings_api"]:
            targets["meetings"] = (port, f"{seeded['meetings_api']}?page_size=100", token, 200)
        served = dict.fromkeys(targets, 0.0)
        for _round in range(ROUNDS):
            for target, (on, path, headers, expect) in targets.items():
                served[target] += _rate(on, path, headers, expect) / ROUNDS
    finally:
        for server in servers:
            _stop(server)
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        signal.signal(signal.SIGTERM, previous)
    plain = served["plain"]
    rows: list[Measurement] = [
        (f"seed ({RESEARCHERS} researchers, {GROUPS} groups, with migrate)", seeding, "s"),
        (f"feed: occurrences stored in the person's {GROUPS_OF_THE_PERSON} groups",
         seeded["occurrences"], "meetings"),
        ("feed: events in it (recurring + changed occurrences)", seeded["events"], "events"),
        ("feed: size", len(body) / 1024, "KiB"),
        ("personal feed, unchanged (If-None-Match: 304)", served["feed_304"], "req/s"),
        ("personal feed, 200 without If-None-Match (copy of the version)",
         served["feed_copy"], "req/s"),
        ("personal feed, 200 built anew (no cache)", served["feed_built"], "req/s"),
        ("plain DRF list (25 per page)", plain, "req/s"),
        ("feed 304 / plain list (target >= 1.0)", served["feed_304"] / plain, "x"),
        ("feed 200 copy / plain list", served["feed_copy"] / plain, "x"),
        ("feed 200 built / plain list", served["feed_built"] / plain, "x"),
    ]  # fmt: skip
    if "meetings" in served:
        rows += [
            ("meetings API list (100 per page)", served["meetings"], "req/s"),
            ("meetings list / plain list (target >= 0.8)", served["meetings"] / plain, "x"),
        ]
    else:
        rows.append(("meetings API list: not built yet (api:meeting-list)", 0.0, ""))
    return rows


def _etag(port: int, path: str) -> str:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        etag = response.getheader("ETag")
    finally:
        connection.close()
    if not etag:
        raise RuntimeError(f"GET {path} gave no ETag")
    return etag


# --- The world, made inside `manage.py shell` (Django set up, the bench database) -------------


def seed() -> None:
    """Groups, series and their stored occurrences, the person's feed address and an API
    token; prints them as one line of JSON."""
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from dateutil.rrule import rrulestr
    from django.db import connection
    from django.urls import NoReverseMatch, reverse
    from knox.models import AuthToken

    from members.models import Institution, Profile
    from tpc_portal.feeds import feed_token_create
    from workinggroups.calendars import feed_events
    from workinggroups.models import Meeting, Membership, Series, WorkingGroup

    people = list(
        Profile.objects.filter(institution__status=Institution.Status.MEMBER)
        .order_by("pk")
        .values_list("user_id", flat=True)[: GROUPS * MEMBERS_PER_GROUP + 1]
    )
    person, others = people[0], people[1:]
    first_day = datetime.now(UTC).date() - timedelta(days=365)
    occurrences_of_the_person = 0
    for index in range(GROUPS):
        members = others[index * MEMBERS_PER_GROUP : (index + 1) * MEMBERS_PER_GROUP]
        lead = members[0]
        group = WorkingGroup.objects.create(
            name=f"Bench working group {index}",
            slug=f"bench-group-{index}",
            mission="Benchmarking.",
            status=WorkingGroup.Status.ACTIVE,
            proposer_id=lead,
        )
        members_of_group = list(members)
        if index < GROUPS_OF_THE_PERSON:
            members_of_group.append(person)
        Membership.objects.bulk_create(
            Membership(
                group=group,
                user_id=user,
                role=Membership.Role.LEAD if user == lead else Membership.Role.MEMBER,
            )
            for user in members_of_group
        )
        zone = ZONES[index % len(ZONES)]
        series = Series.objects.create(
            group=group,
            title=f"Weekly call of group {index}",
            rule="FREQ=WEEKLY;BYDAY=TU",
            time_zone=zone,
            first_day=first_day,
            local_time=time(8 + index % 10, 0),
            location="Building 240, room 1404",
            video_link=f"https://meet.example.org/bench-{index}",
            agenda="1. Round of news\n2. Action items\n3. Next steps",
            created_by_id=lead,
        )
        rule = rrulestr(series.rule, dtstart=datetime.combine(first_day, series.local_time))
        starts = [
            local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
            for local in rule.between(
                datetime.combine(first_day, time(0)),
                datetime.combine(first_day + timedelta(days=730), time(0)),
                inc=True,
            )
        ]
        meetings = Meeting.objects.bulk_create(
            Meeting(
                group=group,
                series=series,
                occurrence=start,
                start=start,
                time_zone=zone,
                title=series.title,
                location=series.location,
                video_link=series.video_link,
                agenda=series.agenda,
                created_by_id=lead,
            )
            for start in starts
        )
        for meeting in meetings[10:12]:
            meeting.status, meeting.sequence = Meeting.Status.CANCELLED, 1
        for meeting in meetings[60:62]:
            meeting.start, meeting.detached, meeting.sequence = (
                meeting.start + timedelta(days=1),
                True,
                1,
            )
        Meeting.objects.bulk_update(
            [*meetings[10:12], *meetings[60:62]], ["status", "start", "detached", "sequence"]
        )
        if index < GROUPS_OF_THE_PERSON:
            occurrences_of_the_person += len(meetings)
    user = Profile.objects.get(user_id=person).user
    feed_token = feed_token_create(actor=user)
    _, api_token = AuthToken.objects.create(user)
    try:
        meetings_api = reverse("api:meeting-list")
    except NoReverseMatch:
        meetings_api = ""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(  # read by run()
        json.dumps(
            {
                "feed_token": feed_token,
                "api_token": api_token,
                "meetings_api": meetings_api,
                "occurrences": occurrences_of_the_person,
                "events": len(feed_events(user)),
                "generated": datetime.now(UTC).isoformat(),
            }
        )
    )
