"""The production stack: settings chosen by the environment, the CSP, and a clear 503 when SQLite is busy."""

import json
import os
import re
import subprocess
import sys

import pytest

from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from dialogue_pages.recordings import EMBED_HOSTS

from .test_settings import BASE_DIR, GOOD_KEY, manage

PRODUCTION = {"DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x.org"}

SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'cache': s.CACHES['default']['BACKEND'], 'tasks': s.TASKS['default']['BACKEND'],"
    "'media': s.STORAGES['default']['BACKEND'], 'exports': s.STORAGES['exports']['BACKEND'],"
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'email': s.EMAIL_BACKEND,"
    "'email_delivery': s.EMAIL_DELIVERY_BACKEND,"
    "'db': s.DATABASES['default']['ENGINE'], 'db_options': s.DATABASES['default'].get('OPTIONS', {}),"
    "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}, default=str))"
)


def production_settings(**env):
    """The production settings chosen by ``env`` alone (nothing inherited from this environment)."""
    keep = {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}
    clean = {key: value for key, value in os.environ.items() if key in keep}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_SETTINGS],
        cwd=BASE_DIR,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_share_a_database_cache_queue_tasks_and_hash_static_files():
    chosen = production_settings()
    assert chosen["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert chosen["tasks"] == "django_tasks_db.DatabaseBackend"
    assert chosen["media"] == "django.core.files.storage.FileSystemStorage"
    assert chosen["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert chosen["email"] == "cms.mail.TaskEmailBackend", "emails are queued, never sent in a request"
    assert chosen["email_delivery"] == "django.core.mail.backends.console.EmailBackend"


def test_redis_s3_smtp_and_postgresql_are_switched_on_by_the_environment():
    chosen = production_settings(
        REDIS_URL="redis://cache.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="cop-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        EMAIL_HOST="smtp.example.org",
        DATABASE_URL="postgres://cop:secret@db.internal:5432/cop",
    )
    assert chosen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert chosen["media"] == chosen["exports"] == "storages.backends.s3.S3Storage"
    assert chosen["email"] == "cms.mail.TaskEmailBackend"
    assert chosen["email_delivery"] == "django.core.mail.backends.smtp.EmailBackend"
    assert chosen["db"] == "django.db.backends.postgresql"
    assert "https://media.example.org" in chosen["img_src"]


def test_check_deploy_has_no_warnings_with_redis_and_s3_either():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        REDIS_URL="redis://127.0.0.1:6379/0",
        AWS_STORAGE_BUCKET_NAME="cop-media",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    options = production_settings()["db_options"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 5


# Content Security Policy

PAGES = [
    "/en/",
    "/en/dialogues/",
    "/en/dialogues/compendium-of-good-practices/",
    "/en/dialogues/compendium-of-good-practices/week-2/",
    "/en/dialogues/compendium-of-good-practices/webinar-english/",
    "/en/knowledge-products/compendium-of-good-practices/",
    "/en/search/?q=good+practice",
    "/en/accounts/login/",
]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_site")
@pytest.mark.parametrize("url", PAGES)
def test_public_pages_send_a_strict_csp_and_have_no_inline_script_or_style(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S):
        is_data = 'type="application/ld+json"' in attributes
        assert "src=" in attributes or is_data, f"{url} has an inline script"
        if is_data:
            json.loads(body)  # a data block, never code
    assert not re.search(r"<style\b", html), f"{url} has a <style> element"
    assert not re.search(r"\sstyle=", html), f"{url} has a style attribute"
    assert not re.search(r"\son[a-z]+=", html), f"{url} has an inline event handler"


@pytest.mark.django_db
def test_the_wagtail_admin_keeps_working_outside_the_site_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_the_policy_lets_webinar_pages_frame_their_recording_players():
    assert set(EMBED_HOSTS) <= set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"])


# A busy SQLite database


def write_while_locked(request):
    raise OperationalError("database is locked")


def a_bug(request):
    raise RuntimeError("a bug")


urlpatterns = [path("post/", write_while_locked), path("bug/", a_bug)]
handler500 = "cms.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_a_locked_database_answers_503_with_retry_after_not_a_crash():
    client = Client(raise_request_exception=False)
    response = client.post("/post/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many people are writing at once" in html
    assert "try again" in html
    other = client.get("/bug/")
    assert other.status_code == 500
    assert "Something went wrong on our side" in other.content.decode()
