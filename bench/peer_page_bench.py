# ruff: noqa  (kept as the shared script below, so both sites run the same code)
"""A copy of the team's shared peer benchmark (``/work/shared/peers/page_bench.py``), run unchanged
by ``bench/pages.py --bakerydemo`` on bakerydemo and on this project, one after the other.

Renders every live page of a Wagtail site through Django's test client and prints, per page type,
the median render time and the query count. Same script for a peer (bakerydemo) and for this project,
so their figures can stand side by side. Run: python manage.py shell < page_bench.py"""
import statistics
import time
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.models import Page

settings.ALLOWED_HOSTS = ["*"]
settings.DEBUG = False
c = Client(HTTP_HOST="localhost")
by_type = defaultdict(list)
for p in Page.objects.live().public().filter(depth__gt=1).specific():
    url = p.url
    if not url:
        continue
    c.get(url)  # warm
    times, queries = [], 0
    for _ in range(5):
        n = [0]

        def counter(execute, sql, params, many, context):
            n[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            t = time.perf_counter()
            r = c.get(url)
            times.append(time.perf_counter() - t)
        queries = n[0]
    by_type[type(p).__name__].append((statistics.median(times) * 1000, queries, r.status_code, len(r.content)))
allt = []
for name, rows in sorted(by_type.items()):
    ms = [r[0] for r in rows]
    allt += ms
    print(f"{name:28s} pages={len(rows):3d} median_ms={statistics.median(ms):6.1f} max_ms={max(ms):6.1f} "
          f"queries={min(r[1] for r in rows)}..{max(r[1] for r in rows)} kb={statistics.median(r[3] for r in rows)/1024:.0f} "
          f"status={sorted(set(r[2] for r in rows))}")
print(f"ALL pages={len(allt)} median_ms={statistics.median(allt):.1f} p95_ms={sorted(allt)[int(0.95*len(allt))-1]:.1f}")
