"""The public search: one query over pages, visible comments and transcripts, with facets."""

from datetime import UTC, datetime

import pytest

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from .factories import (
    CaseStudyPageFactory,
    DialoguePageFactory,
    DialogueReportPageFactory,
    KnowledgeProductPageFactory,
    WebinarPageFactory,
    WeeklyQuestionPageFactory,
    add_comment,
    make_member,
)

SEPT_2016 = datetime(2016, 9, 1, tzinfo=UTC)

HOSTILE_QUERIES = [
    "",
    "   ",
    '"unterminated phrase',
    '""',
    '"a"',
    "AND OR NOT",
    "NOT",
    "- + * ~ ^ :",
    "*",
    "NEAR(a b)",
    "a:b",
    "title:resistances",
    "(((",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\x00\x01\x1f control",
    "resist\x00ances",
    "ジェンダー平等",
    "المساواة بين الجنسين",
    "равенство",
    "x" * 5000,
    "word " * 300,
    "%",
    "-",
    "^",
    "resistances*",
    "resistances~2",
    "resistances^3",
    "+resistances -training",
    "\\",
    "🙂",
]


@pytest.fixture
def member(db):
    return make_member("ana")


@pytest.fixture
def site(dialogue_index, product_index, member):
    """A dialogue with its week, webinar, report and comments; a product with a case study."""
    dialogue = DialoguePageFactory(
        parent=dialogue_index,
        title="Resistances in training",
        introduction="<p>How trainers answer the backlash against equality.</p>",
        start_at=datetime(2016, 8, 29, tzinfo=UTC),
        end_at=datetime(2016, 9, 17, tzinfo=UTC),
    )
    week = WeeklyQuestionPageFactory(
        parent=dialogue,
        title="Week 1",
        questions=[("question", {"question": "Which criteria define a good practice?", "note": ""})],
    )
    webinar = WebinarPageFactory(
        parent=dialogue,
        title="Panel on methods",
        starts_at=datetime(2016, 9, 6, 13, tzinfo=UTC),
        transcript="[00:01:02] Moderator: welcome everyone.\n[00:12:30] Clara: the toolkit helped facilitators a lot.",
    )
    DialogueReportPageFactory(parent=dialogue, title="Synthesis report", summary="Members compared experiences.")
    product = KnowledgeProductPageFactory(parent=product_index, title="Compendium of good practices")
    CaseStudyPageFactory(parent=product, title="Gender school in Bogotá", organisation="Escuela")
    comments = {
        "visible": add_comment(
            week, member, "Our toolkit uses storytelling with facilitators.", submit_date=SEPT_2016
        ),
        "spanish": add_comment(
            week, member, "La metodología participativa funcionó.", language="es", submit_date=SEPT_2016
        ),
        "pending": add_comment(week, member, "Pending idea about zeppelins.", is_public=False),
        "hidden": add_comment(week, member, "Hidden rant about zeppelins.", is_removed=True),
    }
    return {"dialogue": dialogue, "week": week, "webinar": webinar, "product": product, "comments": comments}


def results(response):
    return list(response.context["search_results"])


def titles(response):
    return [hit.title for hit in results(response)]


def facet(response, name):
    """``{label: count}`` of a facet on the page."""
    for item in response.context["facets"]:
        if item.name == name:
            return {option.label: option.count for option in item.options}
    raise AssertionError(f"no facet {name}")


@pytest.mark.django_db
def test_search_finds_pages_by_title_and_question_and_logs_the_query(client, site):
    response = client.get("/en/search/", {"q": "resistances"})
    assert titles(response) == ["Resistances in training"]
    response = client.get("/en/search/", {"q": "criteria"})
    assert titles(response) == ["Week 1"]
    assert Query.objects.get(query_string="criteria").hits == 1


