"""A webinar day's busiest hour, shrunk: 200 readers and 20 members posting at once; nothing may be lost.

Builds the demo site in a database of its own, opens week 2 for posting, signs in 20
members (sessions made here, as the login view would) and serves the production
settings with gunicorn on loopback. For ``--duration`` seconds, 200 anonymous readers
read the week, the dialogue, the webinar and the home page while the members read the
week (for a fresh form with its security hash and CSRF token) and post comments and
replies to their own threads. Afterwards it checks that every comment the server
accepted is in the database exactly once and visible on its thread's pages as an
anonymous reader gets them (so through the page cache, which must have been purged),
and counts the responses by status: no 5xx may appear, except on SQLite the designed
503 page when a write waited longer than its busy timeout.

    DATABASE_URL=postgres://cop:cop@127.0.0.1:5432/cop_bench_load .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --sqlite                      # the embedded default, same load
    .venv/bin/python bench/load.py --sqlite --members 60 --busy-timeout 0.5   # past what SQLite holds

The members' rate limit (DISCUSSION_RATE_LIMIT) is lifted for the run; nothing else changes.
"""

import argparse
import asyncio
import os
import random
import re
import sys
import time
import uuid
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    Measurement,
    Server,
    bench_environment,
    build_site,
    fresh_database,
    print_table,
    setup_django,
)

DIALOGUE = "/en/dialogues/compendium-of-good-practices/"
WEEK = DIALOGUE + "week-2/"
READER_PATHS = [WEEK, WEEK, "/en/", DIALOGUE, DIALOGUE + "webinar-english/", WEEK + "?page=2"]
POST_URL = "/en/discussion/post/"
TOKEN = re.compile(r"bench-load-[0-9a-f]{32}")


