"""Who took part in a dialogue, counted in the database: per dialogue, week and question.

Only visible comments count (published, not hidden nor deleted). A member counts once
however often they wrote; a former member (account deleted) counts among comments but not
among members. Countries, regions and kinds of organisation are what members chose to say
on their profile, now: a member who erased their country is not counted by country (they
are among those who gave none). Regions are UN M49's and the Global South share follows
``dialogue_pages.regions``. "New members" joined the site from
``PARTICIPATION_NEW_MEMBER_DAYS`` days before the dialogue opened until it closed.

Every figure is an aggregate query; the figures of a dialogue cost the same few queries
whatever the number of comments, weeks or questions.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from django_countries import countries as country_names

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, When

from ..conf import app_settings
from ..models import DialogueComment, WeeklyQuestionPage
from ..regions import GLOBAL_SOUTH_CODES, REGIONS, SUB_REGIONS, region_of, sub_region_of


def user_has_field(name):
    """Whether the site's user model has a profile field ``name`` (this app does not require one)."""
    try:
        get_user_model()._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def share(part, whole):
    """``part`` of ``whole`` as a whole percentage, None when there is no whole."""
    return round(100 * part / whole) if whole else None


class Participation:
    """The participation figures of one dialogue's discussion (a ``exports.DialogueDiscussion``)."""

    def __init__(self, discussion):
        self.discussion = discussion
        self.dialogue = discussion.dialogue
        self.has_country = user_has_field("country")
        self.has_kind = user_has_field("organisation_kind")

    def comments(self):
        """The dialogue's visible comments, each with the question its thread answers (``topic``)."""
        weeks = [str(week.pk) for week in self.discussion.weeks]
        thread_question = Subquery(DialogueComment.objects.filter(pk=OuterRef("thread_id")).values("question_id")[:1])
        return (
            DialogueComment.objects.filter(
                content_type=ContentType.objects.get_for_model(WeeklyQuestionPage),
                object_pk__in=weeks,
                is_public=True,
                is_removed=False,
            )
            .order_by()
            .annotate(
                topic=Case(
                    When(question_id="", then=thread_question), default=F("question_id"), output_field=CharField()
                )
            )
        )

    def member_counts(self):
        """The aggregates counted at every level: comments, members, and members by where they work."""
        counts = {"comments": Count("pk"), "members": Count("user", distinct=True)}
        if self.has_country:
            counts["with_country"] = Count("user", distinct=True, filter=~Q(user__country=""))
            counts["global_south"] = Count("user", distinct=True, filter=Q(user__country__in=GLOBAL_SOUTH_CODES))
        return counts

    def new_members_window(self):
        start = self.dialogue.start_at - timedelta(days=app_settings.PARTICIPATION_NEW_MEMBER_DAYS)
        return start, self.dialogue.end_at

    @staticmethod
    def south(row):
        with_country = row.get("with_country", 0)
        members = row.get("global_south", 0)
        return {"members": members, "with_country": with_country, "share": share(members, with_country)}

    def figures(self):
        """Every figure of the dialogue as plain data (for the admin page and the JSON export)."""
        comments = self.comments()
        counts = self.member_counts()
        joined_from, joined_until = self.new_members_window()
        totals = comments.aggregate(
            **counts,
            new_members=Count(
                "user",
                distinct=True,
                filter=Q(user__date_joined__gte=joined_from, user__date_joined__lt=joined_until),
            ),
        )
        by_topic = {
            (row.pop("object_pk"), row.pop("topic") or ""): row
            for row in comments.values("object_pk", "topic").annotate(**counts)
        }
        by_week = {row.pop("object_pk"): row for row in comments.values("object_pk").annotate(**counts)}
        languages_by_topic = defaultdict(Counter)
        for row in comments.values("object_pk", "topic", "language").annotate(comments=Count("pk")):
            languages_by_topic[(row["object_pk"], row["topic"] or "")][row["language"]] += row["comments"]
        languages = list(
            comments.values("language").annotate(comments=Count("pk"), members=Count("user", distinct=True))
        )
        return {
            "comments": totals["comments"],
            "participants": totals["members"],
            "new_members": totals["new_members"],
            "new_members_since": joined_from.date().isoformat(),
            "global_south": self.south(totals),
            "states": self.states(),
            "weeks": self.weeks(by_week, by_topic, languages_by_topic),
            "languages": self.language_rows(languages),
            **self.where_members_work(comments, totals),
        }

    def states(self):
        """How many of the dialogue's comments are in each state (all of them, not only visible ones)."""
        weeks = [str(week.pk) for week in self.discussion.weeks]
        return DialogueComment.objects.filter(
            content_type=ContentType.objects.get_for_model(WeeklyQuestionPage), object_pk__in=weeks
        ).aggregate(
            published=Count("pk", filter=Q(is_public=True, is_removed=False)),
            pending=Count("pk", filter=Q(is_public=False, is_removed=False)),
            hidden=Count("pk", filter=Q(is_removed=True, deleted_by_author=False)),
            deleted=Count("pk", filter=Q(is_removed=True, deleted_by_author=True)),
        )

    def weeks(self, by_week, by_topic, languages_by_topic):
        rows = []
        empty = {"comments": 0, "members": 0}
        for week in self.discussion.weeks:
            key = str(week.pk)
            questions = self.discussion.questions[week.pk]
            # Threads answering a question since removed from the week count as general discussion.
            general = Counter()
            general_languages = Counter()
            for (week_key, topic), row in by_topic.items():
                if week_key == key and topic not in questions:
                    general.update({"comments": row["comments"]})
                    general_languages.update(languages_by_topic[(week_key, topic)])
            week_row = by_week.get(key, empty)
            week_languages = Counter()
            for (week_key, _topic), counter in languages_by_topic.items():
                if week_key == key:
                    week_languages.update(counter)
            rows.append(
                {
                    "week": week.week_number,
                    "title": week.title,
                    "page_id": week.pk,
                    "comments": week_row["comments"],
                    "participants": week_row["members"],
                    "global_south": self.south(week_row),
                    "languages": self.language_counts(week_languages),
                    "questions": [
                        {
                            "id": block_id,
                            "question": text,
                            "comments": by_topic.get((key, block_id), empty)["comments"],
                            "participants": by_topic.get((key, block_id), empty)["members"],
                            "global_south": self.south(by_topic.get((key, block_id), empty)),
                            "languages": self.language_counts(languages_by_topic[(key, block_id)]),
                        }
                        for block_id, text in questions.items()
                    ],
                    "general": general["comments"],
                    "general_languages": self.language_counts(general_languages),
                }
            )
        return rows

    @staticmethod
    def language_counts(counter):
        names = dict(settings.LANGUAGES)
        return [
            {"language": code, "name": names.get(code, code), "comments": count}
            for code, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        ]

    @staticmethod
    def language_rows(rows):
        names = dict(settings.LANGUAGES)
        return [
            {
                "language": row["language"],
                "name": names.get(row["language"], row["language"]),
                "comments": row["comments"],
                "participants": row["members"],
            }
            for row in sorted(rows, key=lambda row: (-row["comments"], row["language"]))
        ]

    def where_members_work(self, comments, totals):
        """Members by country, M49 region and sub-region, and kind of organisation."""
        members = totals["members"]
        figures = {
            "countries": [],
            "country_count": 0,
            "country_not_given": members,
            "regions": [],
            "region_not_known": 0,
            "organisation_kinds": [],
            "organisation_kind_not_given": members,
        }
        if self.has_country:
            rows = (
                comments.exclude(user=None)
                .exclude(user__country="")
                .values("user__country")
                .annotate(members=Count("user", distinct=True))
            )
            by_country = {row["user__country"]: row["members"] for row in rows}
            figures["countries"] = [
                {
                    "code": code,
                    "country": str(country_names.name(code)) or code,
                    "participants": count,
                    "region": str(region_of(code).name) if region_of(code) else "",
                    "sub_region": str(sub_region_of(code).name) if sub_region_of(code) else "",
                }
                for code, count in sorted(
                    by_country.items(), key=lambda item: (-item[1], str(country_names.name(item[0])))
                )
            ]
            figures["country_count"] = len(by_country)
            figures["country_not_given"] = members - sum(by_country.values())
            figures["regions"] = self.region_rows(by_country)
            figures["region_not_known"] = sum(count for code, count in by_country.items() if region_of(code) is None)
        if self.has_kind:
            field = get_user_model()._meta.get_field("organisation_kind")
            labels = dict(field.flatchoices)
            rows = (
                comments.exclude(user=None)
                .exclude(user__organisation_kind="")
                .values("user__organisation_kind")
                .annotate(members=Count("user", distinct=True))
            )
            by_kind = {row["user__organisation_kind"]: row["members"] for row in rows}
            figures["organisation_kinds"] = [
                {"kind": kind, "name": str(labels.get(kind, kind)), "participants": by_kind[kind]}
                for kind in [*labels, *(kind for kind in by_kind if kind not in labels)]
                if kind in by_kind
            ]
            figures["organisation_kind_not_given"] = members - sum(by_kind.values())
        return figures

    @staticmethod
    def region_rows(by_country):
        """Each M49 region with members, and its sub-regions with members, in M49's order."""
        rows = []
        for region in REGIONS:
            sub_rows = []
            for sub_region_region, sub_region, codes in SUB_REGIONS:
                if sub_region_region != region:
                    continue
                count = sum(by_country.get(code, 0) for code in codes.split())
                if count:
                    sub_rows.append({"code": sub_region.code, "name": str(sub_region.name), "participants": count})
            total = sum(row["participants"] for row in sub_rows)
            if total:
                rows.append(
                    {"code": region.code, "name": str(region.name), "participants": total, "sub_regions": sub_rows}
                )
        return rows
