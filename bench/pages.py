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
    .venv/bin/python bench/pages.py --table-only                      # issue 15's table, no load test

First it prints issue 15's table ("Long threads stay light"), measured in this process with
Django's test client and the page cache off, like ``/work/shared/peers/page_bench.py``:
every live page's median time (5 renders after a warm-up) and queries, per page type; the
worst page; the week page with 100 comments, one thread of 1,000 comments and 10,000
comments in many threads (bytes for a visitor and a member, queries, cold time and its ratio
to the 100-comment page); and the ratio of the project's median to bakerydemo's.
"""

import argparse
import asyncio
import os
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
    from django.contrib.contenttypes.models import ContentType

    from dialogue_pages.models import DialogueComment

    thread_page = week.thread_page
    target = {"content_type": ContentType.objects.get_for_model(thread_page), "object_pk": str(thread_page.pk)}
    existing = DialogueComment.objects.filter(**target).count()
    missing = total - existing
    if missing <= 0:
        return
    users = bench_users()

    def comment(n, **fields):
        return new_comment(target, users, existing + n, **fields)

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


# bakerydemo's median as /work/shared/peers/README.md records it (2026-11-28), printed when no
# checkout is given: run with --bakerydemo DIR (prepared by bench/setup_bakerydemo.sh) to measure
# it in the same run instead, interleaved with this project, by the same script.
BAKERYDEMO_MEDIAN_MS = 19.8
BAKERYDEMO_COMMAND = "cd bakerydemo && python manage.py shell < /work/shared/peers/page_bench.py"
PEER_SCRIPT = Path(__file__).resolve().parent / "peer_page_bench.py"


def run_peer_script(python, cwd, env):
    """Run ``peer_page_bench.py`` in a Django project; ``(median ms, p95 ms, pages, its output)``."""
    import re
    import subprocess

    with PEER_SCRIPT.open() as script:
        done = subprocess.run(  # noqa: S603  (our own interpreter, or the checkout named on the command line)
            [str(python), "manage.py", "shell"],
            stdin=script,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"ALL pages=(\d+) median_ms=([\d.]+) p95_ms=([\d.]+)", done.stdout)
    if not found:
        sys.exit(f"No result from {cwd}:\n{done.stdout}\n{done.stderr[-2000:]}")
    pages, median, p95 = found.groups()
    return float(median), float(p95), int(pages), done.stdout


def side_by_side(bakerydemo, env, rounds=3):
    """bakerydemo and this project measured by the same script, alternately, ``rounds`` times each."""
    import statistics

    bakery_dir = Path(bakerydemo).resolve()
    bakery_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.dev"}
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        bakery_env.pop(name, None)
    own_env = {**env, "PAGE_CACHE_ENABLED": "0"}  # uncached, as bakerydemo (it has no page cache)
    base = Path(__file__).resolve().parent.parent
    rows, ratios, last = [], [], {}
    for n in range(1, rounds + 1):
        peer = run_peer_script(bakery_dir / ".venv" / "bin" / "python", bakery_dir, bakery_env)
        own = run_peer_script(sys.executable, base, own_env)
        ratios.append(own[0] / peer[0])
        last = {"bakerydemo": peer[3], "this project": own[3]}
        rows.append([n, peer[2], f"{peer[0]:.1f}", f"{peer[1]:.1f}", own[2], f"{own[0]:.1f}", f"{own[1]:.1f}"])
        rows[-1].append(f"{ratios[-1]:.2f}")
    print(f"\nSide by side: the same script (bench/peer_page_bench.py) on bakerydemo ({bakery_dir})")
    print("and on this project, alternately; test client, uncached; ratio = project median / bakerydemo median")
    print_table(
        ["round", "bakery pages", "median ms", "p95 ms", "our pages", "median ms", "p95 ms", "ratio"],
        rows,
    )
    print(f"median ratio {statistics.median(ratios):.2f}x (target <= 0.5x)")
    for name, output in last.items():
        print(f"\nLast round, {name}, per page type:\n{output.strip()}")
    return statistics.median(ratios)


def render(client, path, repeat=5):
    """(median ms of ``repeat`` renders after a warm-up, queries, bytes, status) of one page."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(context.captured_queries), len(response.content), response.status_code


