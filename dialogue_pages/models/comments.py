"""The discussion on weekly questions: django-comments-xtd's threaded comment, extended."""

from django_comments_xtd.models import XtdComment

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search import index

from localized_pages.listings import public, show_in_language
from localized_pages.locales import active_locale

from ..comment_text import render_comment_text


class CommentState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Awaiting approval")
    HIDDEN = "hidden", _("Hidden by a moderator")
    DELETED = "deleted", _("Deleted by its author")


class DialogueComment(index.Indexed, XtdComment):
    """A member's comment on a week's questions.

    Comments are attached to the week's page in the default language, so every
    translation of the week shows the same thread. ``is_public`` is False while a
    comment awaits approval; ``is_removed`` is True once a moderator hides it (or its
    author deletes it), and the thread keeps its place with a notice.
    """

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    question_id = models.CharField(
        _("question"),
        max_length=64,
        blank=True,
        help_text=_("The id of the week's question this comment answers, if any."),
    )
    highlighted = models.BooleanField(_("moderator's pick"), default=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_by_author = models.BooleanField(_("deleted by its author"), default=False)
    moderation_reason = models.TextField(_("reason for hiding"), blank=True)
    # ``comment`` as safe HTML (escaped, links made clickable, cleaned by nh3), rendered once
    # whenever the text is saved, so that showing a thread never renders comment text.
    comment_html = models.TextField(_("comment as HTML"), blank=True, editable=False)

    # The public site search (see search/sources.py for this protocol). Only visible
    # comments are indexed, and the search applies get_indexed_objects() at query time too.
    search_fields = [
        index.SearchField("comment"),
        index.FilterField("is_public"),
        index.FilterField("is_removed"),
        index.FilterField("language"),
        index.FilterField("submit_date"),
        index.FilterField("object_pk"),
    ]
    search_public = True
    search_type_label = _("Comment")
    search_language_field = "language"
    search_date_field = "submit_date"
    search_page_field = "object_pk"
    search_rank_boost = 0.5
    # Sent on commit after every change: posting, moderation, edits, likes, anonymisation.
    search_changed_signal = "dialogue_pages.signals.comments_changed"
    search_changed_ids_argument = "comment_ids"

    class Meta:
        verbose_name = _("dialogue comment")
        verbose_name_plural = _("dialogue comments")
        permissions = [("moderate_dialoguecomment", _("Can moderate dialogue comments"))]

    def save(self, *args, **kwargs):
        """Render the text to safe HTML on every save that may change it (posting, edits)."""
        self.comment_html = render_comment_text(self.comment)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "comment" in update_fields:
            kwargs["update_fields"] = {*update_fields, "comment_html"}
        super().save(*args, **kwargs)

    @classmethod
    def published(cls):
        """The comments neither awaiting approval nor hidden (nor deleted by their authors)."""
        return cls.objects.filter(is_public=True, is_removed=False).select_related("user")

    @classmethod
    def get_indexed_objects(cls):
        """The comments readers can see: published, on a live, public page."""
        visible_pages = Page.objects.live().public().annotate(pk_text=Cast("pk", models.CharField())).values("pk_text")
        return cls.published().filter(object_pk__in=visible_pages)

    @classmethod
    def visible_among(cls, pks):
        """``get_indexed_objects().filter(pk__in=pks)`` for a few comments (search results, an index
        update), as a list: their own pages are checked, by id, instead of every page of the site."""
        comments = list(cls.published().filter(pk__in=pks))
        page_ids = {int(comment.object_pk) for comment in comments if comment.object_pk.isdigit()}
        visible = set(public(Page.objects.live().filter(pk__in=page_ids)).values_list("pk", flat=True))
        return [comment for comment in comments if comment.object_pk.isdigit() and int(comment.object_pk) in visible]

    def search_result_title(self):
        """“Ana on “Week 1””, as search results list it: the author's public name, never from their email."""
        author = self.user.public_name if self.user else _("A former member")
        return _("%(author)s on “%(page)s”") % {"author": author, "page": self.thread_title}

    @property
    def author_public_name(self):
        """The author's public name (never their email address), '' once the account is gone."""
        return str(self.user.public_name) if self.user_id and self.user else ""

    @property
    def thread_title(self):
        page = self.readers_page
        return page.title if page else ""

    @cached_property
    def readers_page(self):
        """The week's page in the reader's language where it is translated, else in its own
        (linked under the reader's language prefix)."""
        page = self.content_object
        if page is None:
            return None
        locale = active_locale()
        translation = page.get_translation_or_none(locale)
        if translation is not None and translation.live and not translation.alias_of_id:
            return translation.specific
        return show_in_language([page.specific], locale)[0]

    def search_result_url(self, request):
        """The comment's own link, which lands on the page of its thread that shows it, in the
        reader's language when the week is translated (see ``discussion.views.comment_link``)."""
        if self.content_object is None:
            return ""
        return f"{reverse('discussion-comment', args=[self.pk])}#c{self.pk}"

    @property
    def state(self):
        if self.is_removed:
            return CommentState.DELETED if self.deleted_by_author else CommentState.HIDDEN
        if not self.is_public:
            return CommentState.PENDING
        return CommentState.PUBLISHED


class ModerationEvent(models.Model):
    """Who did what to a comment and when: nothing in a discussion changes silently."""

    class Action(models.TextChoices):
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")
        RESTORED = "restored", _("Restored")
        HIGHLIGHTED = "highlighted", _("Marked as moderator's pick")
        UNHIGHLIGHTED = "unhighlighted", _("Unmarked as moderator's pick")
        FLAGGED = "flagged", _("Reported by a member")
        EDITED = "edited", _("Edited by its author")
        DELETED = "deleted", _("Deleted by its author")

    comment = models.ForeignKey(
        DialogueComment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="moderation_events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} #{self.comment_id}"
