"""The site's URLs plus, for comparison, a week's whole thread rendered by django-comments-xtd's stock tags."""

from django.http import Http404
from django.shortcuts import render
from django.urls import include, path

from cms.urls import handler500  # noqa: F401 - the 503 page when SQLite is busy
from cms.urls import urlpatterns as site_urlpatterns
from dialogue_pages.models import WeeklyQuestionPage


def stock_thread(request, week_id):
    """The thread as django-comments-xtd renders it out of the box: every comment, no pagination."""
    week = WeeklyQuestionPage.objects.filter(pk=week_id).first()
    if week is None:
        raise Http404
    return render(request, "bench/stock_thread.html", {"object": week.thread_page})


urlpatterns = [
    path("bench/stock-thread/<int:week_id>/", stock_thread),
    path("bench/comments/", include("django_comments_xtd.urls")),
    *site_urlpatterns,
]
