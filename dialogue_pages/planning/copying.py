"""A new dialogue from an earlier one: its structure copied as drafts, its dates moved to a new start.

Everything goes through Wagtail's copy machinery (``Page.copy``, i.e. ``CopyPageAction``) and
wagtail-localize's ``TranslationCreator`` (which uses ``copy_for_translation``): the new pages
are drafts with their history ("copied from"), their translations drafts to translate in
wagtail-localize's editor, and the user's page permissions are checked on each copy.

**Dates.** Every date moves by the same number of days, the days from the earlier dialogue's
first day to the chosen one, *as read on a wall clock*: a week that opened at midnight still
opens at midnight, in the site's time zone; a webinar at 09:00 in New York is still at 09:00 in
New York, in the first time zone staff gave it, even when daylight saving time began or ended
in between (its UTC time then moves by an hour).
"""

import contextlib
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation
from wagtail_localize.operations import TranslationCreator

from ..models import DialoguePage, DialogueReportPage, WebinarPage, WeeklyQuestionPage
from ..models.dialogues import in_default_language

# What a new dialogue does not take from the earlier one: what belongs to the event that took
# place (join links, recordings, captions, chapters, documents, panellists) and the report's text.
WEBINAR_FIELDS_LEFT_BEHIND = [
    "join_url",
    "live_stream_url",
    "recording_url",
    "recording_media",
    "recording_poster",
    "transcript",
    "slides",
    "panellists",
    "captions",
    "chapters",
    "documents",
]
REPORT_FIELDS_LEFT_BEHIND = ["summary", "body", "report_document"]


def shift_moment(moment, days, zone):
    """``moment`` moved by ``days`` days on the wall clock of ``zone`` (a ``ZoneInfo``).

    09:00 EDT on 6 September moved by 100 days is 09:00 EST on 15 December: the same
    local time, one hour later in UTC. A local time that does not exist on the new date (in
    the hour skipped when clocks go forward) is read as the standard time before the change.
    """
    local = timezone.localtime(moment, zone).replace(tzinfo=None) + timedelta(days=days)
    return timezone.make_aware(local, zone).astimezone(zoneinfo.ZoneInfo("UTC"))


def webinar_zone(webinar):
    """The zone a webinar's time was set in: the first of its time zones, else the site's."""
    for link in webinar.time_zones.all():
        if link.time_zone in zoneinfo.available_timezones():
            return zoneinfo.ZoneInfo(link.time_zone)
    return timezone.get_default_timezone()


def days_between(source, start_date):
    """The days from the earlier dialogue's first day (in the site's zone) to ``start_date``."""
    first_day = timezone.localtime(source.start_at, timezone.get_default_timezone()).date()
    return (start_date - first_day).days


def next_number(index):
    """The number after the highest of the dialogues under ``index`` (1 for the first)."""
    highest = DialoguePage.objects.child_of(index).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


@dataclass
class DialoguePlan:
    """What staff chose for the new dialogue."""

    source: DialoguePage
    start_date: object  # a date
    title: str
    slug: str
    number: int


def shifted_week_attrs(week, days, zone):
    return {"opens_at": shift_moment(week.opens_at, days, zone), "closes_at": shift_moment(week.closes_at, days, zone)}


@transaction.atomic
def copy_dialogue(plan, user):
    """Copy ``plan.source``'s structure under its dialogue index as drafts; return the new dialogue.

    Weeks keep their questions, webinars their time zones, language, duration and moderators,
    the dialogue its concept note and moderators, the report its title; every date moves to the
    new start (see the module's docstring). Comments and audience questions stay with the
    earlier dialogue. Translations of the earlier dialogue's languages follow as drafts.
    Raises Wagtail's ``CopyPagePermissionError`` if ``user`` may not add pages there.
    """
    source = in_default_language(plan.source).specific
    index = source.get_parent()
    site_zone = timezone.get_default_timezone()
    days = days_between(source, plan.start_date)
    dialogue = source.copy(
        to=index,
        update_attrs={
            "title": plan.title,
            "draft_title": plan.title,
            "slug": plan.slug,
            "number": plan.number,
            "start_at": shift_moment(source.start_at, days, site_zone),
            "end_at": shift_moment(source.end_at, days, site_zone),
        },
        keep_live=False,
        copy_revisions=False,
        user=user,
    )
    copies = [(source, dialogue)]
    for child in source.get_children().specific().order_by("path"):
        if isinstance(child, WeeklyQuestionPage):
            attrs, left_behind = shifted_week_attrs(child, days, site_zone), []
        elif isinstance(child, WebinarPage):
            attrs = {"starts_at": shift_moment(child.starts_at, days, webinar_zone(child))}
            left_behind = WEBINAR_FIELDS_LEFT_BEHIND
        elif isinstance(child, DialogueReportPage):
            attrs, left_behind = {}, REPORT_FIELDS_LEFT_BEHIND
        else:
            continue
        copy = child.copy(
            to=dialogue,
            update_attrs=attrs,
            exclude_fields=left_behind,
            keep_live=False,
            copy_revisions=False,
            user=user,
        )
        copies.append((child, copy))
    translate_like(source, copies, user)
    return dialogue


def translate_like(source, copies, user):
    """Start the new pages' translations in every language the earlier dialogue was translated
    into (aliases do not count), as drafts to translate in wagtail-localize's editor.

    ``copies`` pairs each earlier page with its copy. What translators wrote for the earlier
    pages is offered again wherever the copy has the same text in the same place (a question
    kept, the concept note's paragraphs): only new or changed text is left to translate.
    """
    locales = list(
        Locale.objects.filter(
            pk__in=source.get_translations().filter(alias_of__isnull=True).values("locale_id")
        ).exclude(pk=source.locale_id)
    )
    if not locales:
        return
    creator = TranslationCreator(user, locales)
    for _earlier, copy in copies:  # the dialogue first: its translations are its children's parents
        creator.create_translations(copy)
    started = {source.object_id: translations for source, translations in creator.mappings.items()}
    for earlier, copy in copies:
        for translation in started.get(copy.translation_key, []):
            if reuse_translations(earlier, translation, user):
                with contextlib.suppress(ValidationError):
                    translation.save_target(user=user, publish=False)


def reuse_translations(earlier, translation, user):
    """Give ``translation``'s segments the text translators wrote for the same source text in the
    same place of ``earlier`` (wagtail-localize keys a translation by string, locale and place);
    return how many were reused."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("context")
    known = {
        (row["translation_of_id"], row["context__path"]): row
        for row in StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__object_id=earlier.translation_key,
            translation_of_id__in=[segment.string_id for segment in segments],
            has_error=False,
        ).values("translation_of_id", "context__path", "data", "translation_type", "tool_name")
    }
    reused = 0
    for segment in segments:
        row = known.get((segment.string_id, segment.context.path))
        if row is None:
            continue
        _string_translation, created = StringTranslation.objects.get_or_create(
            translation_of_id=segment.string_id,
            locale=translation.target_locale,
            context=segment.context,
            defaults={
                "data": row["data"],
                "translation_type": row["translation_type"],
                "tool_name": row["tool_name"],
                "last_translated_by": user,
            },
        )
        reused += created
    return reused
