"""The sample dialogue of the demo: dated around the moment the demo is loaded, so that every
part of the site (posting, a webinar about to start, questions to the panel) can be tried.

A mixin of ``load_demo_content``'s command; it relies on the command's ``child`` and ``say``.
"""

from datetime import timedelta

from django.utils import timezone

from dialogue_pages.conf import app_settings
from dialogue_pages.models import DialoguePage, WebinarPage, WebinarTimeZone, WeeklyQuestionPage
from home import demo, illustrations


class SampleDialogueBuilder:
    """Builds, or re-dates in place, the *Sample dialogue (for trying the site)*."""

    def sample_page(self, parent, model, slug, **fields):
        """Create the sample page ``slug`` under ``parent``, or give the existing one ``fields`` anew.

        Only the sample dialogue's pages are updated in place (same page, same id, a new
        revision): their dates follow the moment the command runs.
        """
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is None:
            return self.child(parent, model, slug, **fields)
        for name, value in fields.items():
            if not isinstance(value, list):  # inline panels are kept as they were made
                setattr(existing, name, value)
        existing.save_revision().publish()
        existing.refresh_from_db()
        return existing

    def build_sample_dialogue(self, index, recorded_webinar):
        """A dialogue labelled as a sample, dated around now so that every part can be tried.

        Week 1 ended yesterday, week 2 is open, week 3 is upcoming; one webinar starts
        within the join link's window (join link, live stream and questions open) and
        one is past, with the generated sample recording. Its questions are the 7th
        dialogue's, from the concept note; everything else says it is a sample.
        """
        now = timezone.now().replace(second=0, microsecond=0)
        today = demo.day_start(now.date())
        week_length = timedelta(days=7)
        dialogue = self.sample_page(
            index,
            DialoguePage,
            demo.SAMPLE_DIALOGUE["slug"],
            title=demo.SAMPLE_DIALOGUE["title"],
            number=None,
            start_at=today - week_length,
            end_at=today + 2 * week_length,
            introduction=demo.SAMPLE_DIALOGUE["introduction"],
            image=illustrations.generated_image("sample-dialogue", "the sample dialogue", (1200, 675)),
        )
        for week in demo.WEEKS:
            opens_at = today + (week.number - 2) * week_length
            self.sample_page(
                dialogue,
                WeeklyQuestionPage,
                f"sample-week-{week.number}",
                title=f"{week.title} (sample)",
                week_number=week.number,
                opens_at=opens_at,
                closes_at=opens_at + week_length,
                introduction=demo.SAMPLE_WEEK_INTRODUCTION,
                questions=[("question", {"question": q, "note": ""}) for q in week.questions],
            )
        join_minutes = app_settings.WEBINAR_JOIN_LINK_OPENS_MINUTES
        starts_in = timedelta(minutes=min(45, max(1, join_minutes - 5)))
        zones = [WebinarTimeZone(time_zone=zone) for zone in demo.WEBINAR_TIME_ZONES]
        self.sample_page(
            dialogue,
            WebinarPage,
            "sample-webinar-starting-soon",
            title="Sample webinar (starting soon)",
            starts_at=now + starts_in,
            duration_minutes=demo.WEBINAR_MINUTES,
            language="en",
            introduction=demo.SAMPLE_LIVE_WEBINAR_INTRODUCTION,
            join_url=demo.SAMPLE_JOIN_URL,
            live_stream_url=demo.SAMPLE_LIVE_STREAM_URL,
            time_zones=zones,
        )
        past = self.sample_page(
            dialogue,
            WebinarPage,
            "sample-webinar-recorded",
            title="Sample webinar (recorded)",
            starts_at=today - 3 * timedelta(days=1) + timedelta(hours=13),
            duration_minutes=demo.WEBINAR_MINUTES,
            language="en",
            introduction=demo.SAMPLE_PAST_WEBINAR_INTRODUCTION,
            time_zones=[WebinarTimeZone(time_zone=zone) for zone in demo.WEBINAR_TIME_ZONES],
        )
        if not past.recording_media_id and recorded_webinar.recording_media_id:
            # The same generated, labelled sample recording as the 7th dialogue's English webinar.
            past.recording_media = recorded_webinar.recording_media
            past.recording_poster = recorded_webinar.recording_poster
            past.transcript = recorded_webinar.transcript
            past.save_revision().publish()
        self.say(f"  dated the sample dialogue around {now:%Y-%m-%d %H:%M} UTC")
