"""Real-browser fixtures: Playwright's sync API driving Debian's chromium against pytest-django's live server.

Playwright cannot download its own browsers here, so it launches the system chromium through
``executable_path`` (``CHROMIUM_PATH``, default ``/usr/bin/chromium``); never run ``playwright install``.
Without chromium the browser tests are skipped, unless ``REQUIRE_BROWSER=1`` (as in CI), where they fail.

One browser for the browser suite (see ``browser``), a fresh context and page per test. ``live_server``
makes every test transactional, so the database is flushed after each test: ``demo_site`` gives each test
that needs it the demo content again (loaded once, then restored), and ``django_db_serialized_rollback``
restores what the migrations created (the root page, the default locale and site) before each browser
test. The live server listens on localhost:<random port>; the demo's default Site (localhost:80) still
serves it, as Wagtail falls back to the default site.
On failure the page's screenshot and HTML are saved as ``test-artifacts/<test name>.png`` and ``.html``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = BROWSER_DIR.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000


def chromium_path():
    """The chromium executable to drive, or None when there is none."""
    configured = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    path = Path(configured) if os.sep in configured else Path(shutil.which(configured) or configured)
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    return None


def browser_required():
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def missing_browser_message():
    return (
        f"chromium not found at {os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')!r}: "
        "install it (apt-get install chromium) or set CHROMIUM_PATH"
    )


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests up front (before any database is built) when chromium is missing."""
    if chromium_path() or browser_required():
        return
    skip = pytest.mark.skip(reason=missing_browser_message())
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(skip)


def empty_database(alias):
    """Delete every row, as TransactionTestCase does after each test.

    Sequences are not reset: the rows put back afterwards keep their ids, and new rows must not take them.
    """
    from django.core.management import call_command

    call_command(
        "flush", database=alias, interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )


@pytest.fixture(scope="session", autouse=True)
def chromium_executable():
    """The chromium to drive; checked before anything else is set up (such as the test database)."""
    executable = chromium_path()
    if executable is None:
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {missing_browser_message()}", pytrace=False)
        pytest.skip(missing_browser_message())
    return executable


@pytest.fixture(scope="package", autouse=True)
def django_around_the_browser_suite(django_db_setup, django_db_blocker):
    """Let Django work beside Playwright during the browser tests, and leave the database as they found it.

    Between its calls, Playwright's sync API leaves its event loop marked as running in this thread.
    Django then refuses database access (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. It is set for this package only: left in os.environ it would reach the subprocesses of later
    tests, and ``manage.py check --deploy`` rightly fails with it (async.E001).

    Every browser test ends with a flush, so afterwards the rows the migrations created (root page,
    default locale and site...) are put back, for the tests that run after this suite (module-scoped
    fixtures of other test modules may build on them).
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous

    from django.core.cache import cache
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            migrated = getattr(connections[alias], "_test_serialized_contents", None)
            if migrated:
                empty_database(alias)
                connections[alias].creation.deserialize_db_from_string(migrated)
        cache.clear()


@pytest.fixture(scope="package")
def browser(chromium_executable, django_around_the_browser_suite):
    """One chromium for the whole browser suite (the tests of this package run one after another).

    Package-scoped rather than session-scoped so that Playwright, and its event loop marked as running
    in the main thread, stop as soon as the browser tests are done, before any other test runs.
    """
    from playwright.sync_api import sync_playwright

    from django.db import connections

    # While that loop is marked as running, Django keeps this thread's database connections in
    # context-local storage instead of thread-local storage: new connection objects, without the state
    # pytest-django gave the old ones (such as the serialized contents that restore the migrated data
    # after each flush). Put the same objects in both storages.
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    """A fresh context and page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_snapshots():
    """The test database as the first ``load_demo_content`` left it, per alias (see ``demo_site``)."""
    snapshots = {}
    yield snapshots
    for snapshot in snapshots.values():
        if hasattr(snapshot, "close"):
            snapshot.close()


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback, demo_snapshots):
    """The demo site from the concept note, for this test only (the flush after the test removes it).

    ``load_demo_content`` takes seconds (it builds pages, revisions, translations and the search index),
    and every test needs it again after the flush. So it runs once, for the first test; the database it
    leaves is kept aside and put back for the next tests, which gives each test the same, untouched demo
    site. On the in-memory SQLite test database SQLite's backup API copies the whole database, search
    index (an FTS5 table) included, in milliseconds; on other databases (PostgreSQL in CI) Django's own
    serialized-rollback machinery dumps every model's rows, search index entries included, and loads them.
    """
    import sqlite3

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    in_memory_sqlite = connection.vendor == "sqlite" and connection.is_in_memory_db()
    snapshot = demo_snapshots.get(DEFAULT_DB_ALIAS)
    if snapshot is None:
        call_command("load_demo_content", verbosity=0)
        if in_memory_sqlite:
            snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot)
        else:
            snapshot = connection.creation.serialize_db_to_string()
        demo_snapshots[DEFAULT_DB_ALIAS] = snapshot
        return
    if in_memory_sqlite:
        connection.ensure_connection()
        snapshot.backup(connection.connection)
    else:
        # Into an empty database: the demo replaced the rows the migrations created (such as the default site).
        empty_database(DEFAULT_DB_ALIAS)
        connection.creation.deserialize_db_from_string(snapshot)
    cache.clear()  # e.g. Wagtail's cached site root paths, from before the restore


def artifact_stem(nodeid_name):
    """A file name for a test: ``test_x[/en/a/]`` becomes ``test_x-en-a``."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid_name).strip("-")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """After a failed browser test, save the page's screenshot and HTML and say where they are."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or page is None or page.is_closed():
        return report
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS_DIR / artifact_stem(item.name)
    saved = []
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        saved.append(f"{stem}.png")
    except Exception as error:  # a broken page must not hide the test's own failure
        saved.append(f"(no screenshot: {error})")
    try:
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        saved.append(f"{stem}.html")
    except Exception as error:
        saved.append(f"(no HTML: {error})")
    text = f"page URL: {page.url}\n" + "\n".join(saved)
    report.sections.append(("browser artifacts", text))
    print(f"\n[browser artifacts for {item.nodeid}]\n{text}")
    return report
