"""A visitor's query, parsed into words and quoted phrases, and the excerpts it highlights.

Parsing keeps letters and digits of any script and drops everything else, so no
operator, quote or control character ever reaches a search engine's query syntax.
Text between double quotes is an exact phrase.
"""

import html
import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.search.query import And, Phrase, PlainText

MAX_TERMS = 12
WORD_RE = re.compile(r"[^\W_]+")
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
    def pattern(self):
        """A regex finding the query's words (and longer forms of them: “train” marks “training”)."""
        alternatives = sorted((re.escape(term) for term in self.terms), key=len, reverse=True)
        return re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})[^\W_]*", re.IGNORECASE)

    def matches_all(self, text):
        """Whether every word of the query occurs in ``text``."""
        found = {match.casefold() for match in WORD_RE.findall(text)}
        return all(any(word.startswith(term) for word in found) for term in self.terms)

    def highlight(self, text):
        """``text`` HTML-escaped, with the query's words wrapped in ``<mark>``."""
        pieces, position = [], 0
        for match in self.pattern.finditer(text):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
        pieces.append(escape(text[position:]))
        return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above

    def excerpt(self, text, length=EXCERPT_LENGTH):
        """About ``length`` characters of ``text`` around the first match, highlighted."""
        text = " ".join(text.split())
        match = self.pattern.search(text) if self.terms else None
        start = 0 if match is None else max(0, match.start() - length // 3)
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
