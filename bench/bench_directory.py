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

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg2

from bench import Measurement

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RESEARCHERS = int(os.environ.get("BENCH_RESEARCHERS", "100000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))  # per URL and round
WARM_UP = 2.0
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))

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
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
print(json.dumps({"token": token, "cookie": cookie}))
"""


def run() -> list[Measurement]:
    admin_url, name = _server(), f"bench_directory_{os.getpid()}"
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    env = _environment(admin_url, name)
    server = None
    # A run stopped from outside (SIGTERM) still stops gunicorn and drops its database.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        started = time.monotonic()
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "seed_scale", "--researchers", str(RESEARCHERS))
        _manage(env, "collectstatic", "--no-input", "-v0")
        seeded = time.monotonic() - started
        credentials = json.loads(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        port = _free_port()
        server = _gunicorn(env, port)
        _wait_until_serving(port)
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
            _stop(server)
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _admin(url: str, statement: str) -> None:
    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _environment(admin_url: str, name: str) -> dict[str, str]:
    base = admin_url.rsplit("/", 1)[0]
    return {
        **os.environ,
        "DATABASE_URL": f"{base}/{name}",
        "DJANGO_SETTINGS_MODULE": "bench.directory_settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-directory-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": "locmem://",
        "CELERY_BROKER_URL": "",
        "EMAIL_URL": "dummy://",
        "API_THROTTLE_USER": "1000000/minute",
        "API_THROTTLE_ANON": "1000000/minute",
        "LOG_LEVEL": "WARNING",
    }


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "tpc_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def _wait_until_serving(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = _get(port, "/healthz", {})
            if status in {200, 503}:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # Production settings sit behind a TLS proxy: say the request came over HTTPS.
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **headers})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _rate(port: int, path: str, headers: dict[str, str], expect: int = 200) -> float:
    """Requests per second that CLIENTS threads get answered with `expect` (200; 304 for
    a conditional GET), after a warm-up."""
    status, body = _get(port, path, headers)
    if status != expect:
        raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    counts = [0] * CLIENTS
    failures: list[int] = []
    warm_until = time.monotonic() + WARM_UP
    stop_at = warm_until + SECONDS

    def client(index: int) -> None:
        while time.monotonic() < stop_at:
            status, _ = _get(port, path, headers)
            if status != expect:
                failures.append(status)
            elif warm_until <= time.monotonic() <= stop_at:
                counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + WARM_UP + 60)
    if failures:
        raise RuntimeError(f"GET {path}: {len(failures)} answers were not {expect}: {failures[:5]}")
    return sum(counts) / SECONDS
