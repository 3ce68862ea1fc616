"""How fast the public pages are served, with a week's thread of 100, 1,000 and 10,000 comments.

Builds the demo site in a database of its own (a temporary SQLite file, or
``--database-url postgres://…/cop_bench``), then for each thread size adds comments
to week 2 (a third start a thread, a third reply, a third reply to the reply) and
measures, with gunicorn on loopback under concurrent load:

- the home, dialogue, week, webinar and search pages, first with the anonymous page
  cache off (every request renders: "cold") and then on ("cached");
- the same thread rendered by django-comments-xtd's stock ``render_xtdcomment_tree``
  tag (``bench/urls.py``: every comment, no pagination), the usual way to show it;
- a static file served by the same server (whitenoise): the floor;
- the queries each page makes (rendered in this process, cache off).

    .venv/bin/python bench/pages.py                                   # 100, 1,000, 10,000 comments
    .venv/bin/python bench/pages.py --comments 100 --duration 3       # a quick look
    .venv/bin/python bench/pages.py --database-url postgres://cop:cop@127.0.0.1:5432/cop_bench_pages
"""

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    Server,
    bench_environment,
    build_site,
    bulk_insert,
    fresh_database,
    hammer,
    print_table,
    setup_django,
)

DIALOGUE = "/en/dialogues/compendium-of-good-practices/"
PAGES = {
    "home": "/en/",
    "dialogue": DIALOGUE,
    "week (thread)": DIALOGUE + "week-2/",
    "webinar": DIALOGUE + "webinar-english/",
    "search": "/en/search/?q=good+practice",
}


def seed_comments(week, total):
    """Grow ``week``'s thread to ``total`` published comments, in bulk (threads of three levels)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from dialogue_pages.models import DialogueComment

    thread_page = week.thread_page
    target = {"content_type": ContentType.objects.get_for_model(thread_page), "object_pk": str(thread_page.pk)}
    existing = DialogueComment.objects.filter(**target).count()
    missing = total - existing
    if missing <= 0:
        return
    users = list(get_user_model().objects.order_by("pk")[:50])
    if len(users) < 20:
        users += [
            get_user_model().objects.create_user(f"bench{n}", f"bench{n}@example.org", "bench-password")
            for n in range(20)
        ]
    now = timezone.now()

    def comment(n, **fields):
        user = users[n % len(users)]
        return DialogueComment(
            **target,
            site_id=1,
            user=user,
            user_name=user.username,
            user_email=user.email,
            comment=f"Bench comment {existing + n}: what makes a practice worth sharing with others.",
            language=("en", "es", "fr")[n % 3],
            submit_date=now,
            is_public=True,
            **fields,
        )

    threads = (missing + 2) // 3

    def own_thread(top):
        top.thread_id = top.parent_id = top.pk

    tops = bulk_insert(DialogueComment, [comment(n, level=0, order=1) for n in range(threads)], own_thread)
    replies_left = missing - threads
    replies = bulk_insert(
        DialogueComment,
        [
            comment(threads + n, level=1, order=2, thread_id=top.pk, parent_id=top.pk)
            for n, top in enumerate(tops[: (replies_left + 1) // 2])
        ],
    )
    deeper_left = replies_left - len(replies)
    bulk_insert(
        DialogueComment,
        [
            comment(threads + len(replies) + n, level=2, order=3, thread_id=reply.thread_id, parent_id=reply.pk)
            for n, reply in enumerate(replies[:deeper_left])
        ],
    )


def queries_per_page(paths):
    """How many queries each page makes when rendered (page cache off), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    client = Client()
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, path in paths.items():
            client.get(path)  # warm per-process caches (content types, site)
            with CaptureQueriesContext(connection) as context:
                response = client.get(path)
            ok = response.status_code == 200
            counts[name] = len(context.captured_queries) if ok else f"HTTP {response.status_code}"
            if ok and counts[name] >= 9000:  # Django keeps the last 9,000 queries only
                counts[name] = ">9000"
    return counts


def measure(base_url, paths, concurrency, duration):
    results = {}
    for name, path in paths.items():
        probe = asyncio.run(hammer(base_url, [path], 1, 0))  # one request: warms up, fills the cache
        if probe.percentile(50) > 2:
            # A page this slow (the stock tree of a long thread) would only time out under load:
            # measure a few requests one after the other instead (just the one, past 10 s).
            slow = probe.percentile(50) > 10
            results[name] = probe if slow else asyncio.run(hammer(base_url, [path], 1, 3 * probe.percentile(50)))
            continue
        asyncio.run(hammer(base_url, [path], concurrency, 0.5))
        results[name] = asyncio.run(hammer(base_url, [path], concurrency, duration))
    return results


def cell(measurement):
    if measurement is None:
        return ("", "", "")
    errors = f" ({measurement.errors} errors)" if measurement.errors else ""
    rate = f"{measurement.rate:.1f}" if measurement.rate < 10 else f"{measurement.rate:.0f}"
    return (
        f"{rate}{errors}",
        f"{measurement.percentile(50) * 1000:.0f}",
        f"{measurement.percentile(95) * 1000:.0f}",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--database-url", help="a PostgreSQL database whose name contains 'bench' (dropped first)")
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per page (default 5)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    args = parser.parse_args()

    database_url = fresh_database(args.database_url)
    env = bench_environment(database_url)
    print(f"Database: {database_url.split('@')[-1]}", flush=True)
    build_site(env)
    setup_django(env)

    from django.contrib.staticfiles.storage import staticfiles_storage

    from dialogue_pages.models import WeeklyQuestionPage

    week = WeeklyQuestionPage.objects.get(
        url_path__endswith="/compendium-of-good-practices/week-2/", locale__language_code="en"
    )
    static_path = staticfiles_storage.url("css/site.css")
    header = ["page", "comments", "cold req/s", "p50 ms", "p95 ms", "cached req/s", "p50 ms", "p95 ms", "queries"]
    rows = []
    for total in sorted(args.comments):
        started = time.monotonic()
        seed_comments(week, total)
        print(f"  {total} comments seeded in {time.monotonic() - started:.0f} s", flush=True)
        compared = {**PAGES, "stock xtd tree": f"/bench/stock-thread/{week.pk}/", "static file": static_path}
        queries = queries_per_page(compared)
        cold_env = bench_environment(database_url, PAGE_CACHE_ENABLED=0, SECRET_KEY=env["SECRET_KEY"])
        with Server(cold_env, workers=args.workers) as server:
            cold = measure(server.base_url, compared, args.concurrency, args.duration)
        cached_env = bench_environment(database_url, PAGE_CACHE_ENABLED=1, SECRET_KEY=env["SECRET_KEY"])
        with Server(cached_env, workers=args.workers) as server:
            cacheable = {name: path for name, path in PAGES.items() if name != "search"}
            cached = measure(server.base_url, cacheable, args.concurrency, args.duration)
        for name in compared:
            rows.append([name, total, *cell(cold[name]), *cell(cached.get(name)), queries[name]])
        print(f"  {total} comments measured", flush=True)

    print()
    print(
        f"gunicorn {args.workers} sync workers, {args.concurrency} concurrent clients, {args.duration:g} s per cell, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}; cold = page cache off, cached = anonymous page cache on"
    )
    print_table(header, rows)


if __name__ == "__main__":
    main()
