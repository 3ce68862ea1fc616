"""A dialogue's checklist: what is still missing before it opens, each with a link to fix it.

Read from the pages as staff last saved them (their latest drafts), in the dialogue's own
language: questions for each week, panellists and a join link for each webinar, a report page,
every page published and translated into each of the site's languages, and (once a recording
is uploaded) its captions. A few queries per page of the dialogue (a dozen pages at most).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from wagtail.models import Locale, Page

from ..models import DialogueReportPage, WebinarPage, WeeklyQuestionPage
from ..models.dialogues import in_default_language


@dataclass
class Task:
    """One thing to check: done or not, and where to fix it."""

    label: str
    done: bool
    fix_url: str = ""
    fix_label: str = ""
    details: list = field(default_factory=list)  # (what is missing, url) pairs


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(parent, model):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def latest(pages):
    """Each page as staff last saved it: its latest draft where it has unpublished changes."""
    return [page.get_latest_revision_as_object() if page.has_unpublished_changes else page for page in pages]


def checklist(dialogue, now=None):
    """The dialogue's tasks before it opens, in the order staff usually do them."""
    now = now or timezone.now()
    dialogue = in_default_language(dialogue).specific
    children = latest(dialogue.get_children().specific().order_by("path"))
    weeks = sorted((page for page in children if isinstance(page, WeeklyQuestionPage)), key=lambda w: w.week_number)
    webinars = [page for page in children if isinstance(page, WebinarPage)]
    report = next((page for page in children if isinstance(page, DialogueReportPage)), None)
    tasks = [
        Task(
            _("The dialogue has its weeks"),
            bool(weeks),
            add_url(dialogue, WeeklyQuestionPage),
            _("Add a week"),
        ),
        Task(
            _("Every week has its questions"),
            bool(weeks) and all(len(week.questions) for week in weeks),
            details=[
                (_("Week %(number)s has no question") % {"number": week.week_number}, edit_url(week))
                for week in weeks
                if not len(week.questions)
            ],
        ),
        Task(
            _("Every week falls within the dialogue’s dates"),
            all(dialogue.start_at <= week.opens_at and week.closes_at <= dialogue.end_at for week in weeks),
            details=[
                (_("Week %(number)s is outside the dialogue’s dates") % {"number": week.week_number}, edit_url(week))
                for week in weeks
                if not (dialogue.start_at <= week.opens_at and week.closes_at <= dialogue.end_at)
            ],
        ),
        webinar_task(
            _("Every webinar has its panellists"),
            webinars,
            lambda webinar: webinar.panellists.exists(),
            _("%(title)s has no panellist"),
        ),
        webinar_task(
            _("Every webinar still to come has its join link"),
            [webinar for webinar in webinars if webinar.ends_at > now],
            lambda webinar: bool(webinar.join_url),
            _("%(title)s has no join link"),
        ),
        webinar_task(
            _("Every uploaded recording has its captions"),
            [webinar for webinar in webinars if webinar.recording_media_id],
            lambda webinar: webinar.captions.exists(),
            _("%(title)s has a recording without captions"),
        ),
        Task(
            _("The dialogue has a report page"),
            report is not None,
            edit_url(report) if report else reverse("dialogue_planning:draft_report", args=[dialogue.pk]),
            _("Edit the report") if report else _("Draft the report"),
        ),
        publishing_task(dialogue, children),
        translation_task(dialogue, children),
    ]
    return tasks


def webinar_task(label, webinars, is_ready, missing):
    details = [
        (missing % {"title": webinar.title}, edit_url(webinar)) for webinar in webinars if not is_ready(webinar)
    ]
    return Task(label, not details, details=details)


def publishing_task(dialogue, children):
    pages = [dialogue, *children]
    details = [
        (_("%(title)s is not published") % {"title": page.title}, edit_url(page)) for page in pages if not page.live
    ]
    return Task(_("Every page is published"), not details, details=details)


def translation_task(dialogue, children):
    """Each page's translation into each of the site's other languages: published, not an alias."""
    pages = [dialogue, *children]
    locales = Locale.objects.exclude(pk=dialogue.locale_id).filter(
        language_code__in=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    )
    translations = {
        (row["translation_key"], row["locale_id"]): row
        for row in Page.objects.filter(translation_key__in=[page.translation_key for page in pages])
        .exclude(locale_id=dialogue.locale_id)
        .values("pk", "translation_key", "locale_id", "live", "alias_of_id", "title")
    }
    details = []
    for locale in locales:
        language = get_language_info(locale.language_code)["name_translated"]
        for page in pages:
            translation = translations.get((page.translation_key, locale.pk))
            if translation is None or translation["alias_of_id"]:
                details.append(
                    (
                        _("%(title)s is not translated into %(language)s")
                        % {"title": page.title, "language": language},
                        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
                    )
                )
            elif not translation["live"]:
                details.append(
                    (
                        _("%(title)s in %(language)s is a draft") % {"title": page.title, "language": language},
                        reverse("wagtailadmin_pages:edit", args=[translation["pk"]]),
                    )
                )
    return Task(_("Every page is translated and published in every language"), not details, details=details)
