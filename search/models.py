"""What the search knows of each index entry beyond its words: the facets it is counted under.

Wagtail's database index (``IndexEntry``) holds an object's words. Counting a query's matches
by type, language, year and dialogue, and filtering them, used to join every match back to
its page or comment tables (three tables per comment): at 100,000 comments that was most of
a search. :class:`IndexedFacts` keeps those values beside each entry, under the entry's own
key, so a match becomes its facets in one primary-key lookup. ``search.facts`` writes them
whenever the index writes an entry.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search.models import IndexEntry


class IndexedFacts(models.Model):
    """The facets of one index entry (a page or a visible comment)."""

    # No database constraint: Wagtail deletes index entries with raw SQL, which would trip it. A
    # row left behind is never read (every query starts from a matching entry) and is
    # overwritten if its id is used again.
    entry = models.OneToOneField(
        IndexEntry,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="site_search_facts",
    )
    is_page = models.BooleanField()
    kind = models.CharField(max_length=100, help_text=_("The result type, e.g. dialogue_pages.weekpage."))
    language = models.CharField(max_length=15)
    year = models.IntegerField(null=True)
    # Pages: whether the page is live (Wagtail indexes drafts too, for the admin's search).
    live = models.BooleanField(default=True)
    # The page itself, or the page a comment is shown on: results on a private page are left out.
    page_id = models.IntegerField(null=True)
    # The translation key of the dialogue at or above the page ('' outside any dialogue).
    dialogue = models.CharField(max_length=36, blank=True)
    translation_key = models.CharField(max_length=36, blank=True)
    # Pages only: the languages with no live translation of the page, space-separated and padded
    # (" es fr "); the site in those languages shows a page of the set in its own language.
    missing_in = models.CharField(max_length=64, blank=True)
    # PostgreSQL only (NULL elsewhere), written from the entry when it is written: its title and
    # body words together (stemmed, with their positions), and each word and pair of adjacent
    # words as written (``search.analysis.exact_terms``: a quoted phrase must occur word for
    # word). A search reads the newest matches of a type from this table alone, in the order of
    # an index (migration 0004), instead of joining every entry and concatenating (or, for a
    # phrase, parsing) its words row by row. SQLite's FTS5 table serves the same purpose.
    words = SearchVectorField(null=True, editable=False)
    exact_words = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("indexed facts")
        verbose_name_plural = _("indexed facts")
        indexes = [models.Index(fields=["translation_key"], name="site_search_facts_tkey")]

    def __str__(self):
        return f"{self.kind} {self.language} {self.year} (entry {self.entry_id})"
