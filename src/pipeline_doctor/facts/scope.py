"""What a diagnosis is about: one scope, applied once where the tables are read.

`team`, `since` and `until` restrict the data (the *population*); `rep` narrows the *subject* to one
rep's deals and activities while the population stays, so the rep is compared with the rest of
the team. With no rep, subject and population are the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DataScope:
    rep: str | None = None
    """A rep id (names are resolved before the scope is built)."""
    team: str | None = None
    since: dt.datetime | None = None
    """Deals created (activities logged, leads created) on or after this time."""
    until: dt.datetime | None = None
    """… and before this time (the earlier half when a finding is dated)."""

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def narrowed(self) -> bool:
        """Whether the subject is smaller than the population (a rep's diagnosis)."""
        return self.rep is not None

    def filters(self) -> dict[str, str]:
        """The scope as labelled strings, for the diagnosis JSON."""
        values = {"rep": self.rep, "team": self.team, "since": self.since, "until": self.until}
        return {k: (v.date().isoformat() if isinstance(v, dt.datetime) else str(v))
                for k, v in values.items() if v is not None}  # fmt: skip
