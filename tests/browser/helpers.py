"""Content the browser journeys build for themselves on top of the demo site."""

from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.test import Client
from django.utils import timezone

from dialogue_pages.models import DialogueIndexPage
from tests.factories import DialoguePageFactory, WeeklyQuestionPageFactory


def path_of(wagtail_page):
    """The page's URL path on the live server (its URLs name the demo site's host)."""
    return urlparse(wagtail_page.get_full_url()).path


def open_week(dialogue_title, week_title, questions, **dialogue_fields):
    """A dialogue open now, with a week open now, under the demo's English dialogue index."""
    now = timezone.now()
    dialogue = DialoguePageFactory(
        parent=DialogueIndexPage.objects.get(locale__language_code="en"),
        title=dialogue_title,
        start_at=now - timedelta(days=1),
        end_at=now + timedelta(days=10),
        **dialogue_fields,
    )
    week = WeeklyQuestionPageFactory(
        parent=dialogue,
        title=week_title,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
        questions=[("question", {"question": question, "note": ""}) for question in questions],
    )
    return dialogue, week


def sign_in_as(page, user, base_url):
    """Give the browser ``user``'s session, as if they had logged in (the login form has its own journey)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
