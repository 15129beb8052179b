"""The gunicorn harness the HTTP benchmarks share (bench_directory, bench_projects).

A benchmark creates a scratch database on a PostgreSQL server, fills it through manage.py,
serves it with gunicorn on a free loopback port under production settings (DEBUG off), and
drives each URL from BENCH_CLIENTS threads (default 4) for BENCH_SECONDS (default 10) after
a warm-up; then it stops gunicorn and drops the database. Each helper does one of those
steps.
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
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))  # per URL and round
WARM_UP = 2.0
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))


def exit_on_sigterm(signum, frame) -> None:
    """A run stopped from outside (SIGTERM) still stops gunicorn and drops its database."""
    raise SystemExit(128 + signum)


def server_url() -> str:
    """The PostgreSQL server: DATABASE_URL's when it is PostgreSQL, else BENCH_POSTGRES_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def admin(url: str, statement: str) -> None:
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE)."""
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


def environment(admin_url: str, name: str, **extra: str) -> dict[str, str]:
    """Production settings on the scratch database `name`, with unlimited throttles."""
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
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> str:
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
            status, _ = send(port, "/healthz", {})
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


def send(
    port: int, path: str, headers: dict[str, str], *, method: str = "GET", body: bytes = b""
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # Production settings sit behind a TLS proxy: say the request came over HTTPS.
        connection.request(
            method, path, body=body or None, headers={"X-Forwarded-Proto": "https", **headers}
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def rate(
    port: int, path: str, headers: dict[str, str], *, method: str = "GET", body: bytes = b""
) -> float:
    """Requests per second that CLIENTS threads get answered with 200, after a warm-up."""
    status, answer = send(port, path, headers, method=method, body=body)
    if status != 200:
        raise RuntimeError(f"{method} {path} answered {status}: {answer[:300]!r}")
    counts = [0] * CLIENTS
    failures: list[int] = []
    warm_until = time.monotonic() + WARM_UP
    stop_at = warm_until + SECONDS

    def client(index: int) -> None:
        while time.monotonic() < stop_at:
            status, _ = send(port, path, headers, method=method, body=body)
            if status != 200:
                failures.append(status)
            elif warm_until <= time.monotonic() <= stop_at:
                counts[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + WARM_UP + 60)
    if failures:
        raise RuntimeError(f"{method} {path}: {len(failures)} answers were not 200: {failures[:5]}")
    return sum(counts) / SECONDS
