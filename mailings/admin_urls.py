"""Announcements in the admin, under /admin/announcements/ (namespace ``mailings_admin``)."""

from django.urls import path
from django.views.decorators.cache import never_cache

from . import admin_views

app_name = "mailings_admin"

urlpatterns = [
    path("dialogue/<int:dialogue_id>/", never_cache(admin_views.AnnouncementListView.as_view()), name="list"),
    path("dialogue/<int:dialogue_id>/new/", never_cache(admin_views.AnnouncementFormView.as_view()), name="new"),
    path("<int:pk>/", never_cache(admin_views.AnnouncementDetailView.as_view()), name="detail"),
    path("<int:pk>/edit/", never_cache(admin_views.AnnouncementFormView.as_view()), name="edit"),
    path("<int:pk>/test/", admin_views.send_test, name="test"),
    path("<int:pk>/send/", admin_views.send, name="send"),
    path("<int:pk>/resume/", admin_views.resume, name="resume"),
]
