"""Benchmark the site search on a large corpus.

Builds, in a database of its own, at least 10,000 live pages (dialogues with their weeks,
webinars with transcripts and reports; knowledge products with case studies) and
100,000 comments, with bulk inserts; builds the search index; then prints the index
build time and the latency (p50/p95) of a fixed set of queries:

* the engine alone (``DatabaseSearch``: facets, ranking, the first hits);
* the whole search page as an anonymous reader gets it (``/en/search/?q=…`` through Django's
  test client: the view, the engine, the facets and the template), *cold* (just after a
  change to the content, e.g. a new comment: the search answers are retired and the engine
  answers), *empty* (every cache emptied, as after a publication or a restart) and *cached*
  (the same request again), with the queries each makes;
* a plain page served from the anonymous page cache, for scale (the ratio column);
* an incremental update: a new visible comment and a newly published page, each searched
  for right after it was saved (the time until the search finds it, no rebuild).

    .venv/bin/python bench/search.py                       # a temporary SQLite file
    .venv/bin/python bench/search.py --database-url postgres://cop:cop@127.0.0.1:5432/cop_bench
    .venv/bin/python bench/search.py --tenth               # 1/10 of the size
    .venv/bin/python bench/search.py --database-url sqlite:////tmp/big.sqlite3 --reuse   # build once, measure often

Never point it at the project's own database: it migrates and fills the one it is given.
With ``--reuse``, a database that already holds the bench corpus is measured as it is
(add ``--rebuild`` to time the index rebuild again).
"""

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import bulk_insert  # noqa: E402

QUERIES = [
    "training",
    "gender equality",
    '"gender equality"',
    '"participatory learning" toolkit',
    "toolkit facilitators",
    "resistance backlash",
    "webinar transcript panellist",
    "metodología",
    "zyxwvut",
]
VOCABULARY = [
    "gender",
    "equality",
    "training",
    "practice",
    "facilitators",
    "toolkit",
    "resistance",
    "backlash",
    "methodology",
    "participatory",
    "learning",
    "evaluation",
    "module",
    "online",
    "webinar",
    "transcript",
    "panellist",
    "moderator",
    "question",
    "week",
    "dialogue",
    "report",
    "case",
    "study",
    "organisation",
    "country",
    "region",
    "audience",
    "approach",
    "results",
    "challenges",
    "lessons",
    "tools",
    "activities",
    "community",
    "members",
    "trainers",
    "power",
    "norms",
    "inclusion",
    "violence",
    "prevention",
    "policy",
    "budget",
    "leadership",
    "youth",
    "women",
    "men",
    "institutions",
    "change",
    "knowledge",
    "product",
    "compendium",
    "feminist",
    "pedagogy",
    "reflection",
    "storytelling",
    "metodología",
    "participativa",
    "igualdad",
    "género",
    "formación",
    "égalité",
    "formation",
    "pratique",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="Database to fill (default: a temporary SQLite file).")
    parser.add_argument("--dialogues", type=int, default=200, help="Dialogues (each has 43 child pages).")
    parser.add_argument("--products", type=int, default=20, help="Knowledge products (60 case studies each).")
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument(
        "--tenth", action="store_true", help="1/10 of the size: 20 dialogues, 2 products, 10,000 comments."
    )
    parser.add_argument("--repeat", type=int, default=20, help="Runs of each query (20: a p95 worth the name).")
    parser.add_argument(
        "--reuse", action="store_true", help="Measure the corpus already in --database-url (built by an earlier run)."
    )
    parser.add_argument("--rebuild", action="store_true", help="With --reuse: time rebuild_search_index anyway.")
    parser.add_argument("--engine", action="store_true", help="Also time the engine alone (without the page).")
    args = parser.parse_args()
    if args.tenth:
        args.dialogues, args.products, args.comments = 20, 2, 10_000
    return args


def setup_django(database_url):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    import cms.wsgi  # noqa: F401 - the site loaded as the server loads it (its gc.freeze() included)


@contextlib.contextmanager
def template_context():
    """Responses carry their template context (the result count) within this block only.

    Django's test instrumentation copies the context of every template rendered, which no
    server does: the timed requests run without it.
    """
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        yield
    finally:
        teardown_test_environment()


def sentence(rng, words):
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)).capitalize() + "."


