"""A member's own account pages, beside allauth's under /<language>/accounts/."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete"),
]
