"""An event's registrations as CSV, for its organisers: UTF-8 with a byte-order mark (so
that spreadsheets read the names right), one line per person, times in the event's zone.

Names, institutions, the questions and the answers are text people typed: each cell goes
through the base's spreadsheet_safe(), so that one starting with = + - @ is shown as text,
never run as a formula. No e-mail address: a person's address is theirs to show.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from events.forms.registration import answer_text
from events.models import Event, Registration
from tpc_portal.people import person_name
from tpc_portal.spreadsheets import spreadsheet_safe
from tpc_portal.timezones import zone_named

BOM = "\ufeff"


class _Echo:
    """A file that hands back what is written, for a streamed response."""

    def write(self, value: str) -> str:
        return value


def _at(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="minutes") if moment else ""


def registration_lines(event: Event, registrations: Iterable[Registration]) -> Iterator[str]:
    """The header, then one line per registration (in the order given); the waitlist
    position counts the waiting people among them, so pass every waiting person."""
    zone = zone_named(event.time_zone) or ZoneInfo("UTC")
    questions = list(event.questions.all())
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(
        [
            _("Name"),
            _("Status"),
            _("Waitlist position"),
            _("Institution"),
            _("Registered (%(zone)s)") % {"zone": event.time_zone},
            _("Checked in (%(zone)s)") % {"zone": event.time_zone},
            *[spreadsheet_safe(question.label) for question in questions],
        ]
    )
    waiting = 0
    for registration in registrations:
        position = ""
        if registration.status == Registration.Status.WAITLISTED:
            waiting += 1
            position = str(waiting)
        yield writer.writerow(
            [
                spreadsheet_safe(person_name(registration.user)),
                registration.get_status_display(),
                position,
                spreadsheet_safe(registration.institution.name if registration.institution else ""),
                _at(registration.created, zone),
                _at(registration.checked_in, zone),
                *[
                    spreadsheet_safe(
                        answer_text(question, str(registration.answers.get(str(question.pk), "")))
                    )
                    for question in questions
                ],
            ]
        )
