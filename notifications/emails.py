"""The e-mails of the notifications centre, built from templates in the recipient's language.

Every e-mail carries a one-click unsubscribe (RFC 8058: List-Unsubscribe with an https link
and List-Unsubscribe-Post) and a Message-ID derived from what it reports, so that the rare
resend after a crash (see services.notification_emails_send) reuses the same Message-ID,
which mail stores that de-duplicate (Gmail, for one) collapse into one message.
"""

import email.charset
import email.header
import email.policy
import email.utils
import functools
import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import get_current_timezone

from notifications import kinds, tokens
from notifications.models import Notification
from tpc_portal import timezones
from tpc_portal.timezones import zone_of
from tpc_portal.users import User

# The digest lists this many notices in full and counts the rest.
DIGEST_LISTED = 50


# Bodies in quoted-printable: readable in the raw, and safe on any SMTP server.
_UTF8_QP = email.charset.Charset("utf-8")
_UTF8_QP.body_encoding = email.charset.QP


class PortalEmail(EmailMultiAlternatives):
    """Django's e-mail, serialised by the standard library's classic MIME classes.

    Delivery builds one message per notice, and Django's message() (the modern e-mail API,
    which parses every header it sets) was the largest cost of a delivery: 1.3 ms of CPU per
    message against 0.5 ms here. The message is the one Django would build (the same
    headers and bodies once parsed; a test holds them equal); anything this does not cover
    (attachments, a non-ASCII address, a line break in a header) goes to Django's own.
    """

    def message(self, *, policy=email.policy.default):
        headers = self._classic_headers()
        if headers is None or self.attachments or len(self.alternatives) > 1:
            return super().message(policy=policy)
        message = MIMEText(self.body, self.content_subtype, _UTF8_QP)
        if self.alternatives:
            content, mimetype = self.alternatives[0]
            alternative = MIMEText(content, mimetype.partition("/")[2], _UTF8_QP)
            # "=_" never occurs in quoted-printable text, so the parts cannot contain the
            # boundary and the generator need not search them for it (a regex per message).
            boundary = f"=_{secrets.token_hex(12)}"
            message = MIMEMultipart("alternative", boundary, _subparts=[message, alternative])
        message.policy = _classic_policy(policy.linesep)
        for name, value in headers:
            message[name] = value
        return message

    def _classic_headers(self) -> list[tuple[str, object]] | None:
        """The headers for the classic classes, or None when Django's own must build it."""
        names = {name.lower() for name in self.extra_headers}
        values = [self.subject, *self.extra_headers.values()]
        if names & {"from", "to", "cc", "reply-to", "bcc"} or any(
            "\r" in str(value) or "\n" in str(value) for value in values
        ):
            return None
        lists = {"From": [self.from_email], "To": self.to, "Cc": self.cc, "Reply-To": self.reply_to}
        addresses = {name: [_classic_address(value) for value in lists[name]] for name in lists}
        if any(None in formatted for formatted in addresses.values()):
            return None
        subject = str(self.subject)  # RFC 2047-encoded only when it is not ASCII
        headers: list[tuple[str, object]] = [
            ("Subject", subject if subject.isascii() else email.header.Header(subject, "utf-8")),
            *((name, ", ".join(formatted)) for name, formatted in addresses.items() if formatted),
        ]
        if "date" not in names:
            zone = get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
            headers.append(("Date", email.utils.format_datetime(datetime.now(zone))))
        if "message-id" not in names:
            headers.append(("Message-ID", email.utils.make_msgid(domain=DNS_NAME)))
        headers.extend(self.extra_headers.items())
        return headers


class _Compat32(email.policy.Compat32):
    """The classic policy, writing a short ASCII header as it is instead of through
    email.header.Header, which returns the same line at many times the cost."""

    def _fold(self, name, value, sanitize):
        if isinstance(value, _OneLineHeader):
            return value.fold(policy=self)
        if isinstance(value, str) and value.isascii() and len(name) + len(value) + 2 <= 78:
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


@functools.cache
def _classic_policy(linesep: str) -> email.policy.Policy:
    return _Compat32(linesep=linesep)


