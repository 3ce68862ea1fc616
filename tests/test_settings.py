"""Settings read the environment; production refuses to start insecurely and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_KEY = "k7#Qv2!pL9x@Rm4^Zt8&Wc1*Yb6%Hn3(Jd5)Fs0_Ga-e1Vr+Tq8~Uw2"


def manage(*args, **env):
    """Run manage.py in a fresh interpreter with ``env`` on top of a clean environment."""
    base_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    for key in ["", "short", "django-insecure-" + "a" * 60]:
        result = manage("check", DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=key, ALLOWED_HOSTS="x")
        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="dialogues.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_switches_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL="postgres://user:secret@db.example.org:5432/cop",
    )
    assert result.stdout.strip().endswith("django.db.backends.postgresql"), result.stderr


@pytest.mark.parametrize("module", ["dialogue_pages", "knowledge_products", "search"])
def test_reusable_apps_never_import_the_project_or_home(module):
    for source in (BASE_DIR / module).rglob("*.py"):
        text = source.read_text()
        for forbidden in ("from cms", "import cms", "from home", "import home"):
            assert forbidden not in text, f"{source} imports {forbidden.split()[-1]}"
