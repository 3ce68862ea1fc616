"""A dialogue's whole discussion as data (CSV, JSON) and as a document (Markdown), with its figures.

Moderators export a dialogue to write its synthesis report and to keep a record, so
an export holds every comment in every state; the Markdown document shows hidden
comments only as a notice. Whatever the number of comments, an export costs the
same few queries: the weeks, then one query for the comments with everything a row
needs (author, like and report counts, the question of the thread).

A discussion larger than ``DISCUSSION_EXPORT_INLINE_LIMIT`` comments is exported by a
background task (``tasks.prepare_discussion_export``) into the private ``exports``
storage, from which moderators download it.
"""

import csv
import json
import re
import secrets
from collections import defaultdict
from datetime import UTC

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Locale

from ..models import CommentState, DialogueComment, DialoguePage, WeeklyQuestionPage
from .moderation import display_name, with_discussion_counts

COLUMNS = [
    "id",
    "week",
    "question",
    "thread_id",
    "level",
    "position",
    "parent_id",
    "author",
    "organisation",
    "language",
    "submitted",
    "reactions",
    "flags",
    "state",
    "highlighted",
    "text",
]

# Spreadsheet programs run a cell that starts with one of these as a formula; members wrote these texts.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def iso_utc(moment):
    """``2016-08-30T12:00:00Z``: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class DialogueDiscussion:
    """Every comment on the weeks of one dialogue, as export rows and participation figures.

    Comments are attached to each week's page in the default language, so a
    translated dialogue is exported through its default-language version.
    """

    def __init__(self, dialogue):
        default_locale = Locale.get_default()
        if dialogue.locale_id != default_locale.pk:
            dialogue = dialogue.get_translation_or_none(default_locale) or dialogue
        self.dialogue = dialogue

    @cached_property
    def weeks(self):
        """Every week of the dialogue (drafts too: their comments are part of the record), in order."""
        return list(
            WeeklyQuestionPage.objects.child_of(self.dialogue)
            .filter(locale_id=self.dialogue.locale_id)
            .order_by("week_number", "opens_at", "pk")
        )

    @cached_property
    def questions(self):
        """``{week pk: {question block id: question text}}``, in the order of each week's questions."""
        return {week.pk: {block.id: block.value["question"] for block in week.questions} for week in self.weeks}

    def comments(self):
        """All the dialogue's comments, in every state, week by week and thread by thread."""
        if not self.weeks:
            return DialogueComment.objects.none()
        week_order = Case(
            *[When(object_pk=str(week.pk), then=Value(position)) for position, week in enumerate(self.weeks)],
            output_field=IntegerField(),
        )
        comments = DialogueComment.objects.filter(
            content_type=ContentType.objects.get_for_model(WeeklyQuestionPage),
            object_pk__in=[str(week.pk) for week in self.weeks],
        )
        return (
            with_discussion_counts(comments)
            .select_related(None)
            .select_related("user")
            .annotate(
                week_position=week_order,
                thread_question_id=Subquery(
                    DialogueComment.objects.filter(pk=OuterRef("thread_id")).values("question_id")[:1]
                ),
            )
            .order_by("week_position", "thread_id", "order")
        )

    def question_id_of(self, comment):
        """The question a comment answers: its own, else its thread's (replies follow their thread)."""
        return comment.question_id or comment.thread_question_id or ""

    def entries(self):
        """``(comment, week, row)`` for every comment, streamed from the database in chunks."""
        weeks = {str(week.pk): week for week in self.weeks}
        for comment in self.comments().iterator(chunk_size=500):
            week = weeks[comment.object_pk]
            question = self.questions[week.pk].get(self.question_id_of(comment), "")
            user = comment.user
            row = {
                "id": comment.pk,
                "week": week.week_number,
                "question": question,
                "thread_id": comment.thread_id,
                "level": comment.level,
                "position": comment.order,
                # django-comments-xtd makes a top-level comment its own parent; an export says "none".
                "parent_id": None if comment.parent_id == comment.pk else comment.parent_id,
                "author": display_name(user) if user else _("former member"),
                "organisation": getattr(user, "organisation", "") if user else "",
                "language": comment.language,
                "submitted": iso_utc(comment.submit_date),
                "reactions": comment.like_count,
                "flags": comment.report_count,
                "state": str(comment.state.value),
                "highlighted": comment.highlighted,
                "text": comment.comment,
            }
            yield comment, week, row

    def rows(self):
        for _comment, _week, row in self.entries():
            yield row

    def participation(self, entries=None):
        """Who took part, where and in which language, counted over visible comments in the
        database (``participation.Participation``); ``entries`` is accepted for older callers
        and not needed."""
        from .participation import Participation

        return Participation(self).figures()

    # Files

    @property
    def filename_stem(self):
        prefix = f"dialogue-{self.dialogue.number}-" if self.dialogue.number else ""
        return f"{prefix}{self.dialogue.slug}-discussion"

    def csv_lines(self):
        """The CSV file line by line, for a streaming response (UTF-8 with a BOM, so spreadsheets read accents)."""
        buffer = _LineBuffer()
        writer = csv.writer(buffer)
        yield "\ufeff" + writer.writerow(COLUMNS)
        for row in self.rows():
            yield writer.writerow([_csv_cell(row[column]) for column in COLUMNS])

    def as_json(self):
        """The dialogue, its participation figures and every comment, as one JSON document."""
        entries = list(self.entries())
        dialogue = self.dialogue
        document = {
            "dialogue": {
                "id": dialogue.pk,
                "number": dialogue.number,
                "title": dialogue.title,
                "start_at": iso_utc(dialogue.start_at),
                "end_at": iso_utc(dialogue.end_at),
            },
            "columns": COLUMNS,
            "participation": self.participation(),
            "comments": [row for _comment, _week, row in entries],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def as_markdown(self):
        """A readable record: week by week, question by question, threads indented by level.

        Threads sit under the question their first comment answers; threads that
        answer no question (or one since removed from the week) come under
        "General". Hidden and deleted comments keep their place as a notice.
        """
        threads = defaultdict(lambda: defaultdict(list))
        for comment, week, row in self.entries():
            root_question = comment.thread_question_id if comment.level else comment.question_id
            if root_question not in self.questions[week.pk]:
                root_question = ""
            threads[week.pk][root_question].append((comment, row))

        dialogue = self.dialogue
        lines = [f"# {_escape(strip_tags(dialogue.number_label))}: {_escape(dialogue.title)}", ""]
        lines += [dialogue.date_range_label, ""]
        for week in self.weeks:
            week_label = _("Week %(number)s") % {"number": week.week_number}
            lines += [f"## {_escape(week_label)}: {_escape(week.title)}", ""]
            sections = [(block_id, text) for block_id, text in self.questions[week.pk].items()]
            sections.append(("", _("General")))
            for block_id, heading in sections:
                comments = threads[week.pk].get(block_id, [])
                if not comments and block_id == "":
                    continue
                lines += [f"### {_escape(heading)}", ""]
                if not comments:
                    no_comments = _("No comments.")
                    lines += [f"*{no_comments}*", ""]
                for comment, row in comments:
                    lines += _markdown_comment(comment, row)
        return "\n".join(lines).rstrip("\n") + "\n"


FORMATS = ("csv", "json", "md")


def export_text(discussion, file_format):
    """The whole export file as text."""
    if file_format == "csv":
        return "".join(discussion.csv_lines())
    if file_format == "json":
        return discussion.as_json()
    return discussion.as_markdown()


def export_storage():
    """Where background exports are kept: private, never under MEDIA_ROOT (settings ``STORAGES["exports"]``)."""
    return storages["exports"]


def new_export_name(discussion, file_format):
    """A file name for one export that nobody can guess: the dialogue's stem and a random token."""
    return f"{discussion.filename_stem}-{secrets.token_urlsafe(12)}.{file_format}"


def export_name_belongs_to(name, discussion):
    """Whether ``name`` is a file name ``new_export_name`` could have made for ``discussion``."""
    pattern = re.escape(discussion.filename_stem) + r"-[A-Za-z0-9_-]{16}\.(?:" + "|".join(FORMATS) + ")"
    return re.fullmatch(pattern, name) is not None


def write_export(dialogue_id, file_format, name):
    """Write dialogue ``dialogue_id``'s export as ``name`` in the exports storage; return the name."""
    discussion = DialogueDiscussion(DialoguePage.objects.get(pk=dialogue_id))
    content = export_text(discussion, file_format)
    return export_storage().save(name, ContentFile(content.encode("utf-8")))


def _markdown_comment(comment, row):
    indent = "  " * comment.level
    if comment.state == CommentState.HIDDEN:
        notice = _("[removed by a moderator]")
        return [f"{indent}- {notice}", ""]
    if comment.state == CommentState.DELETED:
        notice = _("[deleted by its author]")
        return [f"{indent}- {notice}", ""]
    heading = f"**{_escape(row['author'])}**"
    if row["organisation"]:
        heading += f" ({_escape(row['organisation'])})"
    details = [comment.submit_date.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"), comment.language]
    if comment.highlighted:
        details.append(_("moderator's pick"))
    if comment.state == CommentState.PENDING:
        details.append(_("awaiting approval"))
    if row["reactions"]:
        details.append(ngettext("%(count)s like", "%(count)s likes", row["reactions"]) % {"count": row["reactions"]})
    lines = [f"{indent}- {heading} · {' · '.join(details)}", ""]
    for paragraph_line in comment.comment.strip().splitlines():
        lines.append(f"{indent}  {paragraph_line}".rstrip())
    lines.append("")
    return lines


def _escape(text):
    """Escape the characters that would turn a name or title into Markdown formatting."""
    for character in "\\`*_[]#<>":
        text = text.replace(character, "\\" + character)
    return text


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _LineBuffer:
    """A file-like object whose ``write`` returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def dialogues_for_export():
    """Dialogues in the default language (their weeks hold the threads), newest first."""
    return DialoguePage.objects.filter(locale=Locale.get_default()).order_by("-start_at")
