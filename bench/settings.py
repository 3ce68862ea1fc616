"""Production settings for the benchmarks, plus a page that renders a thread with django-comments-xtd's own tags."""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