def _classic_address(value: str) -> str | None:
    """An address for a header, its display name RFC 2047-encoded when not ASCII; None for
    an address that is not ASCII itself (Django's own message IDNA-encodes its domain)."""
    name, address = email.utils.parseaddr(value)
    if not address.isascii() or "\r" in value or "\n" in value:
        return None
    return email.utils.formataddr((name, address), charset="utf-8")


def absolute_url(path_or_url: str) -> str:
    if not path_or_url or urlsplit(path_or_url).scheme in {"http", "https"}:
        return path_or_url
    return settings.SITE_URL + ("" if path_or_url.startswith("/") else "/") + path_or_url


def unsubscribe_url(user_id: int, kind_key: str) -> str:
    token = tokens.unsubscribe_token(user_id, kind_key)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


class _OneLineHeader(str):
    """A header written on one line, as given.

    Python's e-mail folding turns a long header without spaces, such as List-Unsubscribe's
    URL, into RFC 2047 encoded-words, which mail clients do not read as a URL. RFC 5322
    allows lines up to 998 characters, so the header stays whole instead.
    """

    def __new__(cls, name: str, value: str) -> "_OneLineHeader":
        if "\r" in value or "\n" in value or len(name) + len(value) > 990:
            raise ValueError(f"{name} must be one short line.")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def __getnewargs__(self) -> tuple[str, str]:  # copy and pickle (the locmem backend copies)
        return self.name, str(self)

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


def _headers(unsubscribe: str, message_id: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": _OneLineHeader("List-Unsubscribe", f"<{unsubscribe}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "Message-ID": message_id,
    }


def _message_id(local_part: str) -> str:
    return f"<{local_part}@{urlsplit(settings.SITE_URL).hostname or 'tpc.example'}>"


def _kind_label(key: str) -> str:
    kind = kinds.get_or_none(key)
    return str(kind.label) if kind else key


def notice_email(notice: Notification) -> EmailMultiAlternatives:
    """The e-mail of one notice, in its recipient's language."""
    recipient = notice.recipient
    unsubscribe = unsubscribe_url(recipient.pk, notice.kind)
    with translation.override(recipient.language), timezones.override(zone_of(recipient)):
        context = {
            "notice": notice,
            "recipient": recipient,
            "link": absolute_url(notice.link),
            "kind_label": _kind_label(notice.kind),
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "LANGUAGE_CODE": recipient.language,
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notice.display_title
        text = render_to_string("notifications/email/notice.txt", context)
        html = render_to_string("notifications/email/notice.html", context)
    stamp = int(notice.created.timestamp() * 1_000_000)
    message = PortalEmail(
        subject=subject,
        body=text,
        to=[recipient.email],
        reply_to=[notice.reply_to] if notice.reply_to else None,
        headers=_headers(unsubscribe, _message_id(f"tpc-notice-{notice.pk}.{stamp}")),
    )
    message.attach_alternative(html, "text/html")
    return message


def digest_email(
    recipient: User, notices: Sequence[Notification], day: date
) -> EmailMultiAlternatives:
    """One person's daily digest: the notices listed (up to DIGEST_LISTED), newest last."""
    unsubscribe = unsubscribe_url(recipient.pk, tokens.DIGEST)
    listed = [(notice, absolute_url(notice.link)) for notice in notices[:DIGEST_LISTED]]
    with translation.override(recipient.language), timezones.override(zone_of(recipient)):
        context = {
            "recipient": recipient,
            "day": day,
            "listed": listed,
            "total": len(notices),
            "more": max(len(notices) - DIGEST_LISTED, 0),
            "inbox_url": absolute_url(reverse("notifications:inbox")),
            "unsubscribe_url": unsubscribe,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "LANGUAGE_CODE": recipient.language,
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = PortalEmail(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=[recipient.email],
        headers=_headers(unsubscribe, _message_id(f"tpc-digest-{recipient.pk}.{day:%Y%m%d}")),
    )
    message.attach_alternative(html, "text/html")
    return message
