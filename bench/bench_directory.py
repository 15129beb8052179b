"""The researcher directory at 100,000 profiles, under gunicorn.

Measures, in one run and on one machine, requests per second of
- the directory search: a two-word full-text query plus one facet, through the API (the
  same FilterSet and selector as the page) and as the HTML page (filters, cards, layout),
- the researcher API list (token, 25 per page),
- a plain DRF list of the same page size (one table, no filters), the baseline,
and the ratios to the baseline (target: at least 0.5 for the search and the list).

It needs PostgreSQL: the server DATABASE_URL names when that is PostgreSQL, otherwise
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). It creates the
database bench_directory_<pid> there, fills it with `seed_scale` (BENCH_RESEARCHERS,
default 100,000), serves it with gunicorn on a free loopback port (production settings:
DEBUG off), drives each URL in turn from BENCH_CLIENTS threads (default 4) for BENCH_SECONDS
(default 10) after a warm-up, for BENCH_ROUNDS rounds (default 3), and averages; then it
stops gunicorn and drops the database.
"""

import json
import os
import signal
import time
from urllib.parse import urlencode

from bench import Measurement
from bench.harness import (
    admin,
    environment,
    exit_on_sigterm,
    free_port,
    gunicorn,
    manage,
    postgres_server,
    stop,
    wait_until_serving,
)
from bench.harness import rate as served_rate

RESEARCHERS = int(os.environ.get("BENCH_RESEARCHERS", "100000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))  # per URL and round
WARM_UP = 2.0
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

QUERY = urlencode({"q": "protein language", "expertise": "biology"})
SEARCH_PAGE = f"/directory/researchers/?{QUERY}"
API_LIST = "/api/v1/researchers/"
API_SEARCH = f"{API_LIST}?{QUERY}"
PLAIN_LIST = "/bench/plain-profiles/"

SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from knox.models import AuthToken
from members.models import Profile
profile = Profile.objects.filter(institution__status="member", visibility="members").first()
user = profile.user
_, token = AuthToken.objects.create(user)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[1]  # what a log-in stores
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
print(json.dumps({"token": token, "cookie": cookie}))
"""


def run() -> list[Measurement]:
    admin_url, name = postgres_server(), f"bench_directory_{os.getpid()}"
    admin(admin_url, f'CREATE DATABASE "{name}"')
    env = environment(admin_url, name, settings_module="bench.directory_settings")
    server = None
    # A run stopped from outside (SIGTERM) still stops gunicorn and drops its database.
    previous = signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        started = time.monotonic()
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "seed_scale", "--researchers", str(RESEARCHERS))
        manage(env, "collectstatic", "--no-input", "-v0")
        seeded = time.monotonic() - started
        credentials = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        port = free_port()
        server = gunicorn(env, port)
        wait_until_serving(port)
        token = {"Authorization": f"Token {credentials['token']}"}
        targets = {
            "search": (API_SEARCH, token),
            "page": (SEARCH_PAGE, {"Cookie": credentials["cookie"]}),
            "api": (API_LIST, token),
            "plain": (PLAIN_LIST, token),
        }
        # Rounds, each URL in turn: a machine whose load drifts during the run (other
        # processes, autovacuum) then weighs on every URL alike, not on the last one.
        served = dict.fromkeys(targets, 0.0)
        for _round in range(ROUNDS):
            for target, (path, headers) in targets.items():
                served[target] += _rate(port, path, headers) / ROUNDS
        search, page, api, plain = (served[target] for target in targets)
    finally:
        if server is not None:
            stop(server)
        admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        signal.signal(signal.SIGTERM, previous)
    return [
        (f"seed_scale --researchers {RESEARCHERS} (with migrate)", seeded, "s"),
        ("directory search, API (2 words + 1 facet)", search, "req/s"),
        ("directory search, HTML page (same query)", page, "req/s"),
        ("researcher API list (25 per page)", api, "req/s"),
        ("plain DRF list (25 per page)", plain, "req/s"),
        ("search / plain list (target >= 0.5)", search / plain, "x"),
        ("API list / plain list (target >= 0.5)", api / plain, "x"),
        ("search page / plain list", page / plain, "x"),
    ]


def _rate(port: int, path: str, headers: dict[str, str]) -> float:
    """Requests per second that CLIENTS threads get answered with 200, after a warm-up."""
    return served_rate(port, path, headers, clients=CLIENTS, seconds=SECONDS, warm_up=WARM_UP)
