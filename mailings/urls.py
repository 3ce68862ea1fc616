"""A member's email choices and the one-click unsubscribe links, under /<language>/emails/."""

from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("follow/<int:dialogue_id>/", views.follow_dialogue, name="follow"),
]
