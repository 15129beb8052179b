"""E-mail backends of the portal's own."""

import email
import email.policy

from django.core.mail.backends import console

# Headers that describe the encoding of the raw message, which the console shows decoded.
_TRANSFER_HEADERS = {"content-type", "content-transfer-encoding", "mime-version"}


class ReadableConsoleBackend(console.EmailBackend):
    """Prints each message as a person reads it: its headers decoded and its plain-text
    parts as text, so that links can be followed from the terminal.

    Django's console backend prints the raw message, whose quoted-printable bodies break
    long lines with "=" and write "=" as "=3D", which breaks every link.
    """

    def write_message(self, message) -> None:
        parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
        lines = [
            f"{name}: {value}"
            for name, value in parsed.items()
            if name.lower() not in _TRANSFER_HEADERS
        ]
        for part in parsed.walk():
            if part.is_multipart():
                continue
            lines.append("")
            if part.get_content_type() == "text/plain" and not part.is_attachment():
                lines.append(part.get_content().rstrip("\n"))
            else:
                name = part.get_filename()
                lines.append(
                    f"[{part.get_content_type()} part not shown{f': {name}' if name else ''}]"
                )
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
