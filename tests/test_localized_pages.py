"""Every language is a whole site: a page not translated yet is listed and served under the
reader's language, in its own language, with a notice; translating never publishes
untranslated text."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from home.translations import translate

from .factories import (
    CaseStudyPageFactory,
    DialoguePageFactory,
    KnowledgeProductPageFactory,
    LocaleFactory,
    WebinarPageFactory,
)

NOTICE = 'role="note"'
# Words not seen elsewhere in the tests, so a page's own text is unmistakable.
DIALOGUE_TITLE = "Lighthouse keepers' dialogue"
SPANISH = {DIALOGUE_TITLE: "Diálogo de los fareros", "lighthouse": "faros"}


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


@pytest.fixture
def spanish(home):
    locale = LocaleFactory(language_code="es")
    translate(home, locale, {})
    return locale


@pytest.fixture
def dialogue(dialogue_index, spanish):
    """A dialogue translated into Spanish (with its index), whose webinar is not."""
    page = DialoguePageFactory(parent=dialogue_index, title=DIALOGUE_TITLE, slug="lighthouse")
    translate(dialogue_index, spanish, {})
    translated = translate(page, spanish, SPANISH)
    WebinarPageFactory(parent=page, title="Foghorn webinar", slug="foghorn-webinar")
    return translated


@pytest.mark.django_db
def test_an_untranslated_webinar_is_listed_on_the_spanish_dialogue_and_opens_under_es(client, dialogue):
    assert dialogue.url.startswith("/es/") and dialogue.url.endswith("/faros/")
    html = client.get(dialogue.url).content.decode()
    link = re.search(r'<a href="([^"]+)" lang="en">Foghorn webinar</a> <span class="badge badge--language"', html)
    assert link, "the English webinar is listed on the Spanish dialogue page, marked as English"
    assert link.group(1) == f"{dialogue.url}foghorn-webinar/"
    assert "No se ha anunciado" not in html and "No webinar has been announced" not in html

    response = client.get(link.group(1))
    assert response.status_code == 200
    page = response.content.decode()
    assert NOTICE in page and '<main id="main" tabindex="-1" lang="en">' in page
    # Search engines are pointed at the English original; the page's own links stay in Spanish.
    english_url = Page.objects.get(slug="foghorn-webinar").url
    assert canonical(page) == f"http://localhost{english_url}"
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group()
    assert f'href="{dialogue.url}"' in trail and "Diálogo de los fareros" in trail
    # The English page itself is not marked as a translation.
    english = client.get(english_url).content.decode()
    assert NOTICE not in english
    assert canonical(english) == f"http://localhost{english_url}"


@pytest.mark.django_db
def test_a_translated_page_has_no_notice_and_is_its_own_canonical(client, dialogue):
    html = client.get(dialogue.url).content.decode()
    assert NOTICE not in html
    assert canonical(html) == f"http://localhost{dialogue.url}"


@pytest.mark.django_db
def test_a_section_not_translated_at_all_is_in_the_spanish_menu_and_opens_under_es(client, spanish, product_index):
    product = KnowledgeProductPageFactory(parent=product_index, title="Tidal atlas", slug="tidal-atlas")
    CaseStudyPageFactory(parent=product, title="Estuary case", slug="estuary-case")
    product_index.show_in_menus = True
    product_index.save_revision().publish()

    home = client.get("/es/").content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', home, re.S).group()
    assert f'href="/es/{product_index.slug}/" lang="en"' in menu
    assert f'<a href="/es/{product_index.slug}/tidal-atlas/" lang="en">Tidal atlas</a>' in home

    product_page = client.get(f"/es/{product_index.slug}/tidal-atlas/").content.decode()
    assert NOTICE in product_page
    case_link = re.search(r'<a href="([^"]+)" lang="en">Estuary case</a>', product_page).group(1)
    assert case_link == f"/es/{product_index.slug}/tidal-atlas/estuary-case/"
    case = client.get(case_link)
    assert case.status_code == 200 and NOTICE in case.content.decode()


@pytest.mark.django_db
def test_an_address_that_exists_in_no_language_is_still_a_404(client, dialogue):
    assert client.get(f"{dialogue.url}no-such-webinar/").status_code == 404
    assert client.get("/es/no-such-section/").status_code == 404


@pytest.mark.django_db
def test_a_draft_translation_is_never_shown_the_original_is(client, dialogue):
    english = Page.objects.get(slug="foghorn-webinar").specific
    source, _ = TranslationSource.get_or_create_from_instance(english)
    # Starting a translation the way the admin does (wagtail-localize's submit view).
    staff = get_user_model().objects.create_superuser("translator", "t@example.org", "pw")
    client.force_login(staff)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
        {"locales": [dialogue.locale_id]},
    )
    assert response.status_code == 302
    draft = english.get_translation(dialogue.locale)
    assert not draft.live, "a new translation stays a draft until a translator publishes it"
    client.logout()

    listing = client.get(dialogue.url).content.decode()
    assert f'<a href="{dialogue.url}foghorn-webinar/" lang="en">Foghorn webinar</a>' in listing
    shown = client.get(f"{dialogue.url}foghorn-webinar/")
    assert shown.status_code == 200 and NOTICE in shown.content.decode()

    draft.save_revision().publish()
    published = client.get(f"{dialogue.url}foghorn-webinar/").content.decode()
    assert NOTICE not in published


@pytest.mark.django_db
def test_parents_created_on_the_way_are_aliases_shown_as_the_original(client, spanish, product_index):
    product = KnowledgeProductPageFactory(parent=product_index, title="Tidal atlas", slug="tidal-atlas")
    staff = get_user_model().objects.create_superuser("translator", "t@example.org", "pw")
    client.force_login(staff)
    client.post(reverse("wagtail_localize:submit_page_translation", args=[product.pk]), {"locales": [spanish.pk]})
    alias = product_index.get_translation(spanish)
    assert alias.alias_of_id == product_index.pk and alias.live
    assert not product.get_translation(spanish).live
    client.logout()

    html = client.get(alias.url).content.decode()
    assert NOTICE in html and '<main id="main" tabindex="-1" lang="en">' in html
    assert canonical(html) == "http://localhost" + product_index.url


@pytest.mark.django_db
def test_translating_a_live_alias_takes_it_back_to_draft(
    client, spanish, product_index, django_capture_on_commit_callbacks
):
    product = KnowledgeProductPageFactory(parent=product_index, title="Tidal atlas", slug="tidal-atlas")
    staff = get_user_model().objects.create_superuser("translator", "t@example.org", "pw")
    client.force_login(staff)
    client.post(reverse("wagtail_localize:submit_page_translation", args=[product.pk]), {"locales": [spanish.pk]})
    alias = product_index.get_translation(spanish)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[product_index.pk]), {"locales": [spanish.pk]}
        )
    assert response.status_code == 302
    alias.refresh_from_db()
    assert alias.alias_of_id is None and not alias.live
    client.logout()
    # Its address still answers, with the English original and the notice.
    shown = client.get(f"/es/{product_index.slug}/")
    assert shown.status_code == 200 and NOTICE in shown.content.decode()


@pytest.mark.django_db
def test_the_sitemap_lists_an_untranslated_page_once_at_its_canonical_address(client, dialogue):
    sitemap = client.get("/sitemap.xml").content.decode()
    english_url = Page.objects.get(slug="foghorn-webinar").url
    assert sitemap.count("foghorn-webinar") == 1
    assert f"<loc>http://localhost{english_url}</loc>" in sitemap


@pytest.mark.django_db
def test_spanish_search_finds_an_untranslated_page_and_links_it_under_es(client, dialogue):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    html = client.get("/es/search/", {"q": "foghorn"}).content.decode()
    link = re.search(r'<a href="([^"]+)" lang="en">Foghorn webinar</a>', html)
    assert link, "the English webinar is found on the Spanish site, marked as English"
    assert link.group(1) == f"{dialogue.url}foghorn-webinar/"
    assert client.get(link.group(1)).status_code == 200
    # Its translation, once published, is found instead: the page is listed once.
    english = Page.objects.get(slug="foghorn-webinar")
    spanish = translate(english.specific, dialogue.locale, {"Foghorn webinar": "Seminario web de la sirena"})
    call_command("update_index", verbosity=0)
    html = client.get("/es/search/", {"q": "sirena"}).content.decode()
    assert f'<a href="{spanish.url}">Seminario web de la sirena</a>' in html
    assert "Foghorn webinar" not in client.get("/es/search/", {"q": "foghorn"}).content.decode()


@pytest.mark.django_db
def test_a_comment_found_on_the_spanish_site_is_titled_and_linked_with_the_spanish_week(client, dialogue):
    from django.core.management import call_command

    from .factories import WeeklyQuestionPageFactory, add_comment, make_member

    english_dialogue = Page.objects.get(slug="lighthouse")
    week = WeeklyQuestionPageFactory(parent=english_dialogue, title="Week 1: Beacons", slug="week-1")
    spanish_week = translate(week, dialogue.locale, {"Week 1: Beacons": "Semana 1: balizas"})
    comment = add_comment(week, make_member("keeper"), "Our semaphore drills helped.", language="en")
    call_command("update_index", verbosity=0)

    response = client.get("/es/search/", {"q": "semaphore", "language": "any"})
    (hit,) = response.context["search_results"]
    assert "Semana 1: balizas" in hit.title
    landing = client.get(hit.url.split("#")[0])
    assert landing.status_code == 302 and landing["Location"] == f"{spanish_week.url}#c{comment.pk}"


@pytest.mark.django_db
def test_a_dialogues_related_product_is_linked_in_the_readers_language(client, dialogue, product_index):
    from dialogue_pages.models import DialogueRelatedPage

    product = KnowledgeProductPageFactory(parent=product_index, title="Tidal atlas", slug="tidal-atlas")
    untranslated = KnowledgeProductPageFactory(parent=product_index, title="Reef almanac", slug="reef-almanac")
    english = Page.objects.get(slug="lighthouse").specific
    english.related_pages = [DialogueRelatedPage(related_page=product), DialogueRelatedPage(related_page=untranslated)]
    english.save_revision().publish()
    translate(product_index, dialogue.locale, {})
    spanish_product = translate(product, dialogue.locale, {"Tidal atlas": "Atlas de mareas"})
    source, _created = TranslationSource.get_or_create_from_instance(english)
    source.update_from_db()
    spanish = translate(english, dialogue.locale, SPANISH)  # syncs the related pages

    html = client.get(spanish.url).content.decode()
    assert f'<a href="{spanish_product.url}">Atlas de mareas</a>' in html
    assert re.search(r'<a href="/es/[^"]*reef-almanac/" lang="en">Reef almanac</a>', html)
