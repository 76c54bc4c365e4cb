"""Zoom's WebVTT transcript (cloud recordings: `GMT20240115-150012_Recording.transcript.vtt`):
cue text `Name: words`, a turn cut into cues a few seconds long, merged back here.

    WEBVTT

    1
    00:00:00.000 --> 00:00:04.470
    Jane Doe: Thanks for making the time today.
"""

from __future__ import annotations

from pipeline_doctor.importers.transcripts.parsed import ParsedSegment, ParsedTranscript
from pipeline_doctor.importers.transcripts.turns import merge_turns, split_speaker
from pipeline_doctor.importers.transcripts.vtt_cues import read_cues

FORMAT = "zoom_vtt"


def parse(text: str, path: str) -> ParsedTranscript:
    """The turns of a Zoom WebVTT transcript (a cue without `Name:` names nobody)."""
    segments = []
    for cue in read_cues(text, path):
        speaker, words = split_speaker(cue.text)
        segments.append(ParsedSegment(speaker, cue.start_s, cue.end_s, words))
    return ParsedTranscript(FORMAT, merge_turns(segments))
