"""Shared fixtures: a site tree built by factories, and the demo site from the concept note."""

import pytest

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from wagtail.models import Page, Site

from localized_pages import locales, versions

from .factories import (
    DialogueIndexPageFactory,
    HomePageFactory,
    KnowledgeProductIndexPageFactory,
    make_member,
    make_week,
)


@pytest.fixture(autouse=True)
def english_by_default():
    """Start every test in English: a request to /es/ or /fr/ leaves its language active on the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_caches():
    """Each test starts with empty caches: a rolled-back test leaves kept routes, listings and
    locales behind that name rows the next test's database does not have."""
    cache.clear()
    versions.forget_in_process()
    locales.forget()
    yield
    cache.clear()
    versions.forget_in_process()
    locales.forget()


@pytest.fixture
def home(db):
    """A HomePage as the default site's root."""
    root = Page.get_first_root_node()
    page = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": page}
    )
    return page


@pytest.fixture
def dialogue_index(home):
    return DialogueIndexPageFactory(parent=home)


@pytest.fixture
def week(dialogue_index):
    """A week open now (two questions) in a dialogue open now."""
    return make_week(dialogue_index)


@pytest.fixture
def member(db):
    """A confirmed member."""
    return make_member("amina")


@pytest.fixture
def product_index(home):
    return KnowledgeProductIndexPageFactory(parent=home)


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site, built once per test module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def sample_media(db):
    """An uploaded audio recording (the demo's generated sample tone)."""
    from django.core.files.base import ContentFile

    from wagtailmedia.models import Media

    from home.sample_recording import sample_wav

    return Media.objects.create(
        title="Sample recording", type="audio", duration=2, file=ContentFile(sample_wav(2), name="sample.wav")
    )
