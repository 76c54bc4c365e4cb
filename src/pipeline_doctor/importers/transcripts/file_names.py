"""What a transcript's path says about its call: the words that may be an activity id, and
the date-time the recording started.

Recognised date-times (the first found, file name first, then its folders up to the import
folder): Zoom cloud recordings `GMT20240115-150012` (UTC); Zoom local recording folders
`2024-01-15 15.00.12` and ISO-like `2024-01-15T15:00:12`, `2024-01-15_15-00-12`; Teams
recordings `20240115_150012` (these in the source's zone, --timezone).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePath

GMT = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})")
DASHED = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})[ T_](\d{2})[.:-](\d{2})(?:[.:-](\d{2}))?(?!\d)"
)
COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})[_T-](\d{2})(\d{2})(\d{2})(?!\d)")
WORD = re.compile(r"[^\s_.()\[\]{},;'\"]+")
"""Words of a name: split at spaces, underscores, dots, brackets and punctuation; a word with
dashes is also tried in its parts (ids hold dashes, UUIDs, or sit between them)."""


def recorded_at(relative: PurePath) -> datetime | None:
    """The recording's start in a path (relative to the import folder): aware (UTC) for
    Zoom's GMT names, naive (the source's zone) otherwise; None when no part has one."""
    for part in reversed(relative.parts):
        name = part
        for pattern, zone in ((GMT, UTC), (DASHED, None), (COMPACT, None)):
            found = pattern.search(name)
            moment = None if found is None else _moment(found.groups())
            if moment is not None:
                return moment.replace(tzinfo=zone)
    return None


def _moment(groups: tuple[str | None, ...]) -> datetime | None:
    """The date-time of year, month, day, hour, minute and (optional) second digits; None
    for digits that are no date (month 13)."""
    year, month, day, hour, minute, second = (int(g or 0) for g in groups)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def id_candidates(relative: PurePath) -> set[str]:
    """The words of a path (relative to the import folder) that may be an activity id: the
    file name without its extensions, and the folder names."""
    parts = [*relative.parts[:-1], relative.name.split(".", 1)[0] or relative.name]
    words: set[str] = set()
    for part in parts:
        words.add(part)
        for word in WORD.findall(part):
            words.add(word)
            words.update(piece for piece in word.split("-") if piece)
    return words
