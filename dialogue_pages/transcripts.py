"""Timestamped transcripts and chapters: parsing staff's plain text into moments of a recording.

A transcript is plain text, one paragraph per line. A line that starts with a
timestamp in square brackets — ``[01:02:03]``, ``[2:03]`` — marks the moment it was
said; the player jumps there when a reader follows it. Lines without a timestamp
belong to the moment before them.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TIMESTAMP = r"(?:(?P<hours>\d{1,2}):)?(?P<minutes>[0-5]?\d):(?P<seconds>[0-5]\d)"
TIMESTAMP_RE = re.compile(rf"^{TIMESTAMP}$")
LINE_RE = re.compile(rf"^\[{TIMESTAMP}\]\s*(?P<text>.*)$")
# "Name: what they said" — a short label before the first colon names the speaker.
SPEAKER_RE = re.compile(r"^(?P<speaker>[^:\n]{1,60}):\s+(?P<text>.+)$")


def parse_timestamp(value):
    """Seconds from "hh:mm:ss" or "mm:ss", or None if ``value`` is not a timestamp."""
    match = TIMESTAMP_RE.match((value or "").strip())
    if not match:
        return None
    return _seconds(match)


def _seconds(match):
    return int(match["hours"] or 0) * 3600 + int(match["minutes"]) * 60 + int(match["seconds"])


def format_timestamp(seconds):
    """``seconds`` as "h:mm:ss" (or "m:ss" under an hour), as players show it."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def validate_timestamp(value):
    if parse_timestamp(value) is None:
        raise ValidationError(
            _("Enter a time in the recording as hh:mm:ss or mm:ss, e.g. 12:30."),
            code="invalid_timestamp",
        )


@dataclass(frozen=True)
class TranscriptLine:
    """One paragraph of a transcript; ``seconds`` is None when the line carries no time."""

    text: str
    seconds: int | None = None
    speaker: str = ""

    @property
    def timestamp(self):
        return format_timestamp(self.seconds) if self.seconds is not None else ""


def parse_transcript(text):
    """The transcript's non-empty lines, each with its moment and speaker where given."""
    lines = []
    for raw in (text or "").splitlines():
        raw = raw.strip()
        if not raw:
            continue
        seconds = None
        match = LINE_RE.match(raw)
        if match:
            seconds, raw = _seconds(match), match["text"].strip()
            if not raw:
                continue
        speaker = SPEAKER_RE.match(raw)
        if speaker:
            lines.append(TranscriptLine(speaker["text"], seconds, speaker["speaker"].strip()))
        else:
            lines.append(TranscriptLine(raw, seconds))
    return lines


def transcript_as_text(lines):
    """The transcript without its timestamps: what search and structured data read."""
    return "\n".join(f"{line.speaker}: {line.text}" if line.speaker else line.text for line in lines)
