"""How text is read for search in each language: words, accents folded, Snowball stems.

Every engine reads text the same way so that a query finds its words in any inflection
and with or without accents: ``trainings`` finds “training”, ``capacitaciones`` finds
“capacitación”, ``genero`` finds “género”.

* :func:`fold` lower-cases a word and drops its accents (``Género`` → ``genero``);
* :func:`stem` reduces a folded word with the Snowball stemmer of a language
  (``snowballstemmer``; ``capacitaciones`` → ``capacit`` in Spanish);
* :func:`language_of` tells in which language an indexed object is written: a page's
  (or snippet's) locale, a non-page source's ``search_language_field`` (a comment's
  ``language``), else the site's default language.

Words are folded *before* they are stemmed, on both sides (content and query), so a
query typed without its accents meets the same stem as the accented text.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

from django.conf import settings
from django.utils.translation import get_language_info

# A word: letters and digits of any script.
WORD_RE = re.compile(r"[^\W_]+")

_local = threading.local()


def fold(word):
    """``word`` lower-cased (case-folded), its accents and other combining marks removed."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


# Words folded are remembered (texts repeat their words: excerpts and headlines read thousands,
# the index millions); only ordinary words, so that long tokens of hostile text cannot fill the memory.
_folded = lru_cache(maxsize=65536)(fold)
CACHED_WORD_LENGTH = 40


def fold_word(word):
    """``fold(word)``, remembered for ordinary words."""
    return _folded(word) if len(word) <= CACHED_WORD_LENGTH else fold(word)


def folded_words(text):
    """The words of ``text``, folded, in order."""
    return [fold_word(word) for word in WORD_RE.findall(text or "")]


# A tsvector holds at most 1 MB of lexemes, each shorter than 2 KB (PostgreSQL): a longer text
# keeps its first terms, and a longer word (hostile text) is left out, as PostgreSQL's own parser does.
MAX_EXACT_BYTES = 900_000
MAX_TERM_BYTES = 2046


def exact_terms(words, limit=MAX_EXACT_BYTES):
    """The terms a text of (folded) ``words`` is found by word for word: each word, and each pair
    of adjacent words (``"good practice"``), without repeats and within ``limit`` bytes.

    PostgreSQL keeps them beside each index entry (``IndexedFacts.exact_words``): a quoted
    phrase then needs every pair of its adjacent words (:func:`phrase_terms`), which an index
    finds without reading the text again.
    """
    terms, size = {}, 0
    for position, word in enumerate(words):
        for term in (word, f"{word} {words[position + 1]}" if position + 1 < len(words) else None):
            if term and term not in terms:
                length = len(term.encode())
                if length > MAX_TERM_BYTES:
                    continue
                size += length + 8
                if size > limit:
                    return list(terms)
                terms[term] = None
    return list(terms)


def phrase_terms(phrase):
    """The :func:`exact_terms` every text holding ``phrase`` word for word has: its word, or its pairs."""
    words = folded_words(phrase)
    if len(words) == 1:
        return words
    return [f"{first} {second}" for first, second in zip(words, words[1:], strict=False)]


@lru_cache(maxsize=32)
def stemmer_name(language_code):
    """The Snowball (and PostgreSQL text search) name of a language code, e.g. ``es`` → ``spanish``, or None."""
    if not language_code:
        return None
    try:
        name = get_language_info(language_code)["name"].lower()
    except KeyError:
        return None
    return name if name in snowballstemmer.algorithms() else None


def site_languages():
    """The site's language codes (``settings.LANGUAGES``), each with a stemmer or not."""
    return [code for code, _name in settings.LANGUAGES]


def stemming_languages():
    """The site's languages that have a Snowball stemmer, in ``settings.LANGUAGES`` order."""
    return [code for code in site_languages() if stemmer_name(code)]


def _stemmer(name):
    """This thread's stemmer for ``name`` (Snowball stemmers keep state while they work)."""
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if name not in stemmers:
        stemmers[name] = snowballstemmer.stemmer(name)
    return stemmers[name]


@lru_cache(maxsize=65536)
def stem(folded_word, language_code):
    """The stem of an already folded word in ``language_code``; the word itself without a stemmer."""
    name = stemmer_name(language_code)
    return _stemmer(name).stemWord(folded_word) if name else folded_word


def stems_in_every_language(folded_word):
    """The stems of a folded word in each of the site's languages, without repeats."""
    return tuple(dict.fromkeys(stem(folded_word, code) for code in stemming_languages())) or (folded_word,)


def language_of(obj, locales=None):
    """The language code ``obj`` is written in: its ``search_language_field``, its locale, else the default.

    ``locales`` (``{locale id: language code}``) spares a query per object when many are indexed.
    """
    field = getattr(type(obj), "search_language_field", None)
    language = getattr(obj, field, None) if field else None
    if not language and getattr(obj, "locale_id", None):
        language = (locales or {}).get(obj.locale_id) or obj.locale.language_code
    return language or settings.LANGUAGE_CODE
