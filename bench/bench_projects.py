"""Projects at 10,000, under gunicorn: similar work and the project search beside the
members benchmark's plain DRF list, in one run.

Measures requests per second of
- the similar-work endpoint (POST /api/v1/projects/similar/) for a realistic title and a
  100-word summary with two expertise areas: the selector the proposal form's panel uses;
- the same draft through the panel's own view (the htmx fragment, GET);
- the project search (two words plus one facet) through the projects API, once that API
  exists (the other half of the projects work; "not built yet" until then);
- the plain DRF list of bench_directory (25 profiles a page), the baseline,
and the ratios to the baseline (target: at least 0.5 for similar work and the search).

It uses the harness of bench_directory (bench/harness.py): a scratch database
bench_projects_<pid> on the PostgreSQL server DATABASE_URL names (else BENCH_POSTGRES_URL),
filled with `seed_scale --researchers BENCH_RESEARCHERS --projects BENCH_PROJECTS` (default
100,000 and 10,000: the baseline lists the same table as in bench_directory), gunicorn with
production settings, BENCH_CLIENTS threads per URL for BENCH_SECONDS after a warm-up, the
URLs in turn for BENCH_ROUNDS rounds; then gunicorn stops and the database is dropped.
"""

import json
import math
import os
import signal
import time
from urllib.parse import urlencode

from bench import Measurement
from bench.bench_directory import CLIENTS, ROUNDS, SECONDS
from bench.harness import (
    admin,
    environment,
    exit_on_sigterm,
    free_port,
    gunicorn,
    manage,
    postgres_server,
    rate,
    stop,
    wait_until_serving,
)

RESEARCHERS = int(os.environ.get("BENCH_RESEARCHERS", "100000"))
PROJECTS = int(os.environ.get("BENCH_PROJECTS", "10000"))
PLAIN_LIST = "/bench/plain-profiles/"
SIMILAR_API = "/api/v1/projects/similar/"

# A proposal as people write them: a title and a summary of about a hundred words.
DRAFT = {
    "title": "A foundation model for regional climate downscaling on exascale systems",
    "summary": (
        "Coarse global climate projections cannot tell a city how much rain its next storm "
        "will bring. We propose a foundation model that downscales projections from the "
        "CMIP6 archive to one-kilometre resolution over North America and Europe, learning "
        "the relationship between large-scale circulation and local temperature, "
        "precipitation and wind from decades of reanalysis and radar records. The model is "
        "pretrained on leadership-class systems, then fine-tuned for hydrology and "
        "agriculture. We will release the checkpoints, the curated training dataset and an "
        "evaluation suite of extreme-event case studies, and work with the climate working "
        "group so that impact modellers can use the downscaled fields directly."
    ),
    "expertise_areas": ["climate", "model-architectures"],
}
# Two words and one facet, as bench_directory searches researchers.
SEARCH = os.environ.get("BENCH_PROJECT_SEARCH", "q=climate downscaling&expertise=climate")

SETUP = """
import json
from urllib.parse import quote
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import NoReverseMatch, reverse
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
try:
    search = reverse("api:project-list")
except NoReverseMatch:
    search = None
print(json.dumps({"token": token, "cookie": cookie, "search": search}))
"""


def run() -> list[Measurement]:
    admin_url, name = postgres_server(), f"bench_projects_{os.getpid()}"
    admin(admin_url, f'CREATE DATABASE "{name}"')
    env = environment(
        admin_url,
        name,
        settings_module="bench.directory_settings",
        API_THROTTLE_SIMILAR_WORK="1000000/minute",
    )
    server = None
    previous = signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        started = time.monotonic()
        manage(env, "migrate", "--no-input", "-v0")
        manage(
            env,
            "seed_scale",
            "--researchers",
            str(RESEARCHERS),
            "--projects",
            str(PROJECTS),
        )
        manage(env, "collectstatic", "--no-input", "-v0")
        seeded = time.monotonic() - started
        credentials = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        port = free_port()
        server = gunicorn(env, port)
        wait_until_serving(port)
        token = {"Authorization": f"Token {credentials['token']}"}
        json_post = {**token, "Content-Type": "application/json"}
        panel = "/projects/similar/?" + urlencode(
            {"title": DRAFT["title"], "summary": DRAFT["summary"], "expertise": "climate"}
        )
        targets = {
            "similar": (SIMILAR_API, json_post, "POST", json.dumps(DRAFT).encode()),
            "panel": (panel, {"Cookie": credentials["cookie"], "HX-Request": "true"}, "GET", b""),
            "plain": (PLAIN_LIST, token, "GET", b""),
        }
        if credentials["search"]:
            query = urlencode(dict(pair.split("=", 1) for pair in SEARCH.split("&")))
            targets["search"] = (f"{credentials['search']}?{query}", token, "GET", b"")
        # Rounds, each URL in turn: a drifting machine load weighs on every URL alike.
        served = dict.fromkeys(targets, 0.0)
        for _round in range(ROUNDS):
            for target, (path, headers, method, body) in targets.items():
                served[target] += (
                    rate(
                        port,
                        path,
                        headers,
                        clients=CLIENTS,
                        seconds=SECONDS,
                        method=method,
                        body=body or None,
                    )
                    / ROUNDS
                )
    finally:
        if server is not None:
            stop(server)
        admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        signal.signal(signal.SIGTERM, previous)
    plain = served["plain"]
    search = served.get("search", math.nan)
    searched = "search" in served
    return [
        (
            f"seed_scale --researchers {RESEARCHERS} --projects {PROJECTS} (with migrate)",
            seeded,
            "s",
        ),
        ("similar work, API (title + 100-word summary, 2 areas)", served["similar"], "req/s"),
        ("similar work, the form's panel (htmx fragment)", served["panel"], "req/s"),
        (
            "project search, API (2 words + 1 facet)" + ("" if searched else ": not built yet"),
            search,
            "req/s",
        ),
        ("plain DRF list (25 per page)", plain, "req/s"),
        ("similar work API / plain list (target >= 0.5)", served["similar"] / plain, "x"),
        ("similar panel / plain list", served["panel"] / plain, "x"),
        ("project search / plain list (target >= 0.5)", search / plain, "x"),
    ]
