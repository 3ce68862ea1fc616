"""The demo site is built from the concept note, idempotently, and every page renders its facts."""

import re
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page

from dialogue_pages.models import DialoguePage, Person, WebinarPage, WeeklyQuestionPage
from home import demo, sample_dialogue
from knowledge_products.models import CaseStudyPage, KnowledgeProductPage

from .factories import assert_page_shows

pytestmark = pytest.mark.usefixtures("demo_site")

NOTE = demo.NOTE_PATH.read_text(encoding="utf-8")
# The note's markdown without emphasis marks, for "is this stated in the note?" checks.
NOTE_TEXT = re.sub(r"[*\\]", "", NOTE)

DIALOGUE_URL = "/en/dialogues/compendium-of-good-practices/"


def tree():
    return list(Page.objects.order_by("path").values_list("path", "slug", "content_type__model", "live"))


@pytest.mark.django_db
def test_running_the_command_twice_gives_the_same_tree():
    before = tree()
    call_command("load_demo_content", verbosity=0)
    assert tree() == before
    names = {p.name for p in demo.MODERATORS + demo.ENGLISH_PANEL + demo.SPANISH_PANEL}
    assert Person.objects.filter(locale__language_code="en").count() == len(names)


@pytest.mark.django_db
def test_the_seventh_dialogue_has_the_notes_dates_weeks_and_webinars():
    dialogue = DialoguePage.objects.get(number=7, locale__language_code="en")
    assert dialogue.title == "Compendium of Good Practices in Training for Gender Equality"
    assert dialogue.date_range_label == "29 August – 16 September 2016"
    weeks = WeeklyQuestionPage.objects.child_of(dialogue).order_by("week_number")
    assert [w.date_range_label for w in weeks] == [
        "29 August – 2 September 2016",
        "5–9 September 2016",
        "12–16 September 2016",
    ]
    assert [len(w.question_texts) for w in weeks] == [2, 4, 2]
    webinars = WebinarPage.objects.child_of(dialogue).order_by("starts_at")
    assert [(w.language, w.starts_at.isoformat()) for w in webinars] == [
        ("en", "2016-09-06T13:00:00+00:00"),
        ("es", "2016-09-08T13:00:00+00:00"),
    ]
    assert [[p.person.name for p in w.panellists.all()] for w in webinars] == [
        ["Mehrinaz El Awady", "Jane Kato-Wallace", "Amit Kumar Singh", "Dr Jenn Williamson"],
        ["Jaqueline Durán Cossio", "Áurea Da Silva Garcia", "Vanessa Fonseca", "Danielle Lopes Bittencourt"],
    ]
    assert [m.person.name for m in dialogue.moderators.all()] == ["Emma Wretblad", "Ruya Leghari"]


@pytest.mark.django_db
def test_the_six_previous_dialogues_are_past_pages_with_their_month():
    previous = DialoguePage.objects.filter(locale__language_code="en").filter(number__lt=7).order_by("number")
    assert [(d.number, d.title, d.date_range_label) for d in previous] == [
        (1, "Evaluation of Training for Gender Equality", "July 2013"),
        (2, "Knowledge on Training for Gender Equality", "February 2014"),
        (3, "Transformation through Training for Gender Equality", "July 2014"),
        (4, "Training for Gender Equality and Beijing +20", "October 2014"),
        (5, "Online and Mobile Training for Gender Equality", "February 2015"),
        (6, "Resistances in Training for Gender Equality", "May 2015"),
    ]
    assert all(d.status == "closed" for d in previous)


@pytest.mark.django_db
def test_no_fact_is_invented_every_question_and_person_is_in_the_note():
    for week in demo.WEEKS:
        for question in week.questions:
            assert question in NOTE_TEXT, question
    for person in demo.MODERATORS + demo.ENGLISH_PANEL + demo.SPANISH_PANEL:
        for part in (person.name, person.role, person.organisation, person.country):
            assert part in NOTE_TEXT, part
    for topic, month in demo.PREVIOUS_DIALOGUES:
        assert f"{topic}](#) ({month:%B %Y})" in NOTE


