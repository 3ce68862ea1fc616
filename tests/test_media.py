"""Uploaded media served by the local servers answer byte ranges, so recordings can be sought."""

import pytest

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from cms.views import serve_media

BODY = bytes(range(256)) * 4  # 1,024 bytes


@pytest.fixture
def media_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return default_storage.save("media/clip.wav", ContentFile(BODY))


def get(rf, name, **headers):
    return serve_media(rf.get(f"/media/{name}", headers=headers), name)


def test_whole_file_says_it_accepts_ranges(rf, media_file):
    response = get(rf, media_file)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == BODY


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [("bytes=0-99", 0, 99), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023), ("bytes=1000-5000", 1000, 1023)],
)
def test_a_range_gets_206_with_just_those_bytes(rf, media_file, header, start, end):
    response = get(rf, media_file, Range=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/1024"
    assert response.content == BODY[start : end + 1]


def test_unsatisfiable_range_is_416(rf, media_file):
    response = get(rf, media_file, Range="bytes=5000-")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


def test_unsupported_range_forms_get_the_whole_file(rf, media_file):
    assert get(rf, media_file, Range="bytes=0-1,5-6").status_code == 200


def test_missing_files_are_404_and_paths_outside_media_refused(rf, media_file):
    with pytest.raises(Http404):
        get(rf, "media/nope.wav")
    with pytest.raises(SuspiciousFileOperation):  # Django answers 400 Bad Request
        get(rf, "../../etc/passwd")
