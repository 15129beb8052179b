"""Sending e-mail over SMTP, written once for immediate delivery and the daily digest.

Both send a batch over one connection (`send_batch`), each message in its own short
transaction that claims the work and commits as soon as the server has accepted the message
(`send_claimed`); both sort a refusal into transient and permanent (`Refusal`) and wait
before retrying by the same schedule (`email_retry_delay`). delivery.py walks through the
crash windows this leaves.
"""

import random
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

# Retry delays grow as base * 2**attempt seconds up to the cap, each jittered so that many
# refused e-mails do not return at the same instant. The cap stays below the Redis visibility
# timeout (a system check in apps.py holds it there): a task waiting longer than that would
# be handed to a second worker.
EMAIL_RETRY_BASE = 30
EMAIL_RETRY_CAP = 15 * 60

# What the server may answer about one message without the connection being lost.
_REFUSALS = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused, ValueError)


@dataclass(frozen=True)
class EmailRetry:
    """What a delivery task should try again, and after how many seconds."""

    ids: list[int]
    countdown: float


def email_retry_delay(attempt: int) -> float:
    """Seconds before retry number `attempt` (0-based): between half and all of
    min(cap, base * 2**attempt), at random ("equal jitter": spread out, never immediate)."""
    ceiling = min(EMAIL_RETRY_CAP, EMAIL_RETRY_BASE * 2**attempt)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not secrecy


class Outcome(Enum):
    """How the delivery of one unit of work (a notice, a person's digest) went."""

    SENT = "sent"
    TAKEN = "taken"  # another worker has it, or it is no longer waiting
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class Refusal:
    """The server refused one message; the connection is still good for the next."""

    permanent: bool  # a 5xx answer, or an address no server can take
    reason: str  # the server's answer, as staff read it


@dataclass(frozen=True)
class SentBatch[T]:
    """What send_batch leaves to do."""

    retry: list[T]  # refused for now, to try again later
    unsent: list[T]  # never tried: the server was unreachable or the connection broke
    error: OSError | None  # why, when `unsent` is not empty


def send_batch[T](
    items: Sequence[T], deliver: Callable[[BaseEmailBackend, T], Outcome]
) -> SentBatch[T]:
    """Deliver each item in order over one connection to the SMTP server.

    `deliver` sends one item's message through the open connection (with send_claimed)
    and says how it went. No connection is opened for an empty batch. When the server cannot
    be reached, or the connection breaks (any OSError, a 421 among them), the items not yet
    done are returned unsent, with the error; those `deliver` answered RETRY are returned to
    retry.
    """
    retry: list[T] = []
    done = 0
    try:
        if items:
            with mailers.default as mailer:
                for item in items:
                    if deliver(mailer, item) is Outcome.RETRY:
                        retry.append(item)
                    done += 1
    except OSError as error:
        return SentBatch(retry, list(items[done:]), error)
    return SentBatch(retry, [], None)


def send_claimed(
    mailer: BaseEmailBackend, claim: Callable[[], EmailMessage | None]
) -> Outcome | Refusal:
    """Send one message in one short transaction: SENT, TAKEN, or the server's Refusal.

    `claim` runs first inside the transaction: it takes the work (locks the rows, marks them
    sent) and returns the message, or None when the work is taken or no longer waiting
    (TAKEN, and nothing is sent). The transaction commits as soon as the server has accepted
    the message: that one round trip is the whole window in which a crash would send it
    again. A refusal rolls the claim back and is returned, for the caller to record; a lost
    connection (a 421, or any OSError) rolls it back and is raised, for send_batch.
    """
    try:
        with transaction.atomic():
            message = claim()
            if message is None:
                return Outcome.TAKEN
            mailer.send_messages([message])
    except _REFUSALS as error:
        if _is_connection_lost(error):
            raise
        return Refusal(permanent=_is_permanent(error), reason=describe_error(error))
    return Outcome.SENT


def _is_connection_lost(error: Exception) -> bool:
    # 421: the server is closing the connection; what follows fails with a lost connection.
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == 421


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return True  # an address the server can never take (ValueError)


def describe_error(error: Exception) -> str:
    """What went wrong, as the staff's delivery page shows it: the server's answer if any."""
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {text}"[:1000]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {message.decode(errors='replace')}"
            for address, (code, message) in error.recipients.items()
        )[:1000]
    return f"{type(error).__name__}: {error}"[:1000]
