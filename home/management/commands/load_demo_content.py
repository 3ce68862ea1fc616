"""Build the demo site from the concept note of the 7th Virtual Dialogue.

Idempotent: pages, people and accounts that already exist are left as they are,
so running it twice gives the same tree and never overwrites an editor's work. The
one exception is the sample dialogue for trying the site: its dates are set
relative to the moment the command runs, and re-aligned on every run.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtailmedia.models import Media

from dialogue_pages.discussion.roles import DISCUSSION_MODERATORS_GROUP
from dialogue_pages.models import (
    AudienceQuestion,
    DialogueComment,
    DialogueIndexPage,
    DialogueModerator,
    DialoguePage,
    DialogueRelatedPage,
    Person,
    RecordingsArchivePage,
    WebinarCaption,
    WebinarChapter,
    WebinarModerator,
    WebinarPage,
    WebinarPanellist,
    WebinarTimeZone,
    WeeklyQuestionPage,
)
from dialogue_pages.models.dialogues import DatePrecision
from home import demo, illustrations, sample_recording
from home.models import HomePage
from home.sample_dialogue import SampleDialogueBuilder
from home.translations import TRANSLATIONS_DIR, build_demo_translations, source_catalogue
from knowledge_products.models import CaseStudyPage, KnowledgeProductIndexPage, KnowledgeProductPage
from localized_pages import versions

# Demo accounts: (username, email, password, groups, is_superuser). Documented in README.md.
DEMO_ACCOUNTS = [
    ("admin", "admin@example.org", "cop-demo-admin", [], True),
    ("editor", "editor@example.org", "cop-demo-editor", ["Editors"], False),
    ("moderator", "moderator@example.org", "cop-demo-moderator", [DISCUSSION_MODERATORS_GROUP, "Moderators"], False),
    ("member", "member@example.org", "cop-demo-member", [], False),
]


class Command(SampleDialogueBuilder, BaseCommand):
    help = "Create the demo site (the 7th Virtual Dialogue and the Compendium) from the concept note."

    def add_arguments(self, parser):
        parser.add_argument(
            "--write-strings",
            action="store_true",
            help="Also rewrite the translators' template home/fixtures/translations/demo-strings.pot.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.note = demo.ConceptNote.load()
        with transaction.atomic():
            self.locale = Locale.get_default()
            home = self.build_home()
            products = self.build_knowledge_products(home)
            self.build_dialogues(home, products)
            build_demo_translations(home, self.say)
            if options["write_strings"]:
                source_catalogue(home).save(str(TRANSLATIONS_DIR / "demo-strings.pot"))
                self.say(f"  wrote {TRANSLATIONS_DIR / 'demo-strings.pot'}")
            if getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
                self.build_accounts()
        call_command("update_index", verbosity=0)
        # Pages were written without publication signals: routes and listings kept by a running
        # site (localized_pages.versions) are forgotten, as after a publication.
        versions.bump()
        self.say(self.style.SUCCESS("Demo content is ready."))

    def say(self, message):
        """Report progress unless run with --verbosity 0."""
        if self.verbosity >= 1:
            self.stdout.write(message)

    # Pages -------------------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        """Return the child of ``parent`` with ``slug``, creating and publishing it if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        inline = {name: fields.pop(name) for name in list(fields) if isinstance(fields[name], list)}
        page = model(slug=slug, locale=parent.locale, **fields)
        for relation, items in inline.items():
            setattr(page, relation, items)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.say(f"  created {model._meta.verbose_name}: {page.title}")
        return page

    def build_home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=self.locale).first()
        if home is None:
            # Wagtail's "Welcome to your new Wagtail site!" placeholder makes way for the home page.
            root.get_children().filter(depth=2, content_type__model="page", slug="home").delete()
            home = HomePage(
                title="Community of Practice in Training for Gender Equality",
                slug="home",
                locale=self.locale,
                introduction=self.note.html(
                    [self.note.sentence_with("BACKGROUND INFORMATION", "The Community of Practice provides")]
                ),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True, hostname="localhost")
        site.root_page = home
        site.site_name = "Community of Practice"
        site.save()
        return home

    def build_knowledge_products(self, home):
        index = self.child(
            home, KnowledgeProductIndexPage, "knowledge-products", title="Knowledge products", show_in_menus=True
        )
        intro = self.note.paragraph_with("INTRODUCTION", "Drawing together 10 cases")
        background = self.note.paragraph_with("BACKGROUND INFORMATION", "In April 2016")
        data = demo.COMPENDIUM
        compendium = self.child(
            index,
            KnowledgeProductPage,
            data["slug"],
            title=data["title"],
            publisher=data["publisher"],
            publication_date=data["publication_date"],
            abstract=self.note.plain([intro]),
            body=[("paragraph", self.note.html([intro, background]))],
        )
        if not compendium.themes.exists():
            compendium.themes.add(*data["themes"])
            compendium.save_revision().publish()
        if not compendium.cover_image_id:
            compendium.cover_image = illustrations.generated_image(
                "compendium", "cover of the Compendium", (900, 1200)
            )
            compendium.save_revision().publish()
        for case in demo.CASE_STUDIES:
            presenter, webinar = case["presenter"], case["webinar"]
            summary = (
                f"A case featured in the Compendium, presented by {presenter.name} ({presenter.role}) "
                f"at the 7th Virtual Dialogue's webinar of {webinar.starts_at:%-d %B %Y}."
            )
            self.child(
                compendium,
                CaseStudyPage,
                slugify(case["title"]),
                title=case["title"],
                summary=summary,
                organisation=case.get("organisation", ""),
                country=case.get("country", ""),
                region=case.get("region", ""),
            )
        return [compendium]

    def build_dialogues(self, home, products):
        note = self.note
        index = self.child(
            home,
            DialogueIndexPage,
            "dialogues",
            title="Virtual Dialogues",
            show_in_menus=True,
            introduction=note.html([note.sentence_with("BACKGROUND INFORMATION", "Virtual Dialogues are online")]),
        )
        for number, (topic, month) in enumerate(demo.PREVIOUS_DIALOGUES, start=1):
            next_month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
            self.child(
                index,
                DialoguePage,
                slugify(topic),
                title=topic,
                number=number,
                start_at=demo.day_start(month),
                end_at=demo.day_start(next_month),
                date_precision=DatePrecision.MONTH,
            )

        people = {p.name: self.person(p) for p in demo.MODERATORS + demo.ENGLISH_PANEL + demo.SPANISH_PANEL}
        data = demo.DIALOGUE
        participation = (
            note.paragraphs("TARGET AUDIENCE")[1:] + note.paragraphs("WEBINAR SPEAKERS AND AUDIENCE PARTICIPATION")[4:]
        )
        dialogue = self.child(
            index,
            DialoguePage,
            data["slug"],
            title=data["title"],
            number=data["number"],
            start_at=data["start_at"],
            end_at=data["end_at"],
            contact_email=data["contact_email"],
            introduction=note.section_html("INTRODUCTION"),
            objectives=note.section_html("OBJECTIVES AND KEY QUESTIONS", 0, 2),
            format_description=note.section_html("FORMAT"),
            target_audience=note.section_html("TARGET AUDIENCE", 0, 1),
            participation=note.html(participation),
            background=note.section_html("BACKGROUND INFORMATION", 0, 2),
            moderators=[DialogueModerator(person=people[p.name]) for p in demo.MODERATORS],
            related_pages=[DialogueRelatedPage(related_page=product) for product in products],
        )
        if not dialogue.image_id:
            dialogue.image = illustrations.generated_image("dialogue-7", "the 7th Virtual Dialogue", (1200, 675))
            dialogue.save_revision().publish()
        weeks = {}
        for week in demo.WEEKS:
            weeks[week.number] = self.child(
                dialogue,
                WeeklyQuestionPage,
                f"week-{week.number}",
                title=week.title,
                week_number=week.number,
                opens_at=demo.day_start(week.first_day),
                closes_at=demo.day_end(week.last_day),
                introduction=f"<p>{week.kind[0].upper()}{week.kind[1:]}.</p>",
                questions=[("question", {"question": q, "note": ""}) for q in week.questions],
            )
        self.build_discussion(weeks)
        webinar_intro = note.paragraph_with("FORMAT", "Invited representatives")
        webinar_intro = webinar_intro[webinar_intro.index("Invited representatives") :]
        webinars = {}
        for webinar in demo.WEBINARS:
            webinars[webinar.slug] = self.child(
                dialogue,
                WebinarPage,
                webinar.slug,
                title=webinar.title,
                starts_at=webinar.starts_at,
                duration_minutes=demo.WEBINAR_MINUTES,
                language=webinar.language,
                introduction=note.html([webinar_intro]),
                time_zones=[WebinarTimeZone(time_zone=zone) for zone in demo.WEBINAR_TIME_ZONES],
                moderators=[WebinarModerator(person=people[p.name]) for p in demo.MODERATORS],
                panellists=[WebinarPanellist(person=people[p.name]) for p in webinar.panellists],
            )
        self.build_sample_recording(webinars["webinar-english"])
        self.build_sample_questions(webinars["webinar-english"])
        self.build_sample_dialogue(index, webinars["webinar-english"])
        self.child(
            index,
            RecordingsArchivePage,
            "recordings",
            title="Webinar recordings",
            show_in_menus=True,
            introduction="<p>Every webinar whose recording has been posted, newest first.</p>",
        )

    def build_sample_recording(self, webinar):
        """A clearly labelled sample recording, captions, chapters and transcript, made here (once)."""
        if webinar.recording_media_id:
            return
        label = sample_recording.SAMPLE_LABEL
        webinar.recording_media = Media.objects.create(
            title=label,
            type="audio",
            duration=sample_recording.SAMPLE_SECONDS,
            file=ContentFile(sample_recording.sample_wav(), name="sample-recording.wav"),
        )
        webinar.recording_poster = Image.objects.create(
            title=label, file=ContentFile(sample_recording.sample_poster(), name="sample-recording.png")
        )
        webinar.transcript = sample_recording.sample_transcript("en")
        webinar.captions = [
            WebinarCaption(
                language=language,
                file=Document.objects.create(
                    title=f"{label} ({language})",
                    file=ContentFile(
                        sample_recording.sample_captions(language).encode(), name=f"sample-captions-{language}.vtt"
                    ),
                ),
            )
            for language in sample_recording.SAMPLE_CUES
        ]
        webinar.chapters = [
            WebinarChapter(timestamp=time, title=title) for time, title in sample_recording.SAMPLE_CHAPTERS
        ]
        webinar.save_revision().publish()
        self.say(f"  attached the sample recording to {webinar.title}")

    def build_sample_questions(self, webinar):
        """Two clearly labelled sample audience questions, answered, so the list can be seen."""
        if webinar.audience_questions.exists():
            return
        authors = self.demo_participants()
        for author, text in zip(authors, demo.DEMO_AUDIENCE_QUESTIONS, strict=False):
            AudienceQuestion.objects.create(
                webinar=webinar, author=author, text=text, language="en", status=AudienceQuestion.Status.ANSWERED
            )
        self.say("  created the sample audience questions")

    def demo_participants(self):
        """The demo's participant accounts (no usable password: they cannot log in)."""
        User = get_user_model()
        authors = []
        for number, name in enumerate(demo.DEMO_PARTICIPANTS, start=1):
            user, created = User.objects.get_or_create(
                username=f"demo-participant-{number}",
                defaults={"email": f"demo-participant-{number}@example.org", "display_name": name},
            )
            if created:
                user.set_unusable_password()
                user.save()
            authors.append(user)
        return authors

    def build_discussion(self, weeks):
        """A clearly labelled sample discussion, added once, on the weeks' shared threads."""
        if not DialogueComment.objects.filter(object_pk__in=[str(w.pk) for w in weeks.values()]).exists():
            self.post_discussion(weeks)
        self.date_discussion(weeks)

    def date_discussion(self, weeks):
        """Date the sample comments inside their week, in the order they were posted.

        django-comments stamps ``submit_date`` with the moment of saving; the sample is
        set in 2016, so its comments are given times in their own week (and databases
        loaded before this was done are corrected on the next run).
        """
        for week in weeks.values():
            comments = DialogueComment.objects.filter(
                object_pk=str(week.pk), user__username__startswith="demo-participant-"
            ).order_by("pk")
            for position, comment in enumerate(comments, start=1):
                submit_date = week.opens_at + timedelta(hours=3 * position)
                if comment.submit_date != submit_date:
                    DialogueComment.objects.filter(pk=comment.pk).update(submit_date=submit_date)

    def post_discussion(self, weeks):
        """Post the sample discussion of ``demo.DEMO_DISCUSSION``."""
        authors = self.demo_participants()

        def post(week, question, author, language, text, replies, parent=None):
            comment = DialogueComment.objects.create(
                content_object=week,
                site_id=settings.SITE_ID,
                user=authors[author],
                user_name=authors[author].display_name,
                user_email=authors[author].email,
                comment=text,
                language=language,
                question_id=question,
                parent_id=parent.pk if parent else 0,
            )
            for reply_author, reply_language, reply_text, nested in replies:
                post(week, question, reply_author, reply_language, reply_text, nested, parent=comment)

        for week_number, question_index, author, language, text, replies in demo.DEMO_DISCUSSION:
            week = weeks[week_number]
            question = week.questions[question_index].id if question_index is not None else ""
            post(week, question, author, language, text, replies)
        self.say("  created the sample discussion")

    def person(self, data):
        person, _ = Person.objects.get_or_create(
            name=data.name,
            locale=self.locale,
            defaults={"role": data.role, "organisation": data.organisation, "country": data.country},
        )
        return person

    # Accounts ----------------------------------------------------------------------

    def build_accounts(self):
        User = get_user_model()
        for username, email, password, groups, is_superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "is_superuser": is_superuser, "is_staff": is_superuser},
            )
            if created:
                user.set_password(password)
                user.save()
                # Demo accounts arrive with a confirmed email, so they can take part at once.
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                user.groups.set(Group.objects.filter(name__in=[*groups, "Members"]))
                self.say(f"  created demo account: {username}")
