"""Each transcript format read from small fixture files, against segments written out by hand;
malformed files name their file and line."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline_doctor.importers.transcripts import (
    ParsedSegment,
    TranscriptFormatError,
    read_transcript,
)
from pipeline_doctor.importers.transcripts.detect import sniff
from pipeline_doctor.importers.transcripts.turns import clock_seconds, split_speaker
from tests.importers.transcripts.tinyorg import FIXTURE_ERRORS

FIXTURES = Path(__file__).parent / "fixtures"
S = ParsedSegment


def read(name: str) -> tuple[str, tuple[ParsedSegment, ...]]:
    transcript = read_transcript(FIXTURES / name, name)
    return transcript.format, transcript.segments


def test_zoom_vtt_merges_one_speakers_consecutive_cues() -> None:
    assert read("GMT20240115-150012_Recording.transcript.vtt") == (
        "zoom_vtt",
        (
            S(
                "Chen Dubois",
                0.0,
                9.12,
                "Thanks for making the time today. How do you handle renewals today?",
            ),
            S("Ana Farias", 10.0, 18.25, "Mostly by hand, in a spreadsheet that nobody trusts."),
            S("Bob", 18.25, 21.0, "And it takes us two days a month."),
            S("Priya Shah", 21.5, 25.0, "Sorry, I joined late."),
            S("Chen Dubois", 25.0, 30.0, "Could we meet again Thursday at 10?"),
        ),
    )


def test_teams_vtt_decodes_escaped_names_and_text_and_merges_utterance_parts() -> None:
    assert read("CALL-2002 Teams meeting.vtt") == (
        "teams_vtt",
        (
            S("Lee Novak", 0.57, 2.1, "Good morning, Dara."),
            S(
                "Dara Ocaña",
                2.1,
                7.5,
                "Morning. We have <10 minutes & one question. What does the pilot cost?",
            ),
            S("Lee Novak", 8.0, 12.0, "It is free for thirty days."),
        ),
    )


def test_teams_vtt_with_unpadded_times() -> None:
    # 0:0:6.40 is 6.4 s (the fraction is padded on the right), 0:1:2.5 is 62.5 s
    assert read("MTG-1004 teams older.vtt") == (
        "teams_vtt",
        (
            S("Chen Dubois", 0.57, 2.1, "Shall we start?"),
            S("Bob Stone", 2.1, 6.4, "Yes, go ahead."),
            S("Chen Dubois", 62.5, 70.0, "Great."),
        ),
    )


def test_teams_text_current_layout_with_header_date_and_events() -> None:
    transcript = read_transcript(
        FIXTURES / "Globex review-20240116_103000-Meeting Transcript.txt", "t.txt"
    )
    assert transcript.format == "teams_text"
    assert transcript.started_at == datetime(2024, 1, 16, 10, 30)
    assert transcript.segments == (
        S("Chen Dubois", 3.0, None, "Thanks for joining, Dara. Let's look at last quarter."),
        S("Dara Ocaña", 15.0, None, "Sure. Our budget is set in March. And the CFO signs off."),
        S("Chen Dubois", 3725.0, None, "Perfect, talk next week."),
    )


def test_teams_text_older_layout() -> None:
    assert read("MTG-1006 teams older layout.txt") == (
        "teams_text",
        (
            S("Lee Novak", 0.0, 5.34, "Hello everyone."),
            S("Dara Ocaña", 5.34, 9.0, "Hi Lee. We are all here."),
        ),
    )


def test_teams_docx_reads_as_its_paragraphs(tmp_path: Path) -> None:
    paragraphs = ["Acme call", "Chen Dubois\t0:03", "Hello.", "Ana Farías\t1:00:07", "Hi."]
    body = "".join(
        f"<w:p><w:r><w:t>{p.split(chr(9))[0]}</w:t></w:r>"
        + (f"<w:r><w:tab/><w:t>{p.split(chr(9))[1]}</w:t></w:r>" if "\t" in p else "")
        + "</w:p>"
        for p in paragraphs
    )
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    path = tmp_path / "call.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    transcript = read_transcript(path, "call.docx")
    assert transcript.format == "teams_text"
    assert transcript.segments == (
        S("Chen Dubois", 3.0, None, "Hello."),
        S("Ana Farías", 3607.0, None, "Hi."),
    )


def test_zoom_saved_transcript_counts_from_the_first_turn() -> None:
    assert read("2024-01-17 09.00.05 Globex check-in/meeting_saved_closed_caption.txt") == (
        "zoom_text",
        (
            S("Lee Novak", 0.0, None, "Can everyone hear me?"),
            S("Dara Ocaña", 6.0, None, "Yes. Loud and clear."),
            S("Lee Novak", 48.0, None, "Good, let's start."),
        ),
    )


def test_zoom_saved_transcript_across_midnight(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_text("[Ann] 23:59:50\nStill here?\n[Bob] 00:00:05\nYes.\n", encoding="utf-8")
    assert read_transcript(path, "late.txt").segments == (
        S("Ann", 0.0, None, "Still here?"),
        S("Bob", 15.0, None, "Yes."),
    )


def test_srt_with_speaker_names() -> None:
    assert read("CALL-4001.srt") == (
        "srt",
        (
            S("Lee Novak", 0.0, 3.0, "Hi Dara, is now a good time?"),
            S("Dara Ocaña", 3.0, 9.0, "Yes, go ahead. I have ten minutes."),
        ),
    )


def test_json_object_is_stored_as_given() -> None:
    transcript = read_transcript(FIXTURES / "globex.json", "globex.json")
    assert (transcript.format, transcript.activity) == ("json", "MTG-4002")
    assert transcript.started_at == datetime(2024, 1, 18, 14, tzinfo=UTC)
    assert transcript.segments == (
        S("lee.novak@seller.example", 0.0, 4.0, "Welcome back."),
        S("Dara Ocaña", 4.0, 9.5, "Thanks."),
        S("Dara Ocaña", 9.5, 12.0, "Stored as given, not merged."),
        S(None, 12.0, 13.0, "(inaudible)"),
    )


def test_json_bare_list() -> None:
    assert read("MTG-4003.json") == (
        "json",
        (
            S("Lee Novak", 0.0, 2.0, "A bare list of segments."),
            S("Dara Ocaña", None, None, "Times are optional."),
        ),
    )


@pytest.mark.parametrize(("name", "line"), sorted(FIXTURE_ERRORS.items()))
def test_malformed_file_names_file_and_line(name: str, line: int) -> None:
    with pytest.raises(TranscriptFormatError) as raised:
        read_transcript(FIXTURES / name, name)
    assert (raised.value.path, raised.value.line) == (name, line)
    assert str(raised.value).startswith(f"{name} line {line}: ")


def test_malformed_messages_say_what_was_expected() -> None:
    def message(name: str) -> str:
        with pytest.raises(TranscriptFormatError) as raised:
            read_transcript(FIXTURES / name, name)
        return raised.value.detail

    assert "00:00:61.000" in message("broken/bad_cue.vtt")
    assert "'00:00:04.000 - 00:00:06.000'" in message("broken/missing_arrow.vtt")
    assert message("broken/MTG-1001.json") == "segment 2: ends (1.0) before it starts (2.0)"
    assert "'00:00:0x,000 --> 00:00:06,000'" in message("broken/bad.srt")
    assert message("broken/minutes.txt") == "expected a transcript, found a PDF document"


def test_vtt_without_header_and_json_of_another_shape(tmp_path: Path) -> None:
    vtt = tmp_path / "x.vtt"
    vtt.write_text("00:00:00.000 --> 00:00:01.000\nHi\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match=r"x.vtt line 1: .*WEBVTT"):
        read_transcript(vtt, "x.vtt")
    shaped = tmp_path / "y.json"
    shaped.write_text('{\n  "title": "call",\n  "started_at": 5,\n  "segments": []\n}')
    with pytest.raises(TranscriptFormatError, match=r"y.json line 3: \"started_at\" must be"):
        read_transcript(shaped, "y.json")


@pytest.mark.parametrize(
    ("name", "text"), [("e.vtt", "WEBVTT\n\nNOTE nothing said\n"), ("e.json", "[]")]
)
def test_a_file_without_speech_is_malformed(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match=f"{name} line 1: expected speech"):
        read_transcript(tmp_path / name, name)


@pytest.mark.parametrize(
    ("text", "extension", "expected"),
    [
        ("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann>Hi</v>\n", ".vtt", "teams_vtt"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nAnn: Hi\n", ".txt", "zoom_vtt"),
        ("1\n00:00:00,000 --> 00:00:01,000\nHi\n", ".txt", "srt"),
        ("[Ann] 10:00:00\nHi\n", ".txt", "zoom_text"),
        ('{"segments": []}', ".txt", "json"),
        ("Ann   0:03\nHi\n", ".txt", "teams_text"),
        ("[Ann] 10:00:00\nHi\n", ".json", "json"),
    ],
)
def test_format_by_extension_then_content(text: str, extension: str, expected: str) -> None:
    assert sniff(text, extension) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe: Hello there", ("Jane Doe", "Hello there")),
        ("Dr. J. Smith: Hi", ("Dr. J. Smith", "Hi")),
        ("The plan is simple: we ship", (None, "The plan is simple: we ship")),
        ("Why? Because: reasons", (None, "Why? Because: reasons")),
        ("10: count down", (None, "10: count down")),
        ("No speaker here", (None, "No speaker here")),
        ("Meet at 10:30 then", (None, "Meet at 10:30 then")),
    ],
)
def test_speaker_prefix(text: str, expected: tuple[str | None, str]) -> None:
    assert split_speaker(text) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0:03", 3.0), ("12:34", 754.0), ("1:02:03", 3723.0), ("00:00:03.570", 3.57),
     ("0:0:0.5", 0.5), ("0:61", None), ("abc", None)],
)  # fmt: skip
def test_clock_offsets(text: str, seconds: float | None) -> None:
    assert clock_seconds(text) == seconds
