"""English date formats: every time names its zone ("15 Dec 2026, 12:00 UTC").

Only what differs from Django's own formats for the language; the rest falls through.
"""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "Y-m-d H:i T"
