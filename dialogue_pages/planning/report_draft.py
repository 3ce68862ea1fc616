"""“Draft the report”: a dialogue's report page drafted from the moderators' picks.

The picks are the comments moderators highlighted (``DialogueComment.highlighted``, set by
``discussion.moderation.highlight``) that readers can still see: published, neither hidden
nor deleted. They are grouped by week and by the question their thread answers, each quoted
with its author's public name (or as "a participant", when the member asked to be quoted
anonymously or their account is gone), its language and a link back to it. The draft is a
new revision of the report page: what is published stays published until staff publish the
draft, and earlier versions stay in the page's history.
"""

from collections import defaultdict

from django.db import transaction
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..discussion.exports import DialogueDiscussion
from ..models import DialogueReportPage


def report_of(dialogue):
    """The dialogue's report page in its own language (a draft too), or None."""
    return DialogueReportPage.objects.child_of(dialogue).filter(locale_id=dialogue.locale_id).first()


def picks(discussion):
    """The moderators' picks readers can see, week by week and thread by thread."""
    return (
        discussion.comments()
        .filter(highlighted=True, is_public=True, is_removed=False)
        .select_related(None)
        .select_related("user")
    )


def quoted_author(comment):
    """The name a quote gives: the member's public name, '' (“a participant”) if they asked for
    anonymity or their account is gone."""
    user = comment.user
    if user is None or getattr(user, "quote_anonymously", False):
        return ""
    return str(user.public_name)


def picks_by_week_and_question(discussion):
    """``[(week, [(question text or None, [comment, …]), …]), …]`` for the weeks that have picks."""
    grouped = defaultdict(lambda: defaultdict(list))
    for comment in picks(discussion):
        week = next(week for week in discussion.weeks if str(week.pk) == comment.object_pk)
        question_id = discussion.question_id_of(comment)
        grouped[week.pk][question_id if question_id in discussion.questions[week.pk] else ""].append(comment)
    result = []
    for week in discussion.weeks:
        if week.pk not in grouped:
            continue
        questions = [
            (text, grouped[week.pk][block_id])
            for block_id, text in discussion.questions[week.pk].items()
            if grouped[week.pk].get(block_id)
        ]
        if grouped[week.pk].get(""):
            questions.append((None, grouped[week.pk][""]))
        result.append((week, questions))
    return result


def report_body(grouped, today):
    """The report's body as StreamField data: a note for the editors, then the quotes."""
    note = _(
        "Draft made on %(date)s from the moderators’ picks. Write the synthesis around these quotes, "
        "and remove this paragraph, before publishing."
    ) % {"date": date_format(today, "DATE_FORMAT")}
    body = [("paragraph", f"<p><i>{escape(note)}</i></p>")]
    for week, questions in grouped:
        week_label = _("Week %(number)s") % {"number": week.week_number}
        body.append(("heading", f"{week_label}: {week.title}"))
        for question, comments in questions:
            body.append(("paragraph", f"<p><b>{escape(question or _('General discussion'))}</b></p>"))
            body += [
                (
                    "comment_quote",
                    {
                        "text": comment.comment,
                        "author": quoted_author(comment),
                        "language": comment.language,
                        "comment_id": comment.pk,
                    },
                )
                for comment in comments
            ]
    return body


@transaction.atomic
def draft_report(dialogue, user, today):
    """Write a new draft revision of ``dialogue``'s report (adding the page as a draft if it has
    none) from the moderators' picks; return ``(report, number of quotes)``."""
    discussion = DialogueDiscussion(dialogue)
    dialogue = discussion.dialogue
    grouped = picks_by_week_and_question(discussion)
    body = report_body(grouped, today)
    report = report_of(dialogue)
    if report is None:
        report = DialogueReportPage(title=_("Synthesis report"), slug="report", live=False, body=body)
        dialogue.add_child(instance=report)
        report.save_revision(user=user, log_action=True)
    else:
        draft = report.get_latest_revision_as_object()
        draft.body = body
        draft.save_revision(user=user, log_action=True)
    quotes = sum(len(comments) for _week, questions in grouped for _question, comments in questions)
    return report, quotes
