"""Quoted moments as stored: a short JSON list of {segment, text, why}, the evidence a manager
reads next to a finding. At most a few per activity, longest sentences cut."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

MAX_MOMENTS = 4
MAX_CHARS = 240


def encode(moments: Iterable[Any]) -> str | None:
    """`Moment`s (or None entries, skipped) as the stored JSON text; None when there are none."""
    out = []
    for m in moments:
        if m is None:
            continue
        text = " ".join(str(m.text).split())
        if len(text) > MAX_CHARS:
            text = text[: MAX_CHARS - 1].rstrip() + "…"
        out.append({"segment": m.segment, "text": text, "why": m.why})
        if len(out) == MAX_MOMENTS:
            break
    return json.dumps(out, ensure_ascii=False) if out else None


def decode(text: str | None) -> list[dict[str, Any]]:
    """The stored JSON text back as a list of {segment, text, why}."""
    if not text:
        return []
    value = json.loads(text)
    return value if isinstance(value, list) else []
