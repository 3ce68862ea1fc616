"""A visitor's query, parsed into words and quoted phrases, and the excerpts it highlights.

Parsing keeps letters and digits of any script and drops everything else, so no
operator, quote or control character ever reaches a search engine's query syntax.
Text between double quotes is an exact phrase.

Highlighting reads words as the search engines do (:mod:`search.analysis`): a word of the
text is marked when, accents folded, it begins with a query word or with one of its stems
in the site's languages (``trainings`` marks “training”, ``genero`` marks “género”).
"""

import html
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.search.query import And, Phrase, PlainText

from .analysis import WORD_RE, fold, fold_word, stems_in_every_language

MAX_TERMS = 12
# A query word or stem shorter than this marks only itself, not the words beginning with it.
MIN_STEM_LENGTH = 3
PHRASE_RE = re.compile(r'"([^"]*)"?')
EXCERPT_LENGTH = 240


def words_of(text):
    """The words of ``text``, lower-cased, in any script."""
    return [word.casefold() for word in WORD_RE.findall(text)]


@dataclass(frozen=True)
class ParsedQuery:
    """Words (all must match) and exact phrases of a visitor's query."""

    words: tuple = ()
    phrases: tuple = ()

    @classmethod
    def parse(cls, text):
        phrases = []
        for phrase in PHRASE_RE.findall(text):
            phrase_words = words_of(phrase)
            if len(phrase_words) > 1:
                phrases.append(tuple(phrase_words))
        rest = PHRASE_RE.sub(lambda match: " " if len(words_of(match[1])) > 1 else f" {match[1]} ", text)
        words = tuple(dict.fromkeys(words_of(rest)))
        budget = MAX_TERMS - sum(len(p) for p in phrases)
        return cls(words=words[: max(budget, 0)], phrases=tuple(phrases)[:MAX_TERMS])

    def __bool__(self):
        return bool(self.words or self.phrases)

    @cached_property
    def terms(self):
        """Every word of the query, phrases included, for highlighting and headline matching."""
        return tuple(dict.fromkeys([*self.words, *(word for phrase in self.phrases for word in phrase)]))

    def to_search_query(self):
        """The query as Wagtail search query objects: every word and every phrase must match."""
        parts = [Phrase(" ".join(phrase)) for phrase in self.phrases]
        if self.words:
            parts.append(PlainText(" ".join(self.words), operator="and"))
        return parts[0] if len(parts) == 1 else And(parts)

    @cached_property
    def prefixes(self):
        """For each term, the folded beginnings that mark a word as the term: the term and its stems."""
        result = []
        for term in self.terms:
            folded = fold(term)
            stems = [stem for stem in stems_in_every_language(folded) if len(stem) >= MIN_STEM_LENGTH]
            result.append(tuple(dict.fromkeys([folded, *stems])))
        return result

    @staticmethod
    def stands_for(word, prefixes):
        """Whether a folded ``word`` is one of ``prefixes`` or, for those of 3 letters or more, begins with it.

        “train” marks “training”, but “de” marks only “de”, not “debate”.
        """
        return any(
            word.startswith(prefix) if len(prefix) >= MIN_STEM_LENGTH else word == prefix for prefix in prefixes
        )

    def iter_marked_words(self, text):
        """The matches of the words of ``text`` that stand for a query term, in order, as they are found."""
        prefixes = tuple(prefix for term_prefixes in self.prefixes for prefix in term_prefixes)
        if not prefixes:
            return
        for match in WORD_RE.finditer(text):
            if self.stands_for(fold_word(match.group()), prefixes):
                yield match

    def marked_words(self, text):
        """The matches of the words of ``text`` that stand for a query term, in order."""
        return list(self.iter_marked_words(text))

    def first_marked_word(self, text):
        """The first match of a word of ``text`` standing for a query term (a long transcript is read
        only up to it), or None."""
        return next(self.iter_marked_words(text), None)

    def matches_all(self, text):
        """Whether every word of the query occurs in ``text`` (in any inflection, with or without accents)."""
        found = {fold_word(word) for word in WORD_RE.findall(text)}
        return all(any(self.stands_for(word, term_prefixes) for word in found) for term_prefixes in self.prefixes)

    def mentions(self, text):
        """Whether ``text`` holds any word of the query."""
        return self.first_marked_word(text) is not None

    def highlight(self, text):
        """``text`` HTML-escaped, with the query's words wrapped in ``<mark>``."""
        pieces, position = [], 0
        for match in self.marked_words(text):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
        pieces.append(escape(text[position:]))
        return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above

    def excerpt(self, text, length=EXCERPT_LENGTH):
        """About ``length`` characters of ``text`` around the first match, highlighted."""
        text = " ".join(text.split())
        first = self.first_marked_word(text) if self.terms else None
        start = max(0, first.start() - length // 3) if first else 0
        if start:
            start = text.find(" ", start) + 1 or start
        end = min(len(text), start + length)
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        snippet = self.highlight(text[start:end])
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(f"{prefix}{snippet}{suffix}")  # noqa: S308 - the snippet is escaped by highlight()


def plain_text(value, is_html=False):
    """Indexed field content (stream blocks, lists, HTML when ``is_html``) as plain text."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(plain_text(item, is_html) for item in value.values())
    if isinstance(value, list | tuple):
        return " ".join(plain_text(item, is_html) for item in value)
    return html.unescape(strip_tags(str(value))) if is_html else str(value)
