"""What bench/pages.py and bench/load.py share: a database of their own, a gunicorn server, a load generator.

Both scripts run the production settings (``bench.settings``: production plus a
comparison URL) against a database they create: a temporary SQLite file, or the
PostgreSQL database named in ``--database-url`` (dropped and created afresh; its
name must contain "bench"). Never the project's ``db.sqlite3``.
"""

import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def bench_environment(database_url, **extra):
    """The environment of the bench's server and setup commands: production settings, plain HTTP on loopback."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SERVE_MEDIA": "1",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("REDIS_URL", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


def fresh_database(database_url):
    """A new, empty database: a temporary SQLite file when ``database_url`` is None."""
    if not database_url:
        folder = Path(tempfile.mkdtemp(prefix="cop-bench-"))
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to use the database {name!r}: its name must contain 'bench' (e.g. cop_bench).")
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return database_url


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)  # noqa: S603 - our own command


def build_site(env):
    """Migrate, create the cache table, load the demo site and collect the static files."""
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "load_demo_content", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    print(f"  site built in {time.monotonic() - started:.0f} s", flush=True)


def setup_django(env):
    """Configure Django in this process with the bench's settings (to seed data and count queries)."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def bulk_insert(model, objects, when_numbered=None, batch_size=2000):
    """Insert multi-table-inheritance ``objects`` (comments) in bulk, table by table.

    ``when_numbered(obj)`` runs once ``obj`` has its primary key and before the child
    tables are written (a top-level comment is its own thread and parent).
    """
    from django.db import connection

    chain = [*reversed(model._meta.get_parent_list()), model]
    root = chain[0]
    for start in range(0, len(objects), batch_size):
        batch = objects[start : start + batch_size]
        roots = [root(**{f.attname: getattr(obj, f.attname) for f in root._meta.concrete_fields}) for obj in batch]
        root.objects.bulk_create(roots)
        for obj, row in zip(batch, roots, strict=True):
            for level in chain:
                setattr(obj, level._meta.pk.attname, row.pk)
            if when_numbered:
                when_numbered(obj)
        with connection.cursor() as cursor:
            for level in chain[1:]:
                fields = level._meta.local_concrete_fields
                columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                placeholders = ", ".join(["%s"] * len(fields))
                rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in batch]
                table = connection.ops.quote_name(level._meta.db_table)
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    return objects


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the site on a loopback port, stopped on exit."""

    def __init__(self, env, workers=3, threads=1):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        command = [GUNICORN, "cms.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        if threads > 1:
            command += ["--threads", str(threads)]
        command += ["--timeout", "300", "--graceful-timeout", "5", "--backlog", "2048", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env)  # noqa: S603 - our own command
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base_url + "/en/", timeout=5).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


@dataclass
class Measurement:
    """Latencies (seconds) and status codes of the requests of one scenario."""

    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)

    def add(self, status, latency):
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def requests(self):
        return len(self.latencies)

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p):
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def errors(self):
        return sum(count for status, count in self.statuses.items() if not (200 <= status < 400))


async def hammer(base_url, paths, concurrency, duration, headers=None):
    """GET ``paths`` in turn from ``concurrency`` clients for ``duration`` seconds; one Measurement."""
    measurement = Measurement()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=300, headers=headers) as client:
        deadline = time.monotonic() + duration

        async def one_client(offset):
            n = offset
            while n == offset or time.monotonic() < deadline:  # at least one request each
                path = paths[n % len(paths)]
                n += 1
                started = time.monotonic()
                try:
                    response = await client.get(path)
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                measurement.add(status, time.monotonic() - started)

        started = time.monotonic()
        await asyncio.gather(*(one_client(i) for i in range(concurrency)))
        measurement.seconds = time.monotonic() - started
    return measurement


def print_table(header, rows):
    """A plain text table, columns right-aligned but the first."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, None, *rows]:
        if row is None:
            lines.append("  ".join("-" * width for width in widths))
            continue
        cells = [str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells))
    print("\n".join(lines), flush=True)
