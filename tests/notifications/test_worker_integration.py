"""A real Celery worker process on Redis delivering into a real SMTP server on loopback.

Runs where CI runs it: CELERY_BROKER_URL set and PostgreSQL (the worker is a separate
process, so it must share the test database; the data is committed, transactional_db).
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from members.models import User
from notifications.models import EmailState, Notification
from notifications.notices import ANNOUNCEMENT
from notifications.services import notification_emails_sweep, notify, notify_later
from tests.notifications.smtp_sink import SmtpSink
from tpc_portal.celery import app as celery_app

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
NOTICES = 500
POLL_INTERVAL = 0.05  # seconds between looks at the sink and the database


def _wait_for(condition: Callable[[], bool], *, timeout: float, what: str, log: Path) -> None:
    """Bounded polling: look every POLL_INTERVAL until `condition` holds or time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tail = log.read_text()[-3000:] if log.exists() else ""
            pytest.fail(f"timed out after {timeout} s waiting for {what}\nworker log:\n{tail}")
        time.sleep(POLL_INTERVAL)


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def _purge_broker() -> None:
    """Our queue starts and ends empty, including messages a killed worker left unacked."""
    celery_app.control.purge()
    with celery_app.connection_for_write() as conn:
        client = conn.default_channel.client
        client.delete("unacked", "unacked_index", "unacked_mutex")


class Worker:
    """`celery worker --concurrency=2 --pool=prefork`, in its own process group."""

    def __init__(self, sink: SmtpSink, log: Path) -> None:
        self.env = os.environ | {
            "DATABASE_URL": _test_database_url(),
            "EMAIL_URL": f"{sink.url}?timeout=5",
            "DEBUG": os.environ.get("DEBUG", "true"),
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "tpc_portal", "worker",
            "--concurrency=2", "--pool=prefork", "--loglevel=WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            f"--hostname=notifications-test-{os.getpid()}@%h",
        ]  # fmt: skip
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL the main process and its pool at once, as a crashed host would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def worker(transactional_db, tmp_path) -> Iterator[Callable[[SmtpSink], Worker]]:
    started: list[Worker] = []

    def _worker(sink: SmtpSink) -> Worker:
        new = Worker(sink, tmp_path / "worker.log")
        started.append(new)
        return new

    _purge_broker()
    yield _worker
    for each in started:
        each.kill()
    _purge_broker()


@pytest.fixture
def people(transactional_db) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"researcher{i}@lab{i % 7}.example") for i in range(NOTICES)
    )


def _announce(people: list[User]) -> None:
    with transaction.atomic():  # enqueued after this commits
        notify(people, ANNOUNCEMENT, context={"subject": "Summer school", "message": "Apply."})


def _sent() -> int:
    return Notification.objects.filter(email_state=EmailState.SENT).count()


def _assert_each_emailed_exactly_once(sink: SmtpSink, people: list[User]) -> None:
    assert Notification.objects.exclude(email_state=EmailState.SENT).count() == 0
    arrivals = Counter(message["To"] for message in sink.messages)
    assert sorted(arrivals) == sorted(person.email for person in people)
    assert {count for count in arrivals.values()} == {1}, arrivals.most_common(3)
    assert set(sink.message_ids().values()) == {1}


def test_a_real_worker_emails_every_notice_exactly_once(worker, people):
    sink = SmtpSink().start()
    delivering = worker(sink)
    try:
        _announce(people)
        delivering.start()

        _wait_for(lambda: _sent() == NOTICES, timeout=120, what="every e-mail", log=delivering.log)
        _assert_each_emailed_exactly_once(sink, people)
    finally:
        delivering.kill()
        sink.stop()


def test_a_real_worker_writes_the_notices_handed_to_it_and_emails_them(worker, people):
    told = people[:20]
    sink = SmtpSink().start()
    delivering = worker(sink)
    try:
        with transaction.atomic():  # handed over after this commits
            notify_later(told, ANNOUNCEMENT, context={"subject": "Registered", "message": "Yes."})
        assert Notification.objects.count() == 0  # the message waits in Redis
        delivering.start()

        _wait_for(lambda: _sent() == len(told), timeout=120, what="the notices", log=delivering.log)
        assert Notification.objects.count() == len(told)
        _assert_each_emailed_exactly_once(sink, told)
    finally:
        delivering.kill()
        sink.stop()


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(worker, people):
    # After 150 e-mails the server stops answering: both pool processes end up mid-batch,
    # their notices claimed and a message sent but not yet accepted. Then SIGKILL.
    sink = SmtpSink(hold_after=150).start()
    first, second = worker(sink), worker(sink)
    try:
        _announce(people)
        first.start()
        _wait_for(lambda: sink.held >= 2, timeout=45, what="both pool processes", log=first.log)
        first.kill()
        sink.release()

        # The rows record exactly what the server accepted; the claimed rows rolled back.
        accepted = sink.count()
        assert accepted == _sent() == 150
        assert Notification.objects.filter(email_state=EmailState.PENDING).count() == 350

        sink.hold_after = None
        second.start()
        # Redis hands the killed worker's unacknowledged tasks out again only after its
        # visibility timeout; the periodic sweep is what brings their notices back now.
        with transaction.atomic():
            notification_emails_sweep(older_than=timedelta(0))

        # A deadline, not a pause: a fresh worker starting beside a busy test run (CI runs
        # the suite twice on two cores) once took longer than 45 s to send the 350.
        _wait_for(
            lambda: _sent() == NOTICES, timeout=120, what="the rest after restart", log=second.log
        )
        _assert_each_emailed_exactly_once(sink, people)
    finally:
        first.kill()
        second.kill()
        sink.stop()
