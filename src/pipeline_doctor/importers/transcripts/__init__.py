"""Call transcripts in the forms people export them (Zoom and Teams WebVTT, Teams' and Zoom's
text, SRT, a documented JSON form), read into speaker turns and attached to the store's calls
and meetings (`pipeline-doctor import transcripts DIR`; docs/transcripts.md).

One module per format returns a `ParsedTranscript` or raises one `TranscriptFormatError`
naming the file and line; `detect` picks the format; `attach` finds each transcript's call and
its speakers' roles; `load` writes the segments.
"""

from pipeline_doctor.importers.transcripts.detect import PARSERS, read_transcript, transcript_files
from pipeline_doctor.importers.transcripts.load import TranscriptImport, import_transcripts
from pipeline_doctor.importers.transcripts.parsed import (
    ParsedSegment,
    ParsedTranscript,
    TranscriptFormatError,
)

__all__ = [
    "PARSERS",
    "ParsedSegment",
    "ParsedTranscript",
    "TranscriptFormatError",
    "TranscriptImport",
    "import_transcripts",
    "read_transcript",
    "transcript_files",
]
