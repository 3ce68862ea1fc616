"""Production settings for the benchmarks, plus a page that renders a thread with django-comments-xtd's own tags."""

import os

from cms.settings.production import *  # noqa: F403
from cms.settings.production import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# The in-process tables (bench/pages.py's issue table, and the side-by-side script) keep their
# cache in memory, as bakerydemo's development settings do: the production settings' fallback
# without Redis, the database cache, would count each cache read as a query. The load tests'
# servers keep the production cache (BENCH_MEMORY_CACHE unset).
if os.environ.get("BENCH_MEMORY_CACHE") == "1":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