@pytest.mark.django_db
def test_results_show_type_dialogue_date_and_highlighted_excerpt(client, site):
    response = client.get("/en/search/", {"q": "toolkit"})
    hits = {hit.type_label: hit for hit in results(response)}
    assert set(hits) == {"Webinar or recording", "Comment"}
    webinar = hits["Webinar or recording"]
    assert webinar.dialogue_label == "Resistances in training"
    assert webinar.date == datetime(2016, 9, 6, 13, tzinfo=UTC)
    assert "<mark>toolkit</mark> helped facilitators" in webinar.excerpt
    assert "Clara: the <mark>toolkit</mark>" in webinar.excerpt  # speakers kept, timestamps dropped
    comment = hits["Comment"]
    assert comment.dialogue_label == "Resistances in training"
    assert comment.url.endswith(f"#c{site['comments']['visible'].pk}")
    html = response.content.decode()
    assert "<mark>toolkit</mark>" in html
    assert "Resistances in training" in html


@pytest.mark.django_db
def test_excerpts_escape_html_in_content(client, site, member):
    add_comment(site["week"], member, "<b>bold</b> claim about toolkit & <script>x()</script>")
    html = client.get("/en/search/", {"q": "toolkit"}).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; claim about <mark>toolkit</mark> &amp; &lt;script&gt;" in html
    assert "<script>x()" not in html


@pytest.mark.django_db
def test_hidden_and_pending_comments_are_never_found_nor_counted(client, site):
    response = client.get("/en/search/", {"q": "zeppelins", "language": "any"})
    assert results(response) == []
    assert response.context["result_count"] == 0
    assert all(not item.options for item in response.context["facets"])
    assert "zeppelins" not in "".join(str(hit.excerpt) for hit in results(response))


@pytest.mark.django_db
def test_hiding_a_comment_removes_it_from_the_index_and_approving_adds_it(client, site):
    from wagtail.search.backends import get_search_backend

    from dialogue_pages.models import DialogueComment
    from dialogue_pages.signals import comments_changed

    comment = site["comments"]["visible"]
    DialogueComment.objects.filter(pk=comment.pk).update(is_removed=True)
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk])
    backend_results = get_search_backend().search("storytelling", DialogueComment.objects.all())
    assert list(backend_results) == []
    assert results(client.get("/en/search/", {"q": "storytelling"})) == []

    pending = site["comments"]["pending"]
    DialogueComment.objects.filter(pk=pending.pk).update(is_public=True)
    comments_changed.send(sender=DialogueComment, comment_ids=[pending.pk])
    assert [hit.obj.pk for hit in results(client.get("/en/search/", {"q": "zeppelins"}))] == [pending.pk]


@pytest.mark.django_db
def test_deleted_comment_leaves_the_index(site):
    from wagtail.search.backends import get_search_backend

    from dialogue_pages.models import DialogueComment
    from dialogue_pages.signals import comments_changed

    comment = site["comments"]["visible"]
    pk = comment.pk
    DialogueComment.objects.filter(pk=pk).delete()
    comments_changed.send(sender=DialogueComment, comment_ids=[pk])
    assert list(get_search_backend().search("storytelling", DialogueComment.objects.all())) == []


@pytest.mark.django_db
def test_drafts_unpublished_and_private_pages_are_never_found(client, site, dialogue_index):
    WeeklyQuestionPageFactory(parent=site["dialogue"], title="Secret draft week", live=False)
    private = DialoguePageFactory(parent=dialogue_index, title="Secret members dialogue")
    private_week = WeeklyQuestionPageFactory(parent=private, title="Secret private week")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    add_comment(private_week, site["comments"]["visible"].user, "secret comment under restriction")
    site["product"].unpublish()
    response = client.get("/en/search/", {"q": "secret", "language": "any"})
    assert results(response) == []
    assert response.context["result_count"] == 0
    assert all(not item.options for item in response.context["facets"])
    assert results(client.get("/en/search/", {"q": "compendium"})) == []
    autocomplete = client.get("/en/search/autocomplete/", {"q": "secr"}).json()
    assert autocomplete["results"] == []