def after_a_change(client, page, repeat=5):
    """The first view after a comment changed (the discussion's thread ids and count read again):
    median ms of ``repeat`` such views, and their queries."""
    import statistics

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dialogue_pages.discussion.threads import discussion_version_key

    times = []
    for _ in range(repeat):
        cache.delete(discussion_version_key(page.thread_page.pk))
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            client.get(page.url)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(context.captured_queries)


def seed_one_thread(week, total):
    """Grow ``week``'s discussion to ``total`` comments by adding replies to its first thread."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max

    from dialogue_pages.models import DialogueComment

    thread_page = week.thread_page
    target = {"content_type": ContentType.objects.get_for_model(thread_page), "object_pk": str(thread_page.pk)}
    users = bench_users()
    top = DialogueComment.objects.filter(**target, level=0).order_by("pk").first()
    if top is None:

        def own_thread(top):
            top.thread_id = top.parent_id = top.pk

        (top,) = bulk_insert(DialogueComment, [new_comment(target, users, 0, level=0, order=1)], own_thread)
    count = DialogueComment.objects.filter(**target).count()
    last = DialogueComment.objects.filter(thread_id=top.pk).aggregate(last=Max("order"))["last"]
    bulk_insert(
        DialogueComment,
        [
            new_comment(target, users, n, level=1, order=last + 1 + n - count, thread_id=top.pk, parent_id=top.pk)
            for n in range(count, total)
        ],
    )


def bench_users():
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.order_by("pk")[:50])
    if len(users) < 20:
        users += [
            get_user_model().objects.create_user(f"bench{n}", f"bench{n}@example.org", "bench-password")
            for n in range(20)
        ]
    return users


def new_comment(target, users, n, **fields):
    """An unsaved published comment number ``n`` (its HTML rendered, as saving it would)."""
    from django.utils import timezone

    from dialogue_pages.models import DialogueComment

    user = users[n % len(users)]
    text = f"Bench comment {n}: what makes a practice worth sharing with others."
    comment = DialogueComment(
        **target,
        site_id=1,
        user=user,
        user_name=user.username,
        user_email=user.email,
        comment=text,
        language=("en", "es", "fr")[n % 3],
        submit_date=timezone.now(),
        is_public=True,
        **fields,
    )
    if hasattr(comment, "comment_html"):
        from dialogue_pages.comment_text import render_comment_text

        comment.comment_html = render_comment_text(text)
    return comment


def issue_table(week, long_week, anchor_week, bakerydemo_ratio=None):
    """Issue 15's table: every page type uncached, the worst page, the week page at scale, bakerydemo."""
    import statistics
    from collections import defaultdict

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from wagtail.models import Page

    rows, by_type, all_ms, worst = [], defaultdict(list), [], (0, "")
    visitor = Client()
    member = Client()
    member.force_login(get_user_model().objects.filter(is_superuser=False).order_by("pk").first())
    with override_settings(PAGE_CACHE_ENABLED=False):
        seed_comments(week, 100)
        seed_one_thread(long_week, 100)
        for page in Page.objects.live().public().filter(depth__gt=1).specific():
            url = page.url
            if not url:
                continue
            ms, queries, size, status = render(visitor, url)
            by_type[type(page).__name__].append((ms, queries, size, status))
            all_ms.append(ms)
            if queries > worst[0]:
                worst = (queries, url)
        header = ["page type", "pages", "median ms", "max ms", "queries", "median KB", "statuses"]
        for name, found in sorted(by_type.items()):
            ms = [r[0] for r in found]
            queries = [r[1] for r in found]
            rows.append(
                [
                    name,
                    len(found),
                    f"{statistics.median(ms):.1f}",
                    f"{max(ms):.1f}",
                    f"{min(queries)}..{max(queries)}",
                    f"{statistics.median(r[2] for r in found) / 1024:.0f}",
                    ",".join(str(s) for s in sorted({r[3] for r in found})),
                ]
            )
        median = statistics.median(all_ms)
        print("\nEvery live page, uncached (test client, page cache off; median of 5 renders after a warm-up)")
        print_table(header, rows)
        print(f"ALL {len(all_ms)} pages: median {median:.1f} ms; worst page {worst[0]} queries ({worst[1]})")
        if bakerydemo_ratio is None:
            print(
                f"bakerydemo median {BAKERYDEMO_MEDIAN_MS} ms (recorded 2026-11-28, /work/shared/peers/README.md, "
                f"`{BAKERYDEMO_COMMAND}`; not measured in this run: pass --bakerydemo DIR): "
                f"ratio {median / BAKERYDEMO_MEDIAN_MS:.2f}x (target <= 0.5x)"
            )
        else:
            print(f"bakerydemo measured beside it in this run: median ratio {bakerydemo_ratio:.2f}x (above)")

        scale_rows = []

        def measured(page):
            ms, queries, visitor_bytes, _ = render(visitor, page.url, repeat=7)
            m_ms, m_queries, member_bytes, _ = render(member, page.url, repeat=7)
            changed_ms, changed_queries = after_a_change(visitor, page)
            return ms, queries, visitor_bytes, m_ms, m_queries, member_bytes, changed_ms, changed_queries

        def add_row(label, total, figures, base):
            ms, queries, visitor_bytes, m_ms, m_queries, member_bytes, changed_ms, changed_queries = figures
            scale_rows.append(
                [
                    label,
                    total,
                    f"{visitor_bytes / 1024:.0f}",
                    f"{member_bytes / 1024:.0f}",
                    queries,
                    m_queries,
                    f"{ms:.1f}",
                    f"{m_ms:.1f}",
                    f"{ms / base[0]:.2f}",
                    f"{changed_ms:.1f} ({changed_queries})",
                    f"{changed_ms / base[6]:.2f}",
                ]
            )

        # One thread: the same week before and after it grows (the demo has three weeks).
        seed_one_thread(long_week, 100)
        small = measured(long_week)
        seed_one_thread(long_week, 1000)
        large = measured(long_week)
        add_row("one thread", 100, small, small)
        add_row("one thread", 1000, large, small)
        # Many threads: another week of 100 comments as the anchor, measured alternately with the
        # 10,000-comment week in the same minutes (medians of three rounds), so drift cancels out.
        seed_comments(anchor_week, 100)
        seed_comments(week, 10_000)
        rounds = [(measured(anchor_week), measured(week)) for _ in range(3)]

        def medians(index):
            return tuple(statistics.median(round_[index][n] for round_ in rounds) for n in range(8))

        small, large = medians(0), medians(1)
        add_row("many threads", 100, small, small)
        add_row("many threads", 10_000, large, small)
        print("\nThe week page at scale (uncached; targets: <= 150 KB visitor, <= 180 KB member, constant queries,")
        print("cold time <= 1.2x the same page with 100 comments); 'after a change': the first view after a")
        print("comment changed, when the discussion's thread ids and count are read again")
        print_table(
            [
                "week page",
                "comments",
                "visitor KB",
                "member KB",
                "queries",
                "member queries",
                "ms",
                "member ms",
                "x 100",
                "after a change ms (queries)",
                "x 100",
            ],
            scale_rows,
        )


