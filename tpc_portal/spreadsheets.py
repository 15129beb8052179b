"""Text written into a CSV file that people open in a spreadsheet.

A cell that starts with = + - @ (or a tab or a carriage return) is a formula to a
spreadsheet: text that came from people or from outside (a name, an answer, a site's
record id) is written with a leading apostrophe, which spreadsheets show as text and do
not run. Numbers and times the portal writes itself need no escaping.

Part of the base: it imports no app.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
