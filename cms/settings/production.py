"""Production: refuses to start without a real secret key; passes check --deploy.

Everything a deployment chooses is read from the environment (see the README):
PostgreSQL through DATABASE_URL, a shared cache (Redis through REDIS_URL, else the
database), media on local disk or an S3-compatible bucket, SMTP email, and a
database-backed task queue worked by `manage.py db_worker`.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, DATABASES, EMAIL_BACKEND, REDIS_URL, STORAGES, env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (50+ characters), e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names (comma separated).")

# Demo accounts are never created on a production database.
DEMO_ACCOUNTS_ENABLED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload is on so check --deploy is clean; set SECURE_HSTS_PRELOAD=0 while HTTPS is still being trialled.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Keep database connections between requests (gunicorn's sync workers serve one at a time).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))

# A cache every application server shares: Redis when REDIS_URL is set (see base.py),
# else a table in the database (`manage.py createcachetable`, run by `make serve`).
if not REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_table",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        },
        # Wagtail looks up every picture's renditions in the "renditions" cache, and writes the ones
        # it found back on each render: in the database cache that is four queries per rendition per
        # page. Renditions change only when an image is replaced or its focal point moves (a new
        # key), so each process keeps them in memory, for ten minutes at most.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# Background work is queued in the database and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Static files: whitenoise serves them with compressed, content-hashed names (cached forever).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on an S3-compatible bucket when one is named (several application servers
# then share it); on local disk (MEDIA_ROOT) otherwise.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None  # the bucket's own policy decides who may read
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": "media"}}
    # Exports hold every comment and the authors' details: private objects, signed links only.
    STORAGES["exports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "exports", "default_acl": "private", "querystring_auth": True},
    }
    media_origin = f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL or "https:"
    for directive in ("img-src", "media-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive] = [
            *CONTENT_SECURITY_POLICY["DIRECTIVES"][directive],
            media_origin,
        ]

# Uploaded media are the web server's (or the bucket's) to serve; `make serve` lets Django
# serve them locally, where there is no such web server.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# Every email is queued as a task (cms/mail.py) and delivered by the worker through
# EMAIL_DELIVERY_BACKEND: SMTP when EMAIL_HOST is set, else the base settings' backend.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "cms.mail.TaskEmailBackend"
if os.environ.get("EMAIL_HOST"):
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
