"""Who wrote to whom and when: touches out and answers in per month, how long the buyer took to
answer, and the silences — gaps with no activity far longer than the won deals' usual rhythm.
Pure: built from a `DealRecord`'s activities."""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from typing import Any

from pipeline_doctor.casework.models import CorrespondenceMonth, Silence
from pipeline_doctor.casework.record import DealRecord
from pipeline_doctor.casework.timeline import activity_text, day, is_inbound, iso
from pipeline_doctor.facts.activity import TOUCH_KINDS

SILENCE_FACTOR = 5.0
"""A gap is a silence when it is this many times the won deals' typical gap between
activities (their cycle over their activities), and at least `MIN_SILENCE_DAYS`."""
MIN_SILENCE_DAYS = 14.0


def correspondence(record: DealRecord) -> list[CorrespondenceMonth]:
    months: dict[str, dict[str, Any]] = {}
    pending: dt.datetime | None = None
    for a in record.activities:
        at = a.get("at")
        if not isinstance(at, dt.datetime) or a.get("kind") not in TOUCH_KINDS:
            continue
        m = months.setdefault(at.strftime("%Y-%m"), {"out": 0, "in": 0, "waits": []})
        if is_inbound(a):
            m["in"] += 1
            if pending is not None:
                m["waits"].append((at - pending).total_seconds() / 3600)
                pending = None
        elif a.get("direction") == "outbound":
            m["out"] += 1
            pending = pending or at
    return [
        CorrespondenceMonth(
            month=k,
            outbound=v["out"],
            inbound=v["in"],
            median_reply_hours=round(statistics.median(v["waits"]), 1) if v["waits"] else None,
        )
        for k, v in sorted(months.items())
    ]


def silences(record: DealRecord, typical_gap_days: float | None, end: dt.datetime) -> list[Silence]:
    """Gaps between the deal's creation, its activities and `end` (its close, or the data's
    last day while it is open) longer than the silence threshold."""
    if typical_gap_days is None:
        return []
    threshold = max(MIN_SILENCE_DAYS, SILENCE_FACTOR * typical_gap_days)
    dated = [a for a in record.activities if isinstance(a.get("at"), dt.datetime)]
    found: list[Silence] = []
    points: list[tuple[dt.datetime, str]] = [
        (a["at"], activity_text(a, record.contacts.get(str(a.get("contact"))))) for a in dated
    ]
    created = record.deal.get("created_at")
    if isinstance(created, dt.datetime):
        points.insert(0, (created, "the deal was created"))
    points.append((end, ""))
    for (start, what), (stop, _) in itertools.pairwise(points):
        gap = (stop - start).total_seconds() / 86400
        if gap >= threshold:
            found.append(
                Silence(
                    start=iso(start) or "",
                    end=iso(stop) or "",
                    days=round(gap, 1),
                    after=f"{day(start)}: {what}",
                )
            )
    return found
