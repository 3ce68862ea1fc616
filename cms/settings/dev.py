"""Local development: debug on, an insecure key that never leaves this file."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-dev-only-key-not-for-production"  # noqa: S105

# Pages are not cached while templates are being edited (PAGE_CACHE_ENABLED=1 to try the cache).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)

# Demo accounts (editor, moderator, member) are only ever created when this is on.
DEMO_ACCOUNTS_ENABLED = True

# wagtail-localize's dummy machine translator (it reverses words) so the feature can be tried.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