def child_pages(parent, model, count, make):
    """``count`` unsaved live pages of ``model`` under ``parent``, with tree paths, made by ``make(i)``."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import slugify

    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(model)
    pages = []
    for i in range(count):
        page = make(i)
        page.slug = slugify(f"{page.title}-{i}")[:250]
        page.path = Page._get_path(parent.path, parent.depth + 1, parent.numchild + i + 1)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.first_published_at = page.last_published_at = datetime(2016, 9, 1, tzinfo=UTC)
        page.translation_key = uuid.uuid4()
        pages.append(page)
    return pages


def add_children(parent, model, count, make):
    pages = child_pages(parent, model, count, make)
    bulk_insert(model, pages)
    type(parent).objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    parent.numchild += count
    return pages


def build_corpus(args, rng):
    """The page tree and the comments; returns (pages, comments) counts."""
    from wagtail.models import Page, Site

    from dialogue_pages.models import (
        DialogueComment,
        DialogueIndexPage,
        DialoguePage,
        DialogueReportPage,
        WebinarPage,
        WeeklyQuestionPage,
    )
    from home.models import HomePage
    from knowledge_products.models import CaseStudyPage, KnowledgeProductIndexPage, KnowledgeProductPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="bench-home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    index = home.add_child(instance=DialogueIndexPage(title="Virtual Dialogues", slug="dialogues"))
    products = home.add_child(instance=KnowledgeProductIndexPage(title="Knowledge products", slug="products"))
    start = datetime(2012, 1, 1, tzinfo=UTC)

    dialogues = add_children(
        index,
        DialoguePage,
        args.dialogues,
        lambda i: DialoguePage(
            title=f"Dialogue {i}: {sentence(rng, 4)}",
            number=i + 1,
            start_at=start + timedelta(days=20 * i),
            end_at=start + timedelta(days=20 * i + 19),
            introduction=f"<p>{sentence(rng, 60)}</p>",
            objectives=f"<p>{sentence(rng, 40)}</p>",
        ),
    )
    weeks = []
    for dialogue in dialogues:
        dialogue.refresh_from_db()
        weeks += add_children(
            dialogue,
            WeeklyQuestionPage,
            30,
            lambda i, d=dialogue: WeeklyQuestionPage(
                title=f"Week {i + 1}",
                week_number=i + 1,
                opens_at=d.start_at,
                closes_at=d.end_at,
                introduction=f"<p>{sentence(rng, 30)}</p>",
                questions=[("question", {"question": sentence(rng, 12), "note": ""})],
            ),
        )
        add_children(
            dialogue,
            WebinarPage,
            12,
            lambda i, d=dialogue: WebinarPage(
                title=f"Webinar {i + 1}: {sentence(rng, 3)}",
                starts_at=d.start_at + timedelta(days=i),
                language=rng.choice(["en", "es"]),
                transcript="\n".join(f"[00:{m:02d}:00] Speaker: {sentence(rng, 25)}" for m in range(20)),
            ),
        )
        add_children(
            dialogue,
            DialogueReportPage,
            1,
            lambda i: DialogueReportPage(title="Synthesis report", summary=sentence(rng, 40)),
        )
    for product in add_children(
        products,
        KnowledgeProductPage,
        args.products,
        lambda i: KnowledgeProductPage(title=f"Compendium {i}", abstract=sentence(rng, 50)),
    ):
        product.refresh_from_db()
        add_children(
            product,
            CaseStudyPage,
            60,
            lambda i: CaseStudyPage(title=f"Case {i}: {sentence(rng, 4)}", summary=sentence(rng, 40)),
        )

    from django.contrib.contenttypes.models import ContentType

    week_type = ContentType.objects.get_for_model(WeeklyQuestionPage)
    comments = [
        DialogueComment(
            content_type=week_type,
            object_pk=str(rng.choice(weeks).pk),
            site_id=1,
            user_name=f"Member {n % 500}",
            comment=sentence(rng, rng.randint(10, 60)),
            submit_date=start + timedelta(minutes=n * 7),
            is_public=n % 20 != 0,  # 5% pending
            is_removed=n % 33 == 0,  # 3% hidden
            language=rng.choice(["en", "en", "es", "fr"]),
            thread_id=0,
            parent_id=0,
        )
        for n in range(args.comments)
    ]
    bulk_insert(DialogueComment, comments, batch_size=5000)
    return Page.objects.count() - 1, len(comments)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_engine(args):
    """The engine alone: facets counted, ranked, the first ten hits made."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from wagtail.models import Locale

    from search.engines.database import DatabaseSearch
    from search.facets import Filters
    from search.query import ParsedQuery

    request = RequestFactory().get("/en/search/")
    locale = Locale.get_default()
    print("\nThe engine alone (DatabaseSearch: count the facets, rank, make the first 10 hits), caches emptied:")
    print(f"{'query':32} {'results':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for text in QUERIES:
        query = ParsedQuery.parse(text)
        faceted, total = [], 0
        for _ in range(args.repeat):
            cache.clear()
            started = time.perf_counter()
            search = DatabaseSearch(query, Filters(), locale, request)
            outcome = search.outcome()
            outcome.fetch(0, 10)
            faceted.append((time.perf_counter() - started) * 1000)
            total = outcome.total
        print(f"{text:32} {total:>8} {statistics.median(faceted):>8.0f} {percentile(faceted, 0.95):>8.0f}")


def timed_get(client, url, **params):
    """``(milliseconds, queries, response)`` of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        sys.exit(f"{url} {params} answered {response.status_code}")
    return elapsed, len(queries), response


def plain_page_ms(args):
    """p50 of a plain page (the dialogue index) served from the anonymous page cache, and rendered:
    the anchors the search page is compared with (this machine is shared and its speed drifts)."""
    from django.test import Client, override_settings

    client = Client()
    with override_settings(PAGE_CACHE_ENABLED=True):
        timed_get(client, "/en/dialogues/")
        times = [timed_get(client, "/en/dialogues/")[0] for _ in range(max(args.repeat, 5) * 2)]
    rendered = [timed_get(client, "/en/dialogues/")[0] for _ in range(max(args.repeat, 5))]
    print(f"\nA plain page (/en/dialogues/): p50 {statistics.median(rendered):.0f} ms rendered, ", end="")
    print(f"{statistics.median(times):.1f} ms from the anonymous page cache")
    return statistics.median(times), statistics.median(rendered)


def measure_pages(args, anchors):
    """The whole search page (view, engine, facets, template) for an anonymous reader.

    *cold*: just after a change to the content (what a new comment or any index write does:
    the search answers are retired, ``search.cache.bump_version``), so the engine answers;
    *empty*: with every cache emptied (the site's navigation and routes too: the first
    request after a publication or a restart); *cached*: the same request again.
    """
    from django.core.cache import cache
    from django.test import Client

    from search.cache import bump_version

    page_cache_ms, rendered_ms = anchors
    client = Client()
    print(
        f"\nThe whole search page, anonymous reader (ratio: to the plain page from the page cache, p50"
        f" {page_cache_ms:.1f} ms; ÷render: to the plain page rendered, p50 {rendered_ms:.0f} ms):"
    )
    header = f"{'query':32} {'results':>8} {'cold p50':>9} {'p95':>6} {'ratio':>6} {'÷render':>7} {'queries':>7}"
    print(header + f" {'empty p50':>10} {'p95':>6} {'cached p50':>11} {'p95':>6} {'ratio':>6} {'queries':>7}")
    figures = {}
    for text in QUERIES:
        cold, empty, cached = [], [], []
        for _ in range(args.repeat):
            cache.clear()
            empty.append(timed_get(client, "/en/search/", q=text)[0])
            bump_version()  # a new comment: the search answers are retired, nothing else
            elapsed, cold_queries, _response = timed_get(client, "/en/search/", q=text)
            cold.append(elapsed)
            elapsed, cached_queries, _response = timed_get(client, "/en/search/", q=text)
            cached.append(elapsed)
        bump_version()  # the page is rendered (not served from the search cache): its context has the count
        with template_context():
            total = timed_get(client, "/en/search/", q=text)[2].context["result_count"]
        cold_p50, cold_p95 = statistics.median(cold), percentile(cold, 0.95)
        empty_p50, empty_p95 = statistics.median(empty), percentile(empty, 0.95)
        cached_p50, cached_p95 = statistics.median(cached), percentile(cached, 0.95)
        figures[text] = (cold_p50, cold_p95, cached_p50, cached_p95, empty_p50, empty_p95)
        print(
            f"{text:32} {total:>8} {cold_p50:>9.0f} {cold_p95:>6.0f} {cold_p50 / page_cache_ms:>6.1f}"
            f" {cold_p50 / rendered_ms:>7.2f}"
            f" {cold_queries:>7} {empty_p50:>10.0f} {empty_p95:>6.0f}"
            f" {cached_p50:>11.0f} {cached_p95:>6.0f} {cached_p50 / page_cache_ms:>6.1f} {cached_queries:>7}"
        )
    worst = max(values[1] for values in figures.values())
    print(
        f"worst cold p95: {worst:.0f} ms; worst with every cache empty: "
        f"{max(v[5] for v in figures.values()):.0f} ms; worst cached p95: {max(v[3] for v in figures.values()):.0f} ms"
    )
    return figures


def measure_incremental():
    """A new visible comment and a newly published page: how soon the search page finds each (no rebuild)."""
    from django.test import Client

    from wagtail.models import Page

    from dialogue_pages.models import DialogueComment, WeeklyQuestionPage
    from dialogue_pages.signals import comments_changed

    client = Client()
    week = WeeklyQuestionPage.objects.live().order_by("-pk").first()
    word = f"quokka{uuid.uuid4().hex[:6]}"
    timed_get(client, "/en/search/", q=word)  # a cached answer "nothing" that must not hide the new comment
    started = time.perf_counter()
    comment = DialogueComment.objects.create(
        content_type=week.content_type,
        object_pk=str(week.pk),
        site_id=1,
        user_name="Bench",
        comment=f"A {word} arrived.",
        submit_date=datetime.now(UTC),
        is_public=True,
        language="en",
    )
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk])
    found = timed_get(client, "/en/search/", q=word)[2].context["result_count"]
    comment_ms = (time.perf_counter() - started) * 1000

    parent = Page.objects.get(pk=week.get_parent().pk)
    page_word = f"wombat{uuid.uuid4().hex[:6]}"
    timed_get(client, "/en/search/", q=page_word)
    started = time.perf_counter()
    new_week = WeeklyQuestionPage(
        title=f"Week on the {page_word}", live=False, week_number=99, opens_at=week.opens_at, closes_at=week.closes_at
    )
    page = parent.add_child(instance=new_week)
    page.save_revision().publish()
    page_found = timed_get(client, "/en/search/", q=page_word)[2].context["result_count"]
    page_ms = (time.perf_counter() - started) * 1000
    page.delete()  # leave the corpus as it was for the next run
    comment.delete()
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk or 0])
    print(
        f"\nIncremental update, no rebuild: a new visible comment found by the next search: {found == 1}"
        f" ({comment_ms:.0f} ms from saving it to the answer); a published page: {page_found == 1} ({page_ms:.0f} ms)"
    )


def holds_corpus():
    from wagtail.models import Page

    return Page.objects.filter(slug="bench-home").exists()


def main():
    args = parse_args()
    workdir = None
    if not args.database_url:
        workdir = tempfile.mkdtemp(prefix="search-bench-")
        args.database_url = f"sqlite:///{workdir}/bench.sqlite3"
    setup_django(args.database_url)

    from django.conf import settings
    from django.core.management import call_command

    project_db = str(Path(settings.BASE_DIR) / "db.sqlite3")
    if settings.DATABASES["default"]["NAME"] == project_db:
        sys.exit("Refusing to fill the project's own db.sqlite3: give another --database-url.")
    print(f"Database: {settings.DATABASES['default']['ENGINE']} {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)
    rng = random.Random(7)  # the same corpus every run

    reused = args.reuse and holds_corpus()
    if reused:
        from wagtail.models import Page

        from dialogue_pages.models import DialogueComment

        print(f"Corpus: {Page.objects.count() - 1} pages, {DialogueComment.objects.count()} comments (reused)")
    else:
        started = time.perf_counter()
        pages, comments = build_corpus(args, rng)
        print(f"Corpus: {pages} pages, {comments} comments, built in {time.perf_counter() - started:.1f} s")
    if not reused or args.rebuild:
        started = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        print(f"Index build (rebuild_search_index): {time.perf_counter() - started:.1f} s")
    if args.engine:
        measure_engine(args)
    measure_pages(args, plain_page_ms(args))
    with template_context():
        measure_incremental()
    if workdir:
        print(f"(corpus left in {workdir}; delete it when done)")


if __name__ == "__main__":
    main()
