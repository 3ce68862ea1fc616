"""A clearly labelled sample recording the demo attaches to a past webinar, made here, never downloaded.

The concept note says recordings "will be posted"; none is given. So that the
player, captions, chapters and transcript can be seen, the demo generates a short
audio file (a quiet tone), a still image that says "Sample recording", captions and
a transcript that say they are samples. Nothing in them claims to be the webinar.
"""

import io
import math
import wave

SAMPLE_SECONDS = 12
SAMPLE_RATE = 8000

SAMPLE_LABEL = "Sample recording (not the real webinar)"

# (start, end, text) in seconds. The captions and the transcript say the same thing.
SAMPLE_CUES = {
    "en": [
        (0, 4, "This is a sample recording, not the real webinar."),
        (4, 8, "It shows how captions, chapters and the transcript work."),
        (8, 12, "The recording of the panel discussion will be posted here."),
    ],
    "es": [
        (0, 4, "Esta es una grabación de muestra, no el seminario web real."),
        (4, 8, "Muestra cómo funcionan los subtítulos, los capítulos y la transcripción."),
        (8, 12, "La grabación del panel de discusión se publicará aquí."),
    ],
}

SAMPLE_CHAPTERS = [("0:00", "Sample chapter: what this is"), ("0:08", "Sample chapter: what comes next")]


def sample_wav(seconds=SAMPLE_SECONDS, rate=SAMPLE_RATE):
    """A mono 8-bit WAV file of a quiet 440 Hz tone, as bytes (about 8 KB a second)."""
    frames = bytes(128 + int(20 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(seconds * rate))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def sample_poster(text=SAMPLE_LABEL, size=(1280, 720)):
    """A still image (PNG bytes) that says it is a sample."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (31, 58, 95))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), text, font_size=48)
    draw.text(((size[0] - (right - left)) / 2, (size[1] - (bottom - top)) / 2), text, fill="white", font_size=48)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _vtt_time(seconds):
    return f"00:{seconds // 60:02d}:{seconds % 60:02d}.000"


def sample_captions(language):
    """WebVTT captions of the sample recording in ``language``."""
    cues = [f"{_vtt_time(start)} --> {_vtt_time(end)}\n{text}" for start, end, text in SAMPLE_CUES[language]]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def sample_transcript(language="en"):
    """The sample transcript, one timestamped line per cue."""
    lines = []
    for start, _end, text in SAMPLE_CUES[language]:
        minutes, seconds = divmod(start, 60)
        lines.append(f"[00:{minutes:02d}:{seconds:02d}] {text}")
    return "\n".join(lines)