@pytest.mark.django_db
def test_case_studies_name_only_what_the_note_says():
    cases = CaseStudyPage.objects.filter(locale__language_code="en")
    assert cases.count() == len(demo.CASE_STUDIES)
    for case in cases:
        assert case.organisation in NOTE_TEXT
        assert not case.training_approach and not case.results and not case.lessons_learned


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "facts"),
    [
        ("/en/", ["Community of Practice", "Compendium of Good Practices in Training for Gender Equality"]),
        ("/en/dialogues/", ["7th Virtual Dialogue", "Past dialogues", "1st Virtual Dialogue", "May 2015"]),
        (
            DIALOGUE_URL,
            [
                "7th Virtual Dialogue",
                "29 August – 16 September 2016",
                "What is a “good practice”?",
                "Emma Wretblad",
                "Ruya Leghari",
                "09:00 EDT",
                "15:00 CEST",
                "info.trainingcentre@unwomen.org",
                "1,600 members",
            ],
        ),
        (DIALOGUE_URL + "week-1/", ["Week 1", "29 August – 2 September 2016", "What is a “good practice”?"]),
        (
            DIALOGUE_URL + "week-2/",
            ["5–9 September 2016", "How can we link practices, research, and theories"],
        ),
        (DIALOGUE_URL + "week-3/", ["12–16 September 2016", "cross-border sharing of knowledge"]),
        (
            DIALOGUE_URL + "webinar-english/",
            ["Tuesday 6 September 2016", "09:00 AST", "Jane Kato-Wallace", "Senior Program Officer, Promundo-US"],
        ),
        (
            DIALOGUE_URL + "webinar-spanish/",
            ["Thursday 8 September 2016", "Jaqueline Durán Cossio", "Environmental Educator, MUPAN"],
        ),
        ("/en/knowledge-products/", ["Compendium of Good Practices in Training for Gender Equality"]),
        (
            "/en/knowledge-products/compendium-of-good-practices/",
            ["UN Women Training Centre", "April 2016", "10 cases", "Promundo-US", "Case studies"],
        ),
        ("/en/knowledge-products/compendium-of-good-practices/mupan/", ["MUPAN", "Áurea Da Silva Garcia"]),
        ("/en/dialogues/resistances-in-training-for-gender-equality/", ["6th Virtual Dialogue", "May 2015"]),
    ],
)
def test_every_demo_page_renders_its_key_facts(client, url, facts):
    assert_page_shows(client, url, facts)


@pytest.mark.django_db
def test_every_live_page_of_the_demo_renders(client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("<h1") == 1, page.url


@pytest.mark.django_db
def test_demo_accounts_exist_only_when_enabled():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    assert not User.objects.filter(username__in=["editor", "moderator", "member"]).exists()
    with override_settings(DEMO_ACCOUNTS_ENABLED=True):
        call_command("load_demo_content", verbosity=0)
    editor = User.objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists()
    assert editor.check_password("cop-demo-editor")
    moderator = User.objects.get(username="moderator")
    assert moderator.has_perm("dialogue_pages.moderate_dialoguecomment")
    assert set(moderator.groups.values_list("name", flat=True)) == {"Discussion moderators", "Moderators", "Members"}
    assert not editor.has_perm("dialogue_pages.moderate_dialoguecomment")
    member = User.objects.get(username="member")
    assert not member.is_staff
    assert list(member.groups.values_list("name", flat=True)) == ["Members"]
    assert member.emailaddress_set.get().verified


@pytest.mark.django_db
def test_the_sample_discussion_is_marked_as_demo_and_threaded(client):
    from dialogue_pages.models import DialogueComment

    comments = DialogueComment.objects.all()
    assert comments.count() == 7
    assert all(c.comment.startswith(("[Demo comment]", "[Comentario de demostración]")) for c in comments)
    assert set(comments.values_list("language", flat=True)) == {"en", "es"}
    assert max(comments.values_list("level", flat=True)) == 2
    html = client.get(DIALOGUE_URL + "week-1/").content.decode()
    assert "Demo participant A" in html
    assert "This dialogue has closed; its discussion is kept here to read." in html


@pytest.mark.django_db
def test_the_compendium_is_the_knowledge_product_the_dialogue_discusses(client):
    compendium = KnowledgeProductPage.objects.get(locale__language_code="en")
    assert compendium.publication_date.isoformat() == "2016-04-01"
    html = client.get(DIALOGUE_URL).content.decode()
    assert f'href="{compendium.url}"' in html


ES_DIALOGUE = "/es/dialogos/compendio-de-buenas-practicas/"
FR_DIALOGUE = "/fr/dialogues/recueil-de-bonnes-pratiques/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "facts"),
    [
        (ES_DIALOGUE, "es", ["Compendio de Buenas Prácticas", "Semana 1: debate en línea", "Emma Wretblad"]),
        (ES_DIALOGUE + "semana-1/", "es", ["Semana 1: debate en línea", "Demo participant A"]),
        (
            ES_DIALOGUE + "seminario-web-espanol/",
            "es",
            ["Seminario web (español)", "Educadora ambiental, MUPAN", "09:00 EDT", "15:00 CEST"],
        ),
        (FR_DIALOGUE, "fr", ["Recueil de bonnes pratiques", "Semaine 1 : discussion en ligne"]),
        (FR_DIALOGUE + "semaine-2/", "fr", ["Semaine 2"]),
        ("/es/dialogos/", "es", ["Compendio de Buenas Prácticas", "mayo de 2015"]),
    ],
)
def test_spanish_and_french_demo_pages_render_in_their_language(client, url, language, facts):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert 'role="note"' not in html  # really translated, not the English page as a fallback
    for fact in facts:
        assert fact in html, f"{fact!r} missing from {url}"


