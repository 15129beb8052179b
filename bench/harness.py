"""What the benchmarks served by gunicorn share: a scratch PostgreSQL database, manage.py
in a subprocess, gunicorn on a free loopback port with production settings, and clients
in threads. Not a benchmark itself (the runner takes only bench_*.py modules).

The database server is the one DATABASE_URL names when that is PostgreSQL, otherwise
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))


def exit_on_sigterm(signum, frame) -> None:
    """A run stopped from outside (SIGTERM) unwinds, so its `finally` cleans up."""
    raise SystemExit(128 + signum)


def postgres_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def admin(url: str, statement: str) -> None:
    """Run one statement on the server's `postgres` database (CREATE/DROP DATABASE)."""
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


def environment(admin_url: str, name: str, *, settings_module: str, **extra: str) -> dict[str, str]:
    """The environment of manage.py and gunicorn: the scratch database, production
    settings (DEBUG off), no throttling to speak of, no broker, no e-mail."""
    base = admin_url.rsplit("/", 1)[0]
    return {
        **os.environ,
        "DATABASE_URL": f"{base}/{name}",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "false",
        "SECRET_KEY": f"bench-{name}-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": "locmem://",
        "CELERY_BROKER_URL": "",
        "EMAIL_URL": "dummy://",
        "API_THROTTLE_USER": "1000000/minute",
        "API_THROTTLE_ANON": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """manage.py's standard output; its error output in the exception when it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
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


def wait_until_serving(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/healthz", {})
            if status in {200, 503}:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        # Production settings sit behind a TLS proxy: say the request came over HTTPS.
        connection.request(
            method, path, body=body, headers={"X-Forwarded-Proto": "https", **headers}
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    return request(port, "GET", path, headers)


def rate(
    port: int,
    path: str,
    headers: dict[str, str],
    *,
    clients: int,
    seconds: float,
    warm_up: float = 2.0,
    expect: int = 200,
    method: str = "GET",
    body: bytes | None = None,
) -> float:
    """GET requests per second that `clients` threads get answered with `expect` (200; 304
    for a conditional GET), after a warm-up."""
    status, answer = request(port, method, path, headers, body)
    if status != expect:
        raise RuntimeError(f"{method} {path} answered {status}: {answer[:300]!r}")
    counts = [0] * clients
    failures: list[int] = []
    warm_until = time.monotonic() + warm_up
    stop_at = warm_until + seconds

    def client(index: int) -> None:
        while time.monotonic() < stop_at:
            status, _ = request(port, method, path, headers, body)
            if status != expect:
                failures.append(status)
            elif warm_until <= time.monotonic() <= stop_at:
                counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + warm_up + 60)
    if failures:
        raise RuntimeError(f"GET {path}: {len(failures)} answers were not {expect}: {failures[:5]}")
    return sum(counts) / seconds
