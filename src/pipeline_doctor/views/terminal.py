"""The one console every command writes through. CRM text reaches the terminal only as text:
every piece of text Rich writes passes `untrusted.for_terminal` (no control character, so no
escape sequence from the data), and markup is off, so "[link=…]" or "[/]" in a stage label is
shown as written, never acted on or failing. Views style text with `style=` and `Text`, not
markup strings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

from pipeline_doctor.untrusted import for_terminal


class SafeConsole(Console):
    """A Rich console that never parses markup or emoji codes in the strings it is given and
    strips control characters from every text segment it writes (Rich's own control segments,
    which move the cursor for progress bars, and its styles pass unchanged)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # the last step before text is written: Rich's own, private but stable (rich is
        # pinned in constraints.txt; tests/views/test_terminal_safety.py checks it is used)
        return super()._render_buffer(
            segment if segment.control else Segment(for_terminal(segment.text), segment.style)
            for segment in buffer
        )
