"""Benchmark the site search on a large corpus.

Builds, in a database of its own, at least 10,000 live pages (dialogues with their weeks,
webinars with transcripts and reports; knowledge products with case studies) and
100,000 comments, with bulk inserts; builds the search index; then prints the index
build time and the latency (p50/p95) of a fixed set of queries, with and without facets.

    .venv/bin/python bench/search.py                       # a temporary SQLite file
    .venv/bin/python bench/search.py --database-url postgres://cop:cop@127.0.0.1:5432/cop_bench

Never point it at the project's own database: it migrates and fills the one it is given.
"""

import argparse
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
    '"good practice"',
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
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each query.")
    return parser.parse_args()


def setup_django(database_url):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()


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


def measure(args):
    from django.test import RequestFactory

    from wagtail.models import Locale

    from search.engines.database import DatabaseSearch
    from search.facets import Filters
    from search.query import ParsedQuery

    request = RequestFactory().get("/en/search/")
    locale = Locale.get_default()
    print(f"{'query':32} {'results':>8} {'p50 ms':>8} {'p95 ms':>8} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'':32} {'':>8} {'(no facets)':>17} {'(with facets)':>17}")
    for text in QUERIES:
        query = ParsedQuery.parse(text)
        plain, faceted, total = [], [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            DatabaseSearch(query, Filters(), locale, request).fetch(0, 10)
            plain.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            search = DatabaseSearch(query, Filters(), locale, request)
            outcome = search.outcome()
            outcome.fetch(0, 10)
            faceted.append((time.perf_counter() - started) * 1000)
            total = outcome.total
        print(
            f"{text:32} {total:>8} {statistics.median(plain):>8.0f} {percentile(plain, 0.95):>8.0f} "
            f"{statistics.median(faceted):>8.0f} {percentile(faceted, 0.95):>8.0f}"
        )


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

    started = time.perf_counter()
    pages, comments = build_corpus(args, rng)
    print(f"Corpus: {pages} pages, {comments} comments, built in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    call_command("rebuild_search_index", verbosity=0)
    print(f"Index build (rebuild_search_index): {time.perf_counter() - started:.1f} s")
    measure(args)
    if workdir:
        print(f"(corpus left in {workdir}; delete it when done)")


if __name__ == "__main__":
    main()
