"""How allauth speaks to a member: in their language, under their language's URLs.

``MemberAccountAdapter`` is allauth's ``ACCOUNT_ADAPTER``. It records the language a
member signs up in (as their preferred language, which they may change on their
profile), writes every account email in the recipient's language, and sends readers
back to the home page of the language they came from after logging in or out,
signing up or confirming their address.
"""

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SITE_NAME = _("Community of Practice")
"""The site's name as members read it: the same words as the site's header, in their language."""


class TranslatedSite:
    """The current site as email templates see it (``current_site``), with the name in the active language."""

    def __init__(self, site):
        self.domain = site.domain

    @property
    def name(self):
        return str(SITE_NAME)

    def __str__(self):
        return self.name


def supported_language(code):
    """``code`` if the site is offered in it, else None."""
    return code if code in dict(settings.LANGUAGES) else None


def request_language():
    """The language of the page being served (its URL prefix), else the site's default."""
    return supported_language(translation.get_language()) or settings.LANGUAGE_CODE


def language_of(user):
    """The language to write to ``user`` in: their preferred language (the one they signed up in
    unless they changed it on their profile), else the language of the current request."""
    return supported_language(getattr(user, "preferred_language", None)) or request_language()


def home_url():
    """The home page in the active language: ``/es/`` for a reader who came from ``/es/…``."""
    try:
        return reverse("wagtail_serve", args=[""])
    except NoReverseMatch:  # pragma: no cover - Wagtail's URLs are always installed here
        return "/"


class MemberAccountAdapter(DefaultAccountAdapter):
    """allauth's account adapter, speaking each member's language."""

    def save_user(self, request, user, form, commit=True):
        """Remember the language the member signs up in as their preferred language."""
        user.preferred_language = request_language()
        return super().save_user(request, user, form, commit=commit)

    def recipient_of(self, email, context):
        """The account an email goes to, if there is one (a password reset may name an unknown address)."""
        user = context.get("user")
        if isinstance(user, get_user_model()):
            return user
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        if address is not None:
            return address.user
        return get_user_model().objects.filter(email__iexact=email).first()

    def send_mail(self, template_prefix, email, context):
        """Write the email in the recipient's language, its links under that language's prefix."""
        language = language_of(self.recipient_of(email, context))
        # Links were built under the request's language; translate_url resolves them under it too.
        context = {
            key: translate_url(value, language) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        with translation.override(language):
            context["current_site"] = TranslatedSite(context.get("current_site") or get_current_site(self.request))
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject):
        """“[Comunidad de Práctica] …”: the subject's prefix is the site's name in the email's language."""
        prefix = app_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{SITE_NAME}] "
        return f"{prefix}{subject}"

    def get_login_redirect_url(self, request):
        """The home page of the reader's language (a safe ``next`` still wins: allauth checks it first)."""
        return home_url()

    def get_logout_redirect_url(self, request):
        """The home page of the language the reader signed out from."""
        return home_url()

    def get_signup_redirect_url(self, request):
        """The home page of the language the member signed up in."""
        return home_url()

    def get_email_verification_redirect_url(self, email_address):
        """After confirming: the member's home page, or the login page, both in the active language."""
        if self.request.user.is_authenticated:
            return self.get_login_redirect_url(self.request)
        return reverse("account_login")
