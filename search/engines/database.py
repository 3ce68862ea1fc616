"""Search through Wagtail's database index (SQLite FTS5, PostgreSQL full-text search).

A query is matched against the index entries (``search.engines.matching``), each with its
:class:`~search.models.IndexedFacts`: type, language, year, dialogue and the page it is on.
Drafts, and results on a private page (by the page's id), are left out in SQL. Pages, and
each non-page source (comments), are counted and ranked among their newest ``COUNT_LIMIT``
matches (the latest index entries): one query reads the facts of the newest matches of every
type, newest first (a type crowded out goes on alone, ``read_newest``), and Python counts
them; past the limit the answer says it is partial, and the cost of a search no longer
grows with the archive. The ranked lists of the sources are merged by reciprocal
rank, each source weighted by its ``search_rank_boost``, and a result whose headline (title,
questions…) holds every word of the query goes first.
"""

from collections import Counter, defaultdict

from django.utils.functional import cached_property

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from localized_pages.listings import show_in_language
from localized_pages.locales import default_locale, locale_by_pk

from ..facets import Row, count_facets, dialogue_directory
from ..facts import private_page_ids
from ..sources import object_sources, page_source, rank_boost
from .base import MAX_RANKED_RESULTS, Outcome, headline_text, in_reader_language, object_hit, page_hit
from .matching import entry_matches

# Reciprocal-rank fusion constant: damps the difference between the first ranks.
RRF_K = 60
HEADLINE_BONUS = 1.0
# Candidates fetched from each source to rank a page of results.
MIN_POOL = 20
# Pages, and each non-page source (comments), are counted and ranked among their newest matches
# only, at most this many each: past it, the cost of a search no longer grows with the archive.
COUNT_LIMIT = 500
PAGES = "pages"
FACTS = ("is_page", "kind", "language", "year", "dialogue", "page_id", "translation_key", "missing_in")


class DatabaseEngine:
    """The embedded engine: Wagtail's database search backend."""

    def search(self, query, filters, locale, request):
        return DatabaseSearch(query, filters, locale, request).outcome()

    def autocomplete(self, text, locale, limit):
        """Titles of live, public pages of ``locale`` starting with ``text``'s words."""
        return list(Page.objects.live().public().filter(locale=locale).autocomplete(text)[:limit])


