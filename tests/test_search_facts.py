"""Search at archive scale (issue 16): every index entry carries its facets, and a search counts
and ranks at most ``COUNT_LIMIT`` of each kind of match, saying so when there were more.

The facts (``search.models.IndexedFacts``) must follow every change Wagtail's index follows
— a draft, a publication, an unpublication, a move to another dialogue, a comment hidden —
or a count would be wrong; these tests make each change and read the search page.
"""

import pytest

from wagtail.models import Page

from dialogue_pages.models import DialogueComment
from dialogue_pages.signals import comments_changed
from search.engines import database
from search.facts import record_all
from search.models import IndexedFacts

from .factories import DialoguePageFactory, WeeklyQuestionPageFactory, add_comment, make_member


@pytest.fixture
def member(db):
    return make_member("ana")


@pytest.fixture
def dialogue(dialogue_index):
    return DialoguePageFactory(parent=dialogue_index, title="Pollinators and their keepers")


def answer(client, text, **params):
    response = client.get("/en/search/", {"q": text, "language": "any", **params})
    assert response.status_code == 200
    return response


def facet(response, name):
    return {
        option.label: option.count
        for item in response.context["facets"]
        if item.name == name
        for option in item.options
    }


def facts_of(obj):
    from search.facts import entry_ids

    entries = entry_ids(type(obj), [obj.pk])
    return IndexedFacts.objects.filter(entry_id__in=entries.values()).first()


@pytest.mark.django_db
def test_a_draft_is_not_counted_until_published_and_not_after_unpublished(client, dialogue):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Beekeepers in town", live=False)
    assert facts_of(week).live is False, "Wagtail indexes drafts (for the admin): their facts say so"
    assert answer(client, "beekeepers").context["result_count"] == 0
    week.save_revision().publish()
    assert answer(client, "beekeepers").context["result_count"] == 1
    week.refresh_from_db()
    week.unpublish()
    assert answer(client, "beekeepers").context["result_count"] == 0


@pytest.mark.django_db
def test_a_page_moved_to_another_dialogue_counts_under_the_new_one(
    client, dialogue, dialogue_index, member, django_capture_on_commit_callbacks
):
    other = DialoguePageFactory(parent=dialogue_index, title="Orchards and their keepers")
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Hives in winter")
    add_comment(week, member, "Hives need shelter in winter")
    comments_changed.send(
        sender=DialogueComment, comment_ids=list(DialogueComment.objects.values_list("pk", flat=True))
    )
    assert facet(answer(client, "hives"), "dialogue") == {"Pollinators and their keepers": 2}
    with django_capture_on_commit_callbacks(execute=True):  # its comments are indexed again on commit
        Page.objects.get(pk=week.pk).move(other, pos="last-child")
    assert facet(answer(client, "hives"), "dialogue") == {"Orchards and their keepers": 2}


@pytest.mark.django_db
def test_a_hidden_comment_leaves_its_facts_with_its_index_entry(client, dialogue, member):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    comment = add_comment(week, member, "Wildflower margins feed the bees")
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk])
    assert facts_of(comment).kind == "dialogue_pages.dialoguecomment"
    assert facts_of(comment).page_id == week.pk
    assert facet(answer(client, "wildflower"), "type") == {"Comment": 1}
    DialogueComment.objects.filter(pk=comment.pk).update(is_public=False)
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk])
    assert facts_of(comment) is None
    assert answer(client, "wildflower").context["result_count"] == 0


@pytest.mark.django_db
def test_past_the_limit_the_newest_matches_are_counted_ranked_and_the_page_says_so(
    client, dialogue, member, monkeypatch
):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    comments = [add_comment(week, member, f"Clover honey note {n}") for n in range(5)]
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk for comment in comments])
    exact = answer(client, "clover")
    assert exact.context["result_count"] == 5
    assert not exact.context["result_count_partial"]
    assert "More than" not in exact.content.decode()

    monkeypatch.setattr(database, "COUNT_LIMIT", 3)
    partial = answer(client, "clover", page="1")  # another address: not the cached answer
    assert partial.context["result_count"] == 3
    assert partial.context["result_count_partial"]
    assert "More than 3 results" in partial.content.decode()
    shown = {hit.obj.pk for hit in partial.context["search_results"].object_list}
    assert shown == {comment.pk for comment in comments[-3:]}, "the newest three, not the oldest"
    # A narrower search is exact again.
    narrow = answer(client, "clover note 1")
    assert narrow.context["result_count"] == 1
    assert not narrow.context["result_count_partial"]


@pytest.mark.django_db
def test_an_index_built_before_the_facts_gets_them_from_record_all(client, dialogue):
    WeeklyQuestionPageFactory(parent=dialogue, title="Meadows in spring")
    IndexedFacts.objects.all().delete()
    assert answer(client, "meadows").context["result_count"] == 0, "without facts, nothing is counted"
    record_all()
    assert answer(client, "meadows", page="1").context["result_count"] == 1


