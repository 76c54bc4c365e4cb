"""Microsoft Teams' WebVTT transcript: the speaker in a voice tag, `<v Ana Far&#237;as>words</v>`
(names HTML-escaped, decoded here to Farías), cue ids such as `8a3c.../32-0`, and in older
files unpadded times (`0:0:0.570 --> 0:0:2.100`). One utterance may span several cues
(`/32-0`, `/32-1`): consecutive cues of one speaker are merged.

    WEBVTT

    8a3c1f3e-1b2c-4d5e-9f00-123456789abc/32-0
    00:00:00.570 --> 00:00:02.100
    <v Ana Farías>Good morning, everyone.</v>
"""

from __future__ import annotations

from pipeline_doctor.importers.transcripts.parsed import ParsedSegment, ParsedTranscript
from pipeline_doctor.importers.transcripts.turns import merge_turns, split_speaker
from pipeline_doctor.importers.transcripts.vtt_cues import read_cues

FORMAT = "teams_vtt"


def parse(text: str, path: str) -> ParsedTranscript:
    """The turns of a Teams WebVTT transcript; a cue without a voice tag falls back to a
    `Name: words` prefix, else names nobody."""
    segments = []
    for cue in read_cues(text, path):
        speaker, words = (cue.voice, cue.text) if cue.voice else split_speaker(cue.text)
        segments.append(ParsedSegment(speaker, cue.start_s, cue.end_s, words))
    return ParsedTranscript(FORMAT, merge_turns(segments))