@pytest.mark.django_db
def test_comments_of_an_unpublished_week_disappear(client, site):
    assert results(client.get("/en/search/", {"q": "storytelling"}))
    site["week"].unpublish()
    assert results(client.get("/en/search/", {"q": "storytelling"})) == []


@pytest.mark.django_db
def test_moving_and_deleting_pages_follow_in_search(client, site, dialogue_index):
    other = DialoguePageFactory(parent=dialogue_index, title="Another dialogue")
    site["webinar"].move(other, pos="last-child")
    hit = next(h for h in results(client.get("/en/search/", {"q": "toolkit"})) if h.type_label != "Comment")
    assert hit.dialogue_label == "Another dialogue"
    site["webinar"].refresh_from_db()
    site["webinar"].delete()
    assert [h.type_label for h in results(client.get("/en/search/", {"q": "toolkit"}))] == ["Comment"]


@pytest.mark.django_db
def test_facets_count_types_dialogues_languages_and_years(client, site):
    response = client.get("/en/search/", {"q": "facilitators", "language": "any"})
    assert facet(response, "type") == {"Webinar or recording": 1, "Comment": 1}
    assert facet(response, "dialogue") == {"Resistances in training": 2}
    assert facet(response, "year") == {"2016": 2}
    assert facet(response, "language") == {"English": 2}
    response = client.get("/en/search/", {"q": "facilitation OR participativa", "language": "any"})
    assert response.context["result_count"] == 0


@pytest.mark.django_db
def test_filters_combine_and_counts_stay_disjunctive(client, site):
    response = client.get("/en/search/", {"q": "facilitators", "type": "dialogue_pages.dialoguecomment"})
    assert [hit.type_label for hit in results(response)] == ["Comment"]
    # The type facet still shows what the other type would give.
    assert facet(response, "type") == {"Webinar or recording": 1, "Comment": 1}
    response = client.get(
        "/en/search/", {"q": "facilitators", "type": "dialogue_pages.dialoguecomment", "year": "2015"}
    )
    assert results(response) == []
    assert facet(response, "year") == {"2016": 1, "2015": 0}
    response = client.get("/en/search/", {"q": "facilitators", "year": "2016", "type": "dialogue_pages.webinarpage"})
    assert titles(response) == ["Panel on methods"]


@pytest.mark.django_db
def test_language_defaults_to_the_visitors_and_can_be_widened(client, site):
    assert results(client.get("/en/search/", {"q": "metodología"})) == []
    response = client.get("/en/search/", {"q": "metodología", "language": "es"})
    assert [hit.language for hit in results(response)] == ["es"]
    assert facet(response, "language") == {"Español": 1}
    response = client.get("/es/search/", {"q": "metodología"})
    assert len(results(response)) == 1
    assert len(results(client.get("/en/search/", {"q": "metodología", "language": "any"}))) == 1