@pytest.mark.django_db
def test_an_edited_comment_is_found_by_its_new_phrase_and_not_its_old_one(client, dialogue, member):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    comment = add_comment(week, member, f"Bumble bees nest in old walls {'z' * 2990}")  # a hostile word too
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk])
    assert answer(client, '"old walls"').context["result_count"] == 1
    DialogueComment.objects.filter(pk=comment.pk).update(comment="Bumble bees nest in walls of old barns")
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk])
    assert answer(client, '"old walls"').context["result_count"] == 0, "the words are the same, the pair is gone"
    assert answer(client, '"old barns"').context["result_count"] == 1
    assert answer(client, "walls barns").context["result_count"] == 1


def test_a_text_is_found_word_for_word_by_its_words_and_its_pairs_of_adjacent_words():
    from search.analysis import exact_terms, phrase_terms

    words = ["good", "practice", "is", "good"]
    assert exact_terms(words) == ["good", "good practice", "practice", "practice is", "is", "is good"]
    assert set(phrase_terms("Good  Práctice!")) <= set(exact_terms(["good", "practice"]))
    assert phrase_terms("Güero") == ["guero"], "one word: the word itself, folded"
    assert phrase_terms("«panaderías del barrio»") == ["panaderias del", "del barrio"]
    assert phrase_terms("¿?") == []
    huge = "a" * 3000
    assert exact_terms(["good", huge, "practice"]) == ["good", "practice"], "a word too long to index is left out"
    long_text = [f"w{n}" for n in range(10_000)]
    kept = exact_terms(long_text, limit=1_000)
    assert 0 < len(kept) < 100, "a text too long for PostgreSQL keeps its first terms"
    assert kept == exact_terms(long_text)[: len(kept)]


@pytest.mark.django_db
def test_the_few_comments_shown_are_checked_by_the_same_rule_as_every_comment(dialogue, member):
    from wagtail.models import PageViewRestriction

    from search.sources import ModelSource, visible_objects

    open_week = WeeklyQuestionPageFactory(parent=dialogue, title="Open")
    private_week = WeeklyQuestionPageFactory(parent=dialogue, title="Private")
    PageViewRestriction.objects.create(page=private_week, restriction_type=PageViewRestriction.LOGIN)
    draft_week = WeeklyQuestionPageFactory(parent=dialogue, title="Withdrawn")
    shown = add_comment(open_week, member, "shown")
    others = [
        add_comment(open_week, member, "pending", is_public=False),
        add_comment(open_week, member, "hidden", is_removed=True),
        add_comment(private_week, member, "private"),
        add_comment(draft_week, member, "withdrawn"),
    ]
    draft_week.unpublish()
    pks = [shown.pk, *(comment.pk for comment in others), 999_999]
    every = set(DialogueComment.get_indexed_objects().filter(pk__in=pks).values_list("pk", flat=True))
    assert every == {shown.pk}
    assert {comment.pk for comment in DialogueComment.visible_among(pks)} == every
    assert set(visible_objects(DialogueComment, pks)) == every
    assert set(ModelSource(DialogueComment).visible(pks)) == every


@pytest.mark.django_db
def test_a_type_crowded_out_of_the_newest_matches_is_read_on_its_own(client, dialogue, member, monkeypatch):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Heather honey")  # indexed first: the oldest match
    comments = [add_comment(week, member, f"Heather note {n}") for n in range(6)]
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk for comment in comments])
    monkeypatch.setattr(database, "COUNT_LIMIT", 2)  # the newest 4 matches of any type are all comments
    response = answer(client, "heather")
    assert facet(response, "type") == {"Weekly question": 1, "Comment": 2}
    assert response.context["result_count_partial"], "more comments matched than were counted"
    assert "Heather honey" in [hit.title for hit in response.context["search_results"].object_list]


@pytest.mark.django_db
def test_a_page_published_again_writes_its_comments_to_the_index_in_one_batch(
    client, dialogue, member, monkeypatch, django_capture_on_commit_callbacks
):
    from search.facts import FactsIndexMixin

    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    comments = [add_comment(week, member, f"Nectar corridor number {number}") for number in range(4)]
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk for comment in comments])
    writes = []
    add_items = FactsIndexMixin.add_items

    def counted(index, model, objs):
        writes.append((model, len(list(objs))))
        return add_items(index, model, objs)

    monkeypatch.setattr(FactsIndexMixin, "add_items", counted)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=week.pk).specific.save_revision().publish()
    assert (DialogueComment, 4) in writes, writes
    assert not [write for write in writes if write[0] is DialogueComment and write[1] < 4], "one write for them all"
    assert facet(answer(client, "nectar"), "type") == {"Comment": 4}


@pytest.mark.django_db
def test_a_change_announced_twice_for_one_comment_indexes_it_once(client, dialogue, member):
    week = WeeklyQuestionPageFactory(parent=dialogue, title="Week one")
    comment = add_comment(week, member, "Hedgerows shelter the pollinators")
    comments_changed.send(sender=DialogueComment, comment_ids=[comment.pk, str(comment.pk), comment.pk])
    assert facet(answer(client, "hedgerows"), "type") == {"Comment": 1}