def print_plans(week):
    """The query plans of the thread pagination's plain queries (see dialogue_pages/discussion/threads.py)."""
    from django_comments_xtd.models import XtdComment

    from django.db import connection
    from django.db.models import Count

    from dialogue_pages.conf import app_settings
    from dialogue_pages.discussion import threads

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the comments were bulk-inserted: let the planner see them
    per_page = app_settings.DISCUSSION_THREADS_PER_PAGE
    shown = app_settings.DISCUSSION_REPLIES_SHOWN + 1
    ids = list(threads.thread_ids(week)[:per_page])
    plain = threads.public_comments(week)
    queries = {
        "a page of thread ids": threads.thread_ids(week)[:per_page],
        "the thread count (the paginator counts this)": threads.thread_ids(week),
        "each thread's first replies (ids)": XtdComment.objects.filter(
            thread_id__in=ids, order__lte=shown, is_public=True
        ).values("pk"),
        "the replies left per thread": XtdComment.objects.filter(thread_id__in=ids, is_public=True)
        .order_by()
        .values_list("thread_id")
        .annotate(n=Count("pk")),
        "a thread's next batch of replies": XtdComment.objects.filter(
            thread_id=ids[0], is_public=True, order__gt=shown
        ).order_by("order")[: app_settings.DISCUSSION_REPLIES_PER_BATCH],
    }
    print(f"\nQuery plans ({connection_vendor()}), the week page with {plain.count()} comments")
    for label, queryset in queries.items():
        print(f"-- {label}\n{queryset.query}\n{queryset.explain()}\n")


