"""Two texts compared line by line (difflib), as rows a template shows in a table with
<ins> and <del> marks. The rows hold plain text: the template escapes it."""

import difflib
from dataclasses import dataclass
from typing import Literal

type LineKind = Literal["hunk", "same", "added", "removed"]


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    text: str
    old: int | None  # the line's number in the old text, if it is there
    new: int | None  # ... and in the new one


def line_diff(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """What changed from `old` to `new`: unchanged lines around each change (`context`),
    a "hunk" row where unchanged lines are left out. Empty when the texts are equal."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        first = group[0]
        rows.append(DiffLine("hunk", "", first[1] + 1, first[3] + 1))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffLine("same", a[i], i + 1, j + 1)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            if tag in {"replace", "delete"}:
                rows.extend(DiffLine("removed", a[i], i + 1, None) for i in range(i1, i2))
            if tag in {"replace", "insert"}:
                rows.extend(DiffLine("added", b[j], None, j + 1) for j in range(j1, j2))
    return rows
