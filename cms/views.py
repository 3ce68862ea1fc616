"""Project-wide views: error pages, and uploaded media for the local servers."""

import re
import sys

from django.conf import settings
from django.db import OperationalError
from django.http import FileResponse, HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error
from django.views.static import serve as static_serve

RETRY_AFTER_SECONDS = 10


def database_is_busy(error):
    """Whether ``error`` is SQLite giving up on a write lock ("database is locked") after its busy timeout."""
    return isinstance(error, OperationalError) and "locked" in str(error)


def server_error(request, template_name="500.html"):
    """The designed 500 page, or a 503 asking to retry shortly when the database is busy.

    The embedded SQLite database lets one writer in at a time; a writer that has waited
    longer than its busy timeout fails with "database is locked". That is a server
    too busy for now, not a bug: answer 503 with Retry-After, so people and clients
    try again.
    """
    if database_is_busy(sys.exc_info()[1]):
        # Rendered without the request's context, like the 500 page: nothing here may need the database.
        html = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request, template_name=template_name)


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def serve_media(request, path):
    """Uploaded files from ``MEDIA_ROOT`` with HTTP range requests, for ``make run`` and ``make serve``.

    Django's own ``static.serve`` sends whole files only, and browsers cannot seek in
    a recording without byte ranges (the transcript's and chapters' links jump there).
    A real deployment serves media from its web server or object storage instead.
    """
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    match = RANGE_RE.match(request.headers.get("Range", ""))
    if response.status_code != 200 or not match or not isinstance(response, FileResponse):
        response["Accept-Ranges"] = "bytes"
        return response
    size = int(response["Content-Length"])
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:  # "bytes=-N": the last N bytes
        start, end = max(size - int(last or 0), 0), size - 1
    source = response.file_to_stream
    if start >= size or start > end:
        source.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    source.seek(start)
    chunk = source.read(end - start + 1)
    source.close()
    partial = HttpResponse(chunk, status=206, content_type=response["Content-Type"])
    partial["Content-Range"] = f"bytes {start}-{end}/{size}"
    partial["Accept-Ranges"] = "bytes"
    return partial


def robots_txt(request):
    """``/robots.txt``: crawl the public pages, not the admin or action URLs; where the sitemap is."""
    languages = [code for code, _name in settings.LANGUAGES]
    disallowed = ["/admin/"]
    for code in languages:
        disallowed += [f"/{code}/accounts/", f"/{code}/discussion/", f"/{code}/emails/", f"/{code}/search/"]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), "Allow: /", ""]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
