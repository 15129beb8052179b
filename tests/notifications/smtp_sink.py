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
import logging
import socket
import threading
import time
from collections import Counter
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO: thousands of lines, and most of the sink's time.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self, *, hold_after: int | None = None) -> None:
        self._raw: list[bytes] = []
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

    @property
    def raw(self) -> list[bytes]:
        """What was accepted, byte for byte."""
        with self._lock:
            return list(self._raw)

    @property
    def messages(self) -> list[EmailMessage]:
        """What was accepted, parsed on demand: parsing on arrival would slow the server."""
        return [email.message_from_bytes(data, policy=email.policy.default) for data in self.raw]

    def count(self) -> int:
        with self._lock:
            return len(self._raw)

    def message_ids(self) -> Counter:
        return Counter(message["Message-ID"] for message in self.messages)

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            holding = self.hold_after is not None and len(self._raw) >= self.hold_after
            if holding:
                self.held += 1
        if holding:
            # Bounded: the test releases it after killing the sender.
            await asyncio.get_running_loop().run_in_executor(None, self._released.wait, 60)
            return "451 4.3.0 Not accepted: the sender went away"
        with self._lock:
            self._raw.append(envelope.content)
            self.arrivals.append(time.monotonic())
        return "250 2.0.0 Accepted"


class MinimalSmtpSink:
    """Just enough SMTP (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to accept mail fast.

    For the benchmark: aiosmtpd spends about a millisecond of CPU per command, so as a sink
    it, not the portal, would set the delivery rate on a small machine. Same interface as
    SmtpSink for what the benchmark reads (start, stop, url, count, arrivals, messages).
    """

    def __init__(self) -> None:
        self._raw: list[bytes] = []
        self.arrivals: list[float] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            raw = list(self._raw)
        return [email.message_from_bytes(data, policy=email.policy.default) for data in raw]

    def count(self) -> int:
        with self._lock:
            return len(self._raw)

    def start(self) -> "MinimalSmtpSink":
        self._thread.start()
        serving = self._loop.create_server(
            lambda: _MinimalSession(self), host="127.0.0.1", port=self.port
        )
        self._server = asyncio.run_coroutine_threadsafe(serving, self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        async def _close() -> None:
            self._server.close()

        asyncio.run_coroutine_threadsafe(_close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def accept(self, content: bytes) -> None:
        with self._lock:
            self._raw.append(content)
            self.arrivals.append(time.monotonic())


class _MinimalSession(asyncio.Protocol):
    REPLIES = {
        b"EHLO": b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
        b"HELO": b"250 sink\r\n",
        b"MAIL": b"250 2.1.0 OK\r\n",
        b"RCPT": b"250 2.1.5 OK\r\n",
        b"RSET": b"250 2.0.0 OK\r\n",
        b"NOOP": b"250 2.0.0 OK\r\n",
    }

    def __init__(self, sink: MinimalSmtpSink) -> None:
        self.sink = sink
        self.buffer = bytearray()
        self.in_data = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.sink.accept(bytes(self.buffer[: end + 2]))
                del self.buffer[: end + 5]
                self.in_data = False
                self.transport.write(b"250 2.0.0 Accepted\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            verb = bytes(self.buffer[:4]).upper()
            del self.buffer[: end + 2]
            self._command(verb)

    def _command(self, verb: bytes) -> None:
        if verb == b"DATA":
            self.in_data = True
            self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 2.0.0 Bye\r\n")
            self.transport.close()
            self.transport = None
        else:
            self.transport.write(self.REPLIES.get(verb, b"502 5.5.2 Not implemented\r\n"))

    def connection_lost(self, exc) -> None:
        self.transport = None