@pytest.mark.django_db
def test_the_switcher_links_the_three_versions_of_the_dialogue(client):
    html = client.get(DIALOGUE_URL).content.decode()
    assert f'href="{ES_DIALOGUE}" lang="es"' in html
    assert f'href="{FR_DIALOGUE}" lang="fr"' in html
    sample = client.get(SAMPLE_URL).content.decode()
    assert "not translated yet" in sample  # the sample dialogue stays in English


@pytest.mark.django_db
def test_the_sample_recording_says_it_is_a_sample_everywhere(client):
    from dialogue_pages.models import AudienceQuestion

    webinar = WebinarPage.objects.get(slug="webinar-english", locale__language_code="en")
    assert webinar.recording_media.title == "Sample recording (not the real webinar)"
    assert webinar.recording_poster.title == webinar.recording_media.title
    assert all("sample" in line.text.lower() for line in webinar.transcript_lines[:1])
    assert sorted(webinar.captions.values_list("language", flat=True)) == ["en", "es"]
    assert all(title.startswith("Sample chapter") for title in webinar.chapters.values_list("title", flat=True))
    assert all(q.text.startswith("[Demo question]") for q in AudienceQuestion.objects.all())
    html = client.get(webinar.url).content.decode()
    assert "This is a sample recording, not the real webinar." in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html)[1]
    assert image.startswith("http") and image.endswith(".png")
    assert f'"thumbnailUrl": "{image}"' in html  # the JSON-LD shares the Open Graph image
    vtt = client.get(f"{webinar.url}captions-es.vtt").content.decode()
    assert vtt.startswith("WEBVTT") and "grabación de muestra" in vtt
    # The Spanish webinar has no recording: the note says recordings "will be posted".
    spanish = WebinarPage.objects.get(slug="webinar-spanish", locale__language_code="en")
    assert "A recording of the panel discussion will be posted here." in client.get(spanish.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/en/dialogues/recordings/", "Webinar recordings"),
        ("/es/dialogos/grabaciones/", "Grabaciones de los seminarios web"),
        ("/fr/dialogues/enregistrements/", "Enregistrements des webinaires"),
    ],
)
def test_the_recordings_archive_exists_in_every_language(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


SAMPLE_URL = "/en/dialogues/sample-dialogue/"


def sample_pages():
    dialogue = DialoguePage.objects.get(slug="sample-dialogue", locale__language_code="en")
    weeks = list(WeeklyQuestionPage.objects.child_of(dialogue).order_by("week_number"))
    webinars = {w.slug: w for w in WebinarPage.objects.child_of(dialogue)}
    return dialogue, weeks, webinars


@pytest.mark.django_db
def test_the_sample_dialogue_has_a_closed_an_open_and_an_upcoming_week(client):
    dialogue, weeks, _ = sample_pages()
    assert dialogue.title == "Sample dialogue (for trying the site)"
    assert "sample dialogue for trying the site" in dialogue.introduction
    assert dialogue.status == "open"
    assert [w.status for w in weeks] == ["closed", "open", "upcoming"]
    now = timezone.now()
    assert timedelta(0) < now - weeks[0].closes_at <= timedelta(days=1)  # week 1 ended yesterday (at midnight)
    html = client.get(SAMPLE_URL).content.decode()
    assert "Sample dialogue (for trying the site)" in html


@pytest.mark.django_db
def test_the_sample_webinar_starts_within_the_join_window_with_questions_open(settings):
    _, _, webinars = sample_pages()
    soon = webinars["sample-webinar-starting-soon"]
    now = timezone.now()
    assert soon.phase(now) == "upcoming"
    assert now < soon.starts_at <= now + timedelta(minutes=settings.WEBINAR_JOIN_LINK_OPENS_MINUTES)
    assert soon.join_link_open(now) and soon.questions_open(now)
    assert soon.join_url == "https://meet.example.org/sample-dialogue"
    assert soon.live_embed is not None
    assert "fake sample address" in soon.introduction and "example YouTube" in soon.introduction
    recorded = webinars["sample-webinar-recorded"]
    assert recorded.phase(now) == "past"
    assert recorded.recording_media.title == "Sample recording (not the real webinar)"


@pytest.mark.django_db
def test_running_the_command_again_realigns_the_sample_dates_on_the_same_pages(monkeypatch):
    dialogue, weeks, webinars = sample_pages()
    ids = {dialogue.pk, *(w.pk for w in weeks), *(w.pk for w in webinars.values())}
    later = timezone.now() + timedelta(days=3)
    monkeypatch.setattr(sample_dialogue.timezone, "now", lambda: later)
    page_count = Page.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == page_count
    moved_dialogue, moved_weeks, moved_webinars = sample_pages()
    assert {moved_dialogue.pk, *(w.pk for w in moved_weeks), *(w.pk for w in moved_webinars.values())} == ids
    assert moved_dialogue.start_at - dialogue.start_at == timedelta(days=3)
    assert [w.opens_at - old.opens_at for w, old in zip(moved_weeks, weeks, strict=True)] == [timedelta(days=3)] * 3
    soon = moved_webinars["sample-webinar-starting-soon"]
    assert soon.join_link_open(later) and soon.phase(later) == "upcoming"
    assert moved_webinars["sample-webinar-recorded"].phase(later) == "past"


@pytest.mark.django_db
def test_the_seventh_dialogues_demo_comments_are_dated_inside_their_weeks():
    from dialogue_pages.models import DialogueComment

    dialogue = DialoguePage.objects.get(number=7, locale__language_code="en")
    weeks = {str(w.pk): w for w in WeeklyQuestionPage.objects.child_of(dialogue)}
    comments = DialogueComment.objects.filter(object_pk__in=weeks)
    assert comments.count() == 7
    for comment in comments:
        week = weeks[comment.object_pk]
        assert week.opens_at <= comment.submit_date < week.closes_at, comment.comment
    # A database loaded before the comments were dated is corrected by running the command again.
    comments.update(submit_date=timezone.now())
    call_command("load_demo_content", verbosity=0)
    for comment in comments.all():
        week = weeks[comment.object_pk]
        assert week.opens_at <= comment.submit_date < week.closes_at, comment.comment


@pytest.mark.django_db
def test_a_member_can_post_on_the_open_sample_week(client):
    from dialogue_pages.models import DialogueComment

    from .factories import make_member
    from .test_discussion import POST_URL, form_data

    _, weeks, _ = sample_pages()
    open_week = weeks[1]
    client.force_login(make_member("newcomer"))
    response = client.post(POST_URL, form_data(open_week, text="Trying the sample week."), follow=True)
    assert response.status_code == 200
    comment = DialogueComment.objects.get(object_pk=str(open_week.pk), comment="Trying the sample week.")
    assert comment.is_public


@pytest.mark.django_db
def test_a_member_sees_the_sample_join_link_on_the_webinar_starting_soon(client):
    from .factories import make_member

    _, _, webinars = sample_pages()
    url = webinars["sample-webinar-starting-soon"].url
    join_link = 'href="https://meet.example.org/sample-dialogue"'
    assert join_link not in client.get(url).content.decode()
    client.force_login(make_member("newcomer"))
    assert join_link in client.get(url).content.decode()
