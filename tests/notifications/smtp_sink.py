"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts, for tests and bench.

It can refuse chosen recipients (to see permanent and transient failures), and it can stop
answering after a number of messages (`hold_after`): a message that arrives then is held
without a reply until `release()`, and then refused, as a server would drop a message whose
sender vanished before the end of the transaction. That puts a worker exactly where a
crash matters: mid-batch, rows claimed, the message not yet accepted.
"""

import asyncio
import email
import email.policy
import socket
import threading
import time
from collections import Counter
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self, *, hold_after: int | None = None) -> None:
        self.messages: list[EmailMessage] = []
        self.arrivals: list[float] = []  # time.monotonic() of each acceptance
        self.refuse: dict[str, str] = {}  # recipient → SMTP reply, e.g. "550 5.1.1 No such user"
        self.hold_after = hold_after
        self.held = 0
        self._lock = threading.Lock()
        self._released = threading.Event()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpSink":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._controller.stop()

    def release(self) -> None:
        self._released.set()

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def message_ids(self) -> Counter:
        with self._lock:
            return Counter(message["Message-ID"] for message in self.messages)

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            holding = self.hold_after is not None and len(self.messages) >= self.hold_after
            if holding:
                self.held += 1
        if holding:
            # Bounded: the test releases it after killing the sender.
            await asyncio.get_running_loop().run_in_executor(None, self._released.wait, 60)
            return "451 4.3.0 Not accepted: the sender went away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.arrivals.append(time.monotonic())
        return "250 2.0.0 Accepted"
