"""External video players behind a privacy facade.

A page never loads a third-party player by itself: it shows the title and a still
image with a link to the video, and a small script swaps in the player only when
the visitor asks for it. ``embed_for`` knows the players whose privacy-friendly
embed address can be derived from an ordinary video link; anything else stays a
plain link.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlparse

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
VIMEO_ID = re.compile(r"^\d{3,12}$")


@dataclass(frozen=True)
class Embed:
    """A player that can be embedded: its name (for the button) and its embed address."""

    provider: str
    url: str
    host: str

    def watch_at(self, video_url, seconds):
        """The provider's own page for ``video_url``, starting ``seconds`` into the video."""
        video_url = video_url.split("#", 1)[0]
        if self.provider == "YouTube":
            separator = "&" if "?" in video_url else "?"
            return f"{video_url}{separator}{urlencode({'t': f'{int(seconds)}s'})}"
        return f"{video_url}#t={int(seconds)}s"


def _youtube_id(parsed):
    host = parsed.hostname or ""
    path = [part for part in parsed.path.split("/") if part]
    if host == "youtu.be" and path:
        return path[0]
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            return (parse_qs(parsed.query).get("v") or [""])[0]
        if len(path) >= 2 and path[0] in {"embed", "live", "shorts"}:
            return path[1]
    return ""


def _vimeo_id(parsed):
    host = parsed.hostname or ""
    path = [part for part in parsed.path.split("/") if part]
    if host in {"vimeo.com", "www.vimeo.com"} and path:
        return path[-1]
    if host == "player.vimeo.com" and len(path) >= 2 and path[0] == "video":
        return path[1]
    return ""


def embed_for(url):
    """The privacy-friendly player for a YouTube or Vimeo link, or None for any other address."""
    try:
        parsed = urlparse(url or "")
    except ValueError:
        return None
    if parsed.scheme not in {"http", "https"}:
        return None
    video = _youtube_id(parsed)
    if YOUTUBE_ID.match(video):
        return Embed("YouTube", f"https://www.youtube-nocookie.com/embed/{video}", "www.youtube-nocookie.com")
    video = _vimeo_id(parsed)
    if VIMEO_ID.match(video):
        return Embed("Vimeo", f"https://player.vimeo.com/video/{video}?dnt=1", "player.vimeo.com")
    return None


# The hosts a page may frame once a visitor asks for the player (the CSP's frame-src).
EMBED_HOSTS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
