"""The console e-mail backend of local development prints messages a person can read."""

import io

from django.core.mail import EmailMultiAlternatives

from notifications.emails import PortalEmail
from tpc_portal.env import parse_email_url
from tpc_portal.mail import ReadableConsoleBackend

LINK = "http://127.0.0.1:8000/accounts/confirm-email/MQ:1xYOWA:3CgefYYu4sfYZPCwJQdioComG9qcxdAG1lWauvwKqpE/"


def _printed(message) -> str:
    stream = io.StringIO()
    ReadableConsoleBackend(stream=stream).send_messages([message])
    return stream.getvalue()


def test_console_url_selects_the_readable_backend():
    assert parse_email_url("console://")["BACKEND"] == "tpc_portal.mail.ReadableConsoleBackend"


def test_links_in_a_portal_email_print_whole_and_unescaped():
    message = PortalEmail(
        subject="Подтвердите адрес",
        body=f"Откройте ссылку, чтобы подтвердить адрес:\n{LINK}?next=/directory/&x=1\n",
        from_email="TPC Portal <portal@tpc.example>",
        to=["ada@lab.example"],
    )
    message.attach_alternative(f'<p><a href="{LINK}">Confirm</a></p>', "text/html")

    printed = _printed(message)

    assert f"{LINK}?next=/directory/&x=1" in printed
    assert "Subject: Подтвердите адрес" in printed
    assert "Откройте ссылку" in printed
    assert "=3D" not in printed
    assert "[text/html part not shown]" in printed


def test_djangos_own_messages_print_readably_too():
    message = EmailMultiAlternatives(subject="Confirm", body=f"Open {LINK}", to=["ada@lab.example"])
    message.attach("notes.txt", "x" * 10, "text/plain")

    printed = _printed(message)

    assert LINK in printed
    assert "[text/plain part not shown: notes.txt]" in printed
