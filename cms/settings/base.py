"""Settings shared by every environment.

Everything that differs between machines is read from the environment, so the same
code runs on a laptop (SQLite, console email) and in production (PostgreSQL, SMTP,
Elasticsearch) without edits.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before dialogue_pages, whose ready() adjusts django-comments-xtd's signal receivers.
    "django_comments_xtd",
    "django_comments",
    "members",
    "home",
    "knowledge_products",
    "dialogue_pages",
    "localized_pages",
    "search",
    "mailings",
    "allauth",
    "django_countries",
    "allauth.account",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.sites",
    # Background work: django-tasks (which Wagtail uses) with its database-backed queue.
    "django_tasks",
    "django_tasks_db",
    # The project itself: the anonymous page cache and its purge receivers.
    "cms.apps.CmsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the session, CSRF and messages middleware, so it sees every cookie they set.
    "cms.page_cache.UpdatePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it needs request.user and the messages, and answers before Wagtail routes the page.
    "cms.page_cache.FetchPageCacheMiddleware",
    # Hands Wagtail the route it found for this address before (no tree walk per request).
    "cms.route_cache.RouteCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise
# (e.g. postgres://user:password@host:5432/name in production and CI).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let readers and one writer work side by side. A writer that
    # waits longer than the timeout gets "database is locked": the visitor sees templates/503.html.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source language; Spanish and French are
# translated with wagtail-localize. Every public URL carries its language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Starting a translation never puts the original's text live at another language's address:
# new translations are drafts until a translator publishes them (see localized_pages).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation in wagtail-localize's editor, when a DeepL key is configured
# (dev and test settings use wagtail-localize's dummy translator instead).
if os.environ.get("WAGTAIL_LOCALIZE_DEEPL_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["WAGTAIL_LOCALIZE_DEEPL_KEY"]},
    }
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cms.formats"]
USE_I18N = True
USE_TZ = True
# Dates are stored in UTC; each page shows them in the zones staff choose.
TIME_ZONE = "UTC"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Discussion exports prepared in the background: never under MEDIA_ROOT, which the web server publishes.
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(os.environ.get("EXPORTS_ROOT", BASE_DIR / "exports"))},
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where cms.mail.TaskEmailBackend (production's EMAIL_BACKEND) hands its queued messages.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Cache: Redis when REDIS_URL is set (shared by every application server), else this
# process's memory (one process: runserver). Production falls back to the database cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cop"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous page cache (cms/page_cache.py): whole pages for visitors who are not logged
# in, purged when a page is published, moved or deleted, or a comment on it changes.
# A page may shorten its lifetime with anonymous_cache_seconds(request) (0: never cache).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Background work (notification emails, large exports) goes through django-tasks: run
# at once in the request here; production queues it in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
# Discussions with more comments than this are exported by a background task, not in the request.
DISCUSSION_EXPORT_INLINE_LIMIT = int(os.environ.get("DISCUSSION_EXPORT_INLINE_LIMIT", "2000"))

# Content Security Policy (django-csp): the public pages load only their own stylesheet,
# scripts and images; no inline script or style. The Wagtail admin (inline scripts and
# styles of its own) is left to Wagtail.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The recording players a webinar page may frame (dialogue_pages.recordings.EMBED_HOSTS).
        "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Community of Practice: Virtual Dialogues"
# The address visitors use. `manage.py set_site_url` (run by `make run` and `make serve`) writes it
# into Wagtail's default Site, which makes every absolute link (sitemap, og:url, .ics, emails).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "vtt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Wagtail's database backend (SQLite FTS5 or PostgreSQL), subclassed by search/ so that every
# object is stemmed in its own language and accents do not matter.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.engines.languages",
    }
}
if os.environ.get("ELASTICSEARCH_URL"):
    # Scale-out search: Wagtail's Elasticsearch 8 backend, extended by search/ with shared
    # fields and per-language analysers that it queries with elasticsearch-dsl for
    # facets and highlighting. Build the index with `manage.py rebuild_search_index`.
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "search.engines.elasticsearch",
        "URLS": [os.environ["ELASTICSEARCH_URL"]],
        "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "cop_"),
        "TIMEOUT": 10,
        "AUTO_UPDATE": True,
    }

WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SITE_ID = 1

# Accounts (django-allauth): members sign in with their email address and must
# confirm it before they can take part.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Members sign in with their email address or their username (the demo accounts have both).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_FORMS = {"login": "members.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Optionally, the country and kind of organisation (counted in participation figures, staff only).
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
ACCOUNT_USER_DISPLAY = "members.models.public_name"
# Writes each account email in the member's language and keeps the reader's language
# prefix on every redirect (LOGIN_REDIRECT_URL is only the fallback of other apps).
ACCOUNT_ADAPTER = "members.adapter.MemberAccountAdapter"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Discussion (django-comments-xtd with our comment model and form).
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "dialogue_pages.models.DialogueComment"
COMMENTS_XTD_FORM_CLASS = "dialogue_pages.discussion.forms.DialogueCommentForm"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # a comment, a reply, a reply to the reply
COMMENTS_XTD_CONFIRM_EMAIL = False  # only confirmed members post; no anonymous confirmations
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {"who_can_post": "users", "allow_flagging": True, "allow_feedback": True, "show_feedback": True}
}
# Sent in the request; a thread per email is no place for a web worker's mail.
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
# django-contrib-comments bakes this into its model; 3000 is its default, so no migration drifts.
COMMENT_MAX_LENGTH = 3000
# How many comments a member may post in DISCUSSION_RATE_WINDOW seconds.
DISCUSSION_RATE_LIMIT = int(os.environ.get("DISCUSSION_RATE_LIMIT", "5"))
DISCUSSION_RATE_WINDOW = int(os.environ.get("DISCUSSION_RATE_WINDOW", "600"))
# How long (seconds) authors may edit or delete their own comment.
DISCUSSION_EDIT_WINDOW = int(os.environ.get("DISCUSSION_EDIT_WINDOW", str(30 * 60)))
DISCUSSION_THREADS_PER_PAGE = 20

# Webinars (dialogue_pages.webinars.audience): when confirmed members see the join link and the live
# stream, when they may send questions to the panel, how many, and how often a live page's
# list of questions refreshes itself (also how long visitors' cached copy of a live page lasts).
WEBINAR_JOIN_LINK_OPENS_MINUTES = int(os.environ.get("WEBINAR_JOIN_LINK_OPENS_MINUTES", "30"))
WEBINAR_QUESTIONS_OPEN_MINUTES = int(os.environ.get("WEBINAR_QUESTIONS_OPEN_MINUTES", str(24 * 60)))
WEBINAR_QUESTION_RATE_LIMIT = int(os.environ.get("WEBINAR_QUESTION_RATE_LIMIT", "5"))
WEBINAR_QUESTION_RATE_WINDOW = int(os.environ.get("WEBINAR_QUESTION_RATE_WINDOW", "600"))
WEBINAR_LIVE_REFRESH_SECONDS = int(os.environ.get("WEBINAR_LIVE_REFRESH_SECONDS", "20"))

# The read-only public pages API (cms/api.py): JSON for anonymous readers, no sessions.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Search pages, answers and suggestions kept for anonymous readers (search/cache.py): each is
# retired at once when the searchable content changes; this bounds what no version tracks.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300"))