class DatabaseSearch:
    """One visitor's search, from matching to a ranked page of hits."""

    def __init__(self, query, filters, locale, request):
        self.query = query
        self.filters = filters
        self.locale = locale
        self.request = request
        self.dialogues = dialogue_directory(locale, request)
        self.pages = page_source()
        self.sources = object_sources()
        self.matcher = entry_matches(get_search_backend(), query.to_search_query())
        self.private = private_page_ids(request)
        self.fallback_pks = set()  # pages shown in the reader's language although not translated (page_rows)
        self.partial = set()  # the sources with more than COUNT_LIMIT matches (counted: the newest)
        self.counted = {}  # {source type key: [the facts of each entry counted]}: ranking picks among them

    def outcome(self):
        total, counts = count_facets(self.rows, self.filters)
        return Outcome(total=total, facet_counts=counts, fetch=self.fetch, partial=bool(self.partial))

    @cached_property
    def rows(self):
        """The facet rows of every source (and, on the way, the entries counted and the untranslated pages shown)."""
        self.read_newest()
        return [*self.page_rows(), *(row for source in self.sources for row in self.object_rows(source))]

    # Matching and facets ---------------------------------------------------------------

    def fact(self, name):
        return self.matcher.facts + name

    def matches(self, key=None):
        """The matching entries visitors may see: of pages (``key`` ``PAGES``), of one other type, or of all."""
        matches = (
            self.matcher.queryset()
            .filter(**{self.fact("live"): True})
            .exclude(**{self.fact("page_id__in"): self.private})
        )
        if key == PAGES:
            return matches.filter(**{self.fact("is_page"): True})
        if key is not None:
            return matches.filter(**{self.fact("is_page"): False, self.fact("kind"): key})
        return matches

    def dialogue(self, key):
        return key if key in self.dialogues else None

    def newest(self, matches, limit):
        """The facts of the newest ``limit`` of these matches, newest first, as dicts.

        Where the matcher scores as cheaply here as later (SQLite: FTS5 has the match at hand), each
        also brings its score and object id, and ranking needs no query of its own.
        """
        columns = ["pk", *(self.fact(name) for name in FACTS)]
        if self.matcher.scores_newest:
            matches = self.matcher.scored(matches)
            columns += ["_score", f"{self.matcher.entry}object_id"]
        names = ("entry", *FACTS, "score", "object_id")[: len(columns)]
        return [dict(zip(names, row, strict=True)) for row in matches.order_by("-pk").values_list(*columns)[:limit]]

    def read_newest(self):
        """The newest ``COUNT_LIMIT`` matches of pages and of each other type (``counted``): they are
        counted, and ranking picks among them.

        One query reads the newest matches of every type, as many as all their limits together:
        when fewer match (a phrase, a rare word) that is every match, and the only query. Else a
        type short of its limit goes on alone from there, through its matches older than the last
        one read.
        """
        keys = [PAGES, *(source.type_key for source in self.sources)]
        limit = COUNT_LIMIT * len(keys)
        every = self.newest(self.matches(), limit)
        self.counted = {key: [] for key in keys}
        for facts in every:
            key = PAGES if facts["is_page"] else facts["kind"]
            if key in self.counted and len(self.counted[key]) < COUNT_LIMIT:
                self.counted[key].append(facts)
        for key in keys:
            missing = COUNT_LIMIT - len(self.counted[key])
            if len(every) >= limit and missing > 0:
                self.counted[key] += self.newest(self.matches(key).filter(pk__lt=every[-1]["entry"]), missing)
            if len(self.counted[key]) >= COUNT_LIMIT:
                self.partial.add(key)

    def page_rows(self):
        """Facet rows of the newest matching pages (at most ``COUNT_LIMIT``: read as they are, then counted).

        As everywhere on the site (``localized_pages``), a page with no live translation in
        the reader's language is shown in its own: it counts under the reader's language
        too, once (its source-language version first).
        """
        reader = self.locale.language_code
        counted = self.counted[PAGES]
        missing = f" {reader} "
        self.fallback_pks = self.shown_untranslated(
            [facts for facts in counted if facts["language"] != reader and missing in (facts["missing_in"] or "")]
        )
        counts = Counter()
        for facts in counted:
            if facts["kind"] in self.pages.type_keys:
                shown_in = (reader,) if facts["page_id"] in self.fallback_pks else ()
                dialogue = self.dialogue(facts["dialogue"])
                counts[facts["kind"], dialogue, facts["language"], facts["year"], shown_in] += 1
        return [
            Row(kind, dialogue, language, year, count, shown_in=shown_in)
            for (kind, dialogue, language, year, shown_in), count in counts.items()
        ]

    @staticmethod
    def shown_untranslated(counted):
        """Of the matching pages in another language with no live translation in the reader's,
        the one of each translation set the reader's site shows (its source-language version first)."""
        default = default_locale().language_code
        chosen = {}
        for facts in sorted(counted, key=lambda facts: (facts["language"] != default, facts["language"])):
            chosen.setdefault(facts["translation_key"], facts["page_id"])
        return set(chosen.values())

    def object_rows(self, source):
        """Facet rows of ``source``'s newest matches (at most ``COUNT_LIMIT``)."""
        counts = Counter(
            (self.dialogue(facts["dialogue"]), facts["language"], facts["year"])
            for facts in self.counted[source.type_key]
        )
        return [
            Row(source.type_key, dialogue, language, year, count)
            for (dialogue, language, year), count in counts.items()
        ]

    # Ranking ---------------------------------------------------------------------------

    def fetch(self, start, stop):
        """Hits ``start`` to ``stop`` of the merged ranking."""
        pool = min(max(stop, MIN_POOL), MAX_RANKED_RESULTS)
        self.rows  # noqa: B018 - ranking picks among the entries counted (and the untranslated pages shown)
        ranked = self.ranked(pool)
        candidates = self.ranked_pages(ranked[PAGES]) + [
            candidate for source in self.sources for candidate in self.ranked_objects(source, ranked[source.type_key])
        ]
        candidates.sort(key=lambda candidate: candidate[0], reverse=True)
        return [make_hit() for _score, make_hit in candidates[start:stop]]

    def score(self, obj, rank):
        bonus = HEADLINE_BONUS if self.query.matches_all(headline_text(obj)) else 0
        return bonus + rank_boost(type(obj)) / (RRF_K + rank)

    def wanted(self, facts):
        """Whether an entry counted (its ``facts``) passes the visitor's filters."""
        filters = self.filters
        if filters.type and facts.get("kind", filters.type) != filters.type:
            return False
        if filters.language and facts["language"] != filters.language:
            shown_here = filters.language == self.locale.language_code and facts.get("page_id") in self.fallback_pks
            if not shown_here:
                return False
        if filters.dialogue and facts["dialogue"] != filters.dialogue:
            return False
        return not (filters.year and facts["year"] != filters.year)

    def candidates(self, key):
        """The entries of a source to rank (their facts): those counted that pass the filters."""
        return [facts for facts in self.counted.get(key, ()) if self.wanted(facts)]

    def ranked(self, pool):
        """``{source type key: [(object id, facts)]}``: the ``pool`` best candidates of each source, best first.

        Each source's candidates are the entries counted that pass the visitor's filters (``candidates``).
        """
        ranked = {key: [] for key in self.counted}
        if self.matcher.scores_newest:  # scored when counted: best first (as the matcher orders), then newest
            sign = -1 if self.matcher.best_first.startswith("-") else 1
            for key in self.counted:
                best = sorted(self.candidates(key), key=lambda facts: (sign * facts["score"], -facts["entry"]))
                ranked[key] = [(int(facts["object_id"]), facts) for facts in best[:pool]]
            return ranked
        # Scored in one query for every source (read best first, and cut to the pool of each here).
        by_entry = {facts["entry"]: (key, facts) for key in self.counted for facts in self.candidates(key)}
        if not by_entry:
            return ranked
        scored = self.matcher.scored(self.matcher.among(by_entry)).order_by(self.matcher.best_first, "-pk")
        for entry, object_id in scored.values_list("pk", f"{self.matcher.entry}object_id"):
            key, facts = by_entry[entry]
            if len(ranked[key]) < pool:
                ranked[key].append((int(object_id), facts))
        return ranked

    def ranked_pages(self, ranked):
        specific = self.live_pages(ranked)
        pages = [specific[pk] for pk, _facts in ranked if pk in specific]
        if not self.filters.language:  # every language: show each page in the reader's, where translated
            shown_pages = in_reader_language(pages, self.locale)
        else:
            shown_pages = [(page, page) for page in pages]
        # Pages in another language link under the reader's prefix, as their listings do.
        show_in_language([shown for _page, shown in shown_pages], self.locale)
        return [(self.score(page, rank), self.page_hit_maker(shown)) for rank, (page, shown) in enumerate(shown_pages)]

    def live_pages(self, ranked):
        """``{pk: specific page}`` of these ranked pages that are live: one query per page type (their
        facts name it), none for the base pages ``specific()`` would read first."""
        ids = defaultdict(list)
        for pk, facts in ranked:
            if facts["kind"] in self.pages.type_keys:
                ids[self.pages.type_keys[facts["kind"]]].append(pk)
        return {pk: page for model, pks in ids.items() for pk, page in model.objects.live().in_bulk(pks).items()}

    def ranked_objects(self, source, ranked):
        objects = source.visible([pk for pk, _facts in ranked])  # only what is visible now, whatever the index says
        shown = [(objects[pk], facts) for pk, facts in ranked if pk in objects]
        return [
            (self.score(obj, rank), self.object_hit_maker(obj, source, self.dialogue(facts["dialogue"])))
            for rank, (obj, facts) in enumerate(shown)
        ]

    def page_hit_maker(self, page):
        locale = locale_by_pk(page.locale_id)
        languages = {page.locale_id: locale.language_code} if locale else {}
        return lambda: page_hit(page, self.query, self.request, self.dialogues, languages)

    def object_hit_maker(self, obj, source, dialogue):
        return lambda: object_hit(obj, source, dialogue, self.query, self.request, self.dialogues)