@pytest.mark.django_db
def test_url_holds_the_state_in_facet_links_and_pagination(client, site, member):
    for n in range(12):
        add_comment(site["week"], member, f"facilitators note {n}")
    response = client.get("/en/search/", {"q": "facilitators", "type": "dialogue_pages.dialoguecomment"})
    assert response.context["result_count"] == 13
    html = response.content.decode()
    assert "?q=facilitators&amp;type=dialogue_pages.dialoguecomment&amp;page=2" in html
    second = client.get("/en/search/", {"q": "facilitators", "type": "dialogue_pages.dialoguecomment", "page": 2})
    assert len(results(second)) == 3
    first_ids = {hit.obj.pk for hit in results(response)}
    assert first_ids.isdisjoint({hit.obj.pk for hit in results(second)})
    dialogue_link = next(
        option.query_string
        for item in response.context["facets"]
        if item.name == "dialogue"
        for option in item.options
    )
    assert f"dialogue={site['dialogue'].translation_key}" in dialogue_link
    assert "type=dialogue_pages.dialoguecomment" in dialogue_link


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,ignored",
    [
        ({"type": "nonsense"}, "Type"),
        ({"dialogue": "not-a-dialogue"}, "Dialogue"),
        ({"language": "xx"}, "Language"),
        ({"year": "20x6"}, "Year"),
        ({"year": "99999999999999999999"}, "Year"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(client, site, params, ignored):
    response = client.get("/en/search/", {"q": "resistances", **params})
    assert response.status_code == 200
    assert response.context["ignored_filters"] == [ignored]
    assert "have been ignored" in response.content.decode()
    assert titles(response) == ["Resistances in training"]


@pytest.mark.django_db
def test_titles_and_questions_rank_above_body_and_comments(client, site, dialogue_index, member):
    DialoguePageFactory(parent=dialogue_index, title="Other", introduction="<p>We discussed criteria at length.</p>")
    add_comment(site["week"], member, "criteria criteria criteria everywhere")
    ranked = [hit.title for hit in results(client.get("/en/search/", {"q": "criteria"}))]
    assert ranked[0] == "Week 1"
    assert ranked.index("Other") < len(ranked) - 1
    assert ranked[-1].endswith("on “Week 1”")
    ranked = titles(client.get("/en/search/", {"q": "resistances training"}))
    assert ranked[0] == "Resistances in training"


@pytest.mark.django_db
def test_quoted_phrases_are_exact(client, site, member):
    add_comment(site["week"], member, "practice makes a good habit")
    comment_title = f"{member.public_name} on “Week 1”"
    unquoted = titles(client.get("/en/search/", {"q": "good practice"}))
    assert {"Week 1", comment_title} <= set(unquoted)
    phrase = titles(client.get("/en/search/", {"q": '"good practice"'}))
    assert "Week 1" in phrase
    assert comment_title not in phrase


@pytest.mark.django_db
def test_promotions_appear_above_results_only_for_live_public_pages(client, site, dialogue_index):
    query = Query.get("methods")
    SearchPromotion.objects.create(query=query, page=site["product"], description="Start here", sort_order=0)
    draft = DialoguePageFactory(parent=dialogue_index, title="Draft pick", live=False)
    SearchPromotion.objects.create(query=query, page=draft, sort_order=1)
    response = client.get("/en/search/", {"q": "Methods"})
    assert [promotion.page.title for promotion in response.context["promotions"]] == ["Compendium of good practices"]
    html = response.content.decode()
    assert html.index("Start here") < html.index("Panel on methods")


@pytest.mark.django_db
def test_promotions_are_kept_until_a_promotion_or_its_page_changes(client, site, member):
    def promoted():
        response = client.get("/en/search/", {"q": "methods"})
        return [promotion.page.title for promotion in response.context["promotions"]]

    assert promoted() == []
    promotion = SearchPromotion.objects.create(query=Query.get("methods"), page=site["product"], sort_order=0)
    assert promoted() == ["Compendium of good practices"], "a new promotion is in the very next search"
    client.force_login(member)
    assert promoted() == ["Compendium of good practices"], "members see the same promotions"
    site["product"].unpublish()
    assert promoted() == [], "an unpublished page is no longer promoted"
    site["product"].save_revision().publish()
    assert promoted() == ["Compendium of good practices"]
    promotion.delete()
    assert promoted() == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gets_an_answer_page(client, site, query):
    response = client.get("/en/search/", {"q": query, "page": "not-a-number", "year": query[:10]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    autocomplete = client.get("/en/search/autocomplete/", {"q": query})
    assert autocomplete.status_code == 200


@pytest.mark.django_db
def test_search_page_numbers_out_of_range_show_the_last_page(client, site):
    response = client.get("/en/search/", {"q": "resistances", "page": "999"})
    assert response.status_code == 200
    assert response.context["search_results"].number == 1


@pytest.mark.django_db
def test_autocomplete_suggests_live_public_titles_in_the_visitors_language(client, site):
    data = client.get("/en/search/autocomplete/", {"q": "Resist"}).json()
    assert data["results"] == [{"title": "Resistances in training", "url": site["dialogue"].url, "type": "Dialogue"}]
    assert client.get("/en/search/autocomplete/", {"q": "toolkit"}).json()["results"] == []
    assert client.post("/en/search/autocomplete/", {"q": "Resist"}).status_code == 405


@pytest.mark.django_db
def test_search_within_a_dialogue(client, site, dialogue_index, member):
    other = DialoguePageFactory(parent=dialogue_index, title="Other dialogue about facilitators")
    page = client.get(site["dialogue"].url).content.decode()
    assert f'name="dialogue" value="{site["dialogue"].translation_key}"' in page
    response = client.get("/en/search/", {"q": "facilitators", "dialogue": str(site["dialogue"].translation_key)})
    assert other.title not in titles(response)
    assert len(results(response)) == 2
    assert "Searching within the dialogue" in response.content.decode()


@pytest.mark.django_db
def test_header_search_box_works_without_javascript(client, site):
    html = client.get("/en/search/").content.decode()
    assert 'action="/en/search/"' in html
    assert 'data-autocomplete-url="/en/search/autocomplete/"' in html
    assert "search-autocomplete.js" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_search_refuses_post(client):
    assert client.post("/en/search/", {"q": "x"}).status_code == 405


@pytest.mark.django_db
def test_unprefixed_search_url_redirects_to_the_language(client):
    response = client.get("/search/?q=good")
    assert response.status_code == 302
    assert response["Location"] == "/en/search/?q=good"


@pytest.mark.django_db
def test_a_facet_links_its_most_frequent_values_and_offers_the_others_in_a_list_box(client, dialogue_index):
    from search.facets import SHOWN_OPTIONS

    dialogues = []
    for n in range(SHOWN_OPTIONS + 3):  # dialogue n has n + 1 matching weeks: the counts differ
        title = f"Dialogue {chr(ord('A') + n)}" + (' <b>"&"</b>' if n == 0 else "")  # escaped in the list box
        dialogue = DialoguePageFactory(parent=dialogue_index, title=title)
        for week in range(n + 1):
            WeeklyQuestionPageFactory(parent=dialogue, title=f"Orchards {week}")
        dialogues.append(dialogue)
    response = client.get("/en/search/", {"q": "orchards", "type": "dialogue_pages.weeklyquestionpage"})
    [dialogue_facet] = [item for item in response.context["facets"] if item.name == "dialogue"]
    linked = [option.label for option in dialogue_facet.options]
    assert linked == [dialogue.title for dialogue in reversed(dialogues)][:SHOWN_OPTIONS], "most frequent first"
    assert [option.label for option in dialogue_facet.more] == ['Dialogue A <b>"&"</b>', "Dialogue B", "Dialogue C"]
    assert [option.count for option in dialogue_facet.more] == [1, 2, 3]
    html = response.content.decode()
    assert '<label for="facet-more-dialogue">3 more</label>' in html
    escaped = "Dialogue A &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;"
    assert f'<option value="{dialogues[0].translation_key}">{escaped} (1)</option>' in html
    assert "<b>" not in html
    assert '<input type="hidden" name="type" value="dialogue_pages.weeklyquestionpage">' in html
    assert '<input type="hidden" name="q" value="orchards">' in html

    # Chosen from the list box, a value is shown selected among the links, with the other filters kept.
    chosen = client.get(
        "/en/search/",
        {"q": "orchards", "type": "dialogue_pages.weeklyquestionpage", "dialogue": dialogues[0].translation_key},
    )
    assert chosen.context["result_count"] == 1
    [dialogue_facet] = [item for item in chosen.context["facets"] if item.name == "dialogue"]
    assert [option.label for option in dialogue_facet.options if option.selected] == [dialogues[0].title]
    assert dialogues[0].title not in [option.label for option in dialogue_facet.more]
    assert len(dialogue_facet.options) + len(dialogue_facet.more) == len(dialogues)

    spanish = client.get("/es/search/", {"q": "orchards", "language": "any"})
    assert "3 más" in spanish.content.decode()