def connection_vendor():
    from django.db import connection

    return connection.vendor


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
    parser.add_argument("--table-only", action="store_true", help="print issue 15's table only (no load test)")
    parser.add_argument("--plans", action="store_true", help="print the thread queries' plans after the table")
    parser.add_argument(
        "--bakerydemo",
        metavar="DIR",
        help="a bakerydemo checkout prepared by bench/setup_bakerydemo.sh: measured beside this project",
    )
    parser.add_argument("--rounds", type=int, default=3, help="side-by-side rounds with --bakerydemo (default 3)")
    args = parser.parse_args()

    database_url = fresh_database(args.database_url)
    env = bench_environment(database_url, BENCH_MEMORY_CACHE=1)
    print(f"Database: {database_url.split('@')[-1]}", flush=True)
    build_site(env)
    setup_django(env)

    from django.contrib.staticfiles.storage import staticfiles_storage

    from dialogue_pages.models import WeeklyQuestionPage

    week = WeeklyQuestionPage.objects.get(
        url_path__endswith="/compendium-of-good-practices/week-2/", locale__language_code="en"
    )
    long_week = WeeklyQuestionPage.objects.get(
        url_path__endswith="/compendium-of-good-practices/week-3/", locale__language_code="en"
    )
    anchor_week = WeeklyQuestionPage.objects.get(
        url_path__endswith="/compendium-of-good-practices/week-1/", locale__language_code="en"
    )
    ratio = side_by_side(args.bakerydemo, env, args.rounds) if args.bakerydemo else None
    issue_table(week, long_week, anchor_week, ratio)
    if args.plans:
        print_plans(week)
    if args.table_only:
        return
    static_path = staticfiles_storage.url("css/site.css")
    header = ["page", "comments", "cold req/s", "p50 ms", "p95 ms", "cached req/s", "p50 ms", "p95 ms", "queries"]
    rows = []
    for total in sorted(args.comments):
        started = time.monotonic()
        seed_comments(week, total)
        print(f"  {total} comments seeded in {time.monotonic() - started:.0f} s", flush=True)
        compared = {**PAGES, "stock xtd tree": f"/bench/stock-thread/{week.pk}/", "static file": static_path}
        queries = queries_per_page(compared)
        cold_env = bench_environment(
            database_url, PAGE_CACHE_ENABLED=0, BENCH_MEMORY_CACHE=0, SECRET_KEY=env["SECRET_KEY"]
        )
        with Server(cold_env, workers=args.workers) as server:
            cold = measure(server.base_url, compared, args.concurrency, args.duration)
        cached_env = bench_environment(
            database_url, PAGE_CACHE_ENABLED=1, BENCH_MEMORY_CACHE=0, SECRET_KEY=env["SECRET_KEY"]
        )
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
