"""The bare root URL: send each visitor to the site in their language."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers


@never_cache
@vary_on_headers("Accept-Language", "Cookie")
def language_redirect(request):
    """``/`` → ``/<language>/``: the member's preferred language, else the browser's, else English."""
    languages = dict(settings.LANGUAGES)
    preferred = getattr(request.user, "preferred_language", "") if request.user.is_authenticated else ""
    language = preferred if preferred in languages else get_language_from_request(request)
    if language not in languages:
        language = settings.LANGUAGE_CODE
    return redirect(f"/{language}/")
