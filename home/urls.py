"""The site's root: ``/`` sends visitors to their language's home page."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.language_redirect, name="language-redirect"),
]
