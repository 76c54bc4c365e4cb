"""What reps write and say, analysed once per activity: email bodies and call transcripts read
from the store, judged by `pipeline_doctor.text`, and kept as the derived tables
`email_analyses` and `call_analyses` that the facts and checks read.

Imports and the demo call `refresh_analyses` after writing; a store analysed by an older
version (or written directly) is analysed by `current_analyses` when first read, and kept."""

from pipeline_doctor.conversations.refresh import (
    Analyses,
    current_analyses,
    refresh_analyses,
)

__all__ = ["Analyses", "current_analyses", "refresh_analyses"]