class CommentForm(HTMLParser):
    """The fields of the page's comment form (the one posting to /discussion/post/)."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self.inside = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = POST_URL in (attrs.get("action") or "")
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "select":
            self.select = attrs.get("name")
        elif (
            self.inside and tag == "option" and self.select and (self.select not in self.fields or "selected" in attrs)
        ):
            self.fields[self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def open_week_for_posting():
    """Move the demo dialogue and its week 2 (every language) to now, so members may post."""
    from django.utils import timezone

    from dialogue_pages.models import DialoguePage, WeeklyQuestionPage

    now = timezone.now()
    week = WeeklyQuestionPage.objects.get(
        url_path__endswith="/compendium-of-good-practices/week-2/", locale__language_code="en"
    )
    dialogue = week.get_parent().specific
    DialoguePage.objects.filter(translation_key=dialogue.translation_key).update(
        start_at=now - timedelta(days=7), end_at=now + timedelta(days=7), premoderate_comments=False
    )
    WeeklyQuestionPage.objects.filter(translation_key=week.translation_key).update(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=2)
    )
    return week


def signed_in_members(count):
    """``count`` confirmed members, each with a session cookie as the login view would have set."""
    from allauth.account.models import EmailAddress

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    cookies = []
    for n in range(count):
        user = get_user_model().objects.create_user(f"loadmember{n}", f"loadmember{n}@example.org", None)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append({settings.SESSION_COOKIE_NAME: session.session_key})
    return cookies


class Tally:
    def __init__(self):
        self.reads = Measurement()
        self.member_reads = Measurement()
        self.posts = Measurement()
        self.accepted = {}  # token -> comment id
        self.refused = {}
        self.busy_pages_designed = 0

    def statuses(self):
        merged = {}
        for measurement in (self.reads, self.member_reads, self.posts):
            for status, count in measurement.statuses.items():
                merged[status] = merged.get(status, 0) + count
        return merged


async def reader(client, tally, deadline):
    n = random.randrange(len(READER_PATHS))
    while time.monotonic() < deadline:
        path = READER_PATHS[n % len(READER_PATHS)]
        n += 1
        started = time.monotonic()
        try:
            status = (await client.get(path)).status_code
        except httpx.HTTPError:
            status = 0
        tally.reads.add(status, time.monotonic() - started)


async def member(client, cookies, tally, deadline):
    cookies = dict(cookies)
    my_threads = []
    while time.monotonic() < deadline:
        header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        started = time.monotonic()
        try:
            page = await client.get(WEEK, headers=header)
        except httpx.HTTPError:
            tally.member_reads.add(0, time.monotonic() - started)
            continue
        tally.member_reads.add(page.status_code, time.monotonic() - started)
        if page.status_code != 200:
            await asyncio.sleep(1)
            continue
        for set_cookie in page.headers.get_list("set-cookie"):
            name, _, rest = set_cookie.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        form = CommentForm()
        form.feed(page.text)
        if "security_hash" not in form.fields:
            tally.refused["no form on the page"] = tally.refused.get("no form on the page", 0) + 1
            await asyncio.sleep(1)
            continue
        token = f"bench-load-{uuid.uuid4().hex}"
        reply_to = random.choice(my_threads) if my_threads and random.random() < 0.5 else 0
        data = {**form.fields, "comment": f"{token} A practice others can learn from.", "reply_to": reply_to}
        data.update({"post": "1", "language": "en", "followup": ""})
        data.pop("preview", None)
        header = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        started = time.monotonic()
        try:
            response = await client.post(POST_URL, data=data, headers=header)
            status = response.status_code
        except httpx.HTTPError:
            response, status = None, 0
        tally.posts.add(status, time.monotonic() - started)
        location = response.headers.get("location", "") if response is not None else ""
        posted_id = parse_qs(urlparse(location).query).get("c", [None])[0]
        if status == 302 and posted_id:
            tally.accepted[token] = int(posted_id)
            if reply_to == 0:
                my_threads.append(int(posted_id))
        else:
            reason = f"HTTP {status}"
            if status == 503 and "Too many people are writing at once" in response.text:
                tally.busy_pages_designed += 1
                reason = "HTTP 503 (database busy, designed page)"
            tally.refused[reason] = tally.refused.get(reason, 0) + 1
        await asyncio.sleep(random.uniform(0.2, 1.0))  # reading, typing


async def run_load(base_url, member_cookies, readers, duration):
    tally = Tally()
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=readers + len(member_cookies) + 10)
    async with (
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as readers_client,
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as members_client,
    ):
        await asyncio.gather(
            *(reader(readers_client, tally, deadline) for _ in range(readers)),
            *(member(members_client, cookies, tally, deadline) for cookies in member_cookies),
        )
    return tally


def verify(base_url, week, tally):
    """Every accepted comment once in the database and on its thread's pages (as an anonymous reader)."""
    from django.conf import settings

    from dialogue_pages.models import DialogueComment

    in_database = {}
    for text, pk in DialogueComment.objects.filter(comment__startswith="bench-load-").values_list("comment", "pk"):
        in_database.setdefault(TOKEN.match(text).group(0), []).append(pk)
    duplicates = sum(1 for token in tally.accepted if len(in_database.get(token, [])) > 1)
    missing = sum(1 for token in tally.accepted if token not in in_database)
    unconfirmed = sum(1 for token in in_database if token not in tally.accepted)

    threads = DialogueComment.objects.filter(content_type__model="weeklyquestionpage", object_pk=str(week.pk))
    thread_count = threads.values("thread_id").distinct().count()
    pages = (thread_count + settings.DISCUSSION_THREADS_PER_PAGE - 1) // settings.DISCUSSION_THREADS_PER_PAGE
    shown = set()
    cache_hits = 0
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for number in range(1, pages + 1):
            response = client.get(f"{WEEK}?page={number}")
            cache_hits += response.headers.get("x-page-cache") == "hit"
            shown.update(TOKEN.findall(response.text))
    invisible = sum(1 for token in tally.accepted if token not in shown)
    return {
        "accepted": len(tally.accepted),
        "missing": missing,
        "duplicates": duplicates,
        "unconfirmed": unconfirmed,
        "invisible": invisible,
        "pages": pages,
        "cache_hits": cache_hits,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of DATABASE_URL")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--busy-timeout", type=float, default=None, help="SQLite busy timeout, seconds (default 20)")
    args = parser.parse_args()
    if not args.sqlite and not args.database_url:
        sys.exit("Give --database-url postgres://…/cop_bench_load (or set DATABASE_URL), or --sqlite.")

    database_url = fresh_database(None if args.sqlite else args.database_url)
    extra = {"DISCUSSION_RATE_LIMIT": 1_000_000, "PAGE_CACHE_ENABLED": 1}
    if args.busy_timeout is not None:
        extra["SQLITE_BUSY_TIMEOUT"] = args.busy_timeout
    env = bench_environment(database_url, **extra)
    engine = "SQLite (WAL)" if database_url.startswith("sqlite") else "PostgreSQL"
    print(f"Database: {engine} {database_url.split('@')[-1]}", flush=True)
    build_site(env)
    setup_django(env)
    week = open_week_for_posting()
    member_cookies = signed_in_members(args.members)

    with Server(env, workers=args.workers) as server:
        started = time.monotonic()
        tally = asyncio.run(run_load(server.base_url, member_cookies, args.readers, args.duration))
        elapsed = time.monotonic() - started
        checks = verify(server.base_url, week, tally)

    statuses = tally.statuses()
    server_errors = {status: count for status, count in statuses.items() if status >= 500 or status == 0}
    print()
    print(
        f"{engine}: {args.readers} readers + {args.members} members posting for {elapsed:.0f} s, "
        f"gunicorn {args.workers} sync workers"
    )
    rows = []
    for name, measurement in (
        ("reader GETs", tally.reads),
        ("member GETs", tally.member_reads),
        ("posts", tally.posts),
    ):
        rows.append(
            [
                name,
                measurement.requests,
                f"{measurement.requests / elapsed:.1f}",
                f"{measurement.percentile(50) * 1000:.0f}",
                f"{measurement.percentile(95) * 1000:.0f}",
                ", ".join(f"{status or 'failed'}: {count}" for status, count in sorted(measurement.statuses.items())),
            ]
        )
    print_table(["requests", "count", "per s", "p50 ms", "p95 ms", "statuses"], rows)
    print()
    print(f"comments accepted (302 to the new comment): {checks['accepted']}")
    print(
        f"  in the database exactly once:             {checks['accepted'] - checks['missing'] - checks['duplicates']}"
    )
    print(f"  missing from the database:                {checks['missing']}")
    print(f"  duplicated in the database:               {checks['duplicates']}")
    print(
        f"  not visible on the thread's pages:        {checks['invisible']} (read {checks['pages']} pages anonymously)"
    )
    print(f"  in the database but not confirmed:        {checks['unconfirmed']}")
    print(f"posts refused: {dict(sorted(tally.refused.items())) or 0}")
    print(f"5xx or failed requests: {server_errors or 0}")
    lost = checks["missing"] + checks["duplicates"] + checks["invisible"]
    undesigned = sum(count for status, count in server_errors.items()) - tally.busy_pages_designed
    # PostgreSQL: no 5xx at all. SQLite: a 503 is allowed only as the designed "too busy" page.
    ok = lost == 0 and (not server_errors if "PostgreSQL" in engine else undesigned == 0)
    print("RESULT:", "OK, nothing lost" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
