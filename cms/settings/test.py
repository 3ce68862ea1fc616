"""Test settings: fast hashing, in-memory cache, no real email."""

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Off by default so tests see what they change; tests/test_cache*.py switch it on.
PAGE_CACHE_ENABLED = False
STORAGES = {
    **STORAGES,
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / "test-artifacts" / "exports"},
    },
}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
ALLOWED_HOSTS = ["*"]
DEMO_ACCOUNTS_ENABLED = False
WAGTAILADMIN_BASE_URL = "http://testserver"

# wagtail-localize's dummy machine translator (it reverses words) so the feature can be tried.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
