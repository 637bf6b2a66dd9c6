"""Japanese text analysis for site search: the one place where text becomes terms.

The same analysis runs on the way into the index (``index_text``) and on the way
in from the query box (``analyse_query``), so a word is found whichever way it
was written:

1. ``normalise`` folds width (ＮＰＯ → npo, ﾌｰﾄﾞ → フード) and case with NFKC,
   turns ヴァ/ゔぁ into バ and ヴ into ブ, makes the dashes people type inside
   katakana words into the long-vowel mark ー, and spells out the kana
   iteration marks ゝゞヽヾ.
2. SudachiPy (the shared dictionary in ``cms.sudachi``) segments the text. Each
   long unit (split mode C: 地域, 見守り, 活動, 八幡浜市) is indexed under its
   dictionary *normalised form*, which unifies spelling and inflection
   (取組/取り組み/取組み → 取り組み, こども/子ども → 子供, ひきこもり/引きこもり →
   引き籠もり, 見守った/見守ります → 見守る). The short units of split mode A
   are added where the long unit hides a word (社会福祉協議会 → 福祉, 協議;
   八幡浜市 → 八幡浜).
3. Place names (地名) also give their stem without 都道府県市区町村郡, so
   「八幡浜」 finds 「八幡浜市」 even where Sudachi does not split the name.
4. Particles, auxiliaries, punctuation and a short list of very common
   function words are dropped (stop tokens); Latin words are kept as typed
   (lower case, simple plural folded), not as Sudachi's katakana readings.

A query becomes *groups*: one per word typed, each a list of alternatives (an
alternative is a list of terms that must all match). The glossary
(``search.glossary``) adds Japanese alternatives to English and romaji
words, so "food bank" also looks for フードバンク.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from cms.text import nfkc

# --- 1. Normalisation -------------------------------------------------------

KATAKANA = r"\u30a1-\u30fa\u30fc"
# Dashes and tildes typed after a katakana letter mean the long-vowel mark.
DASHES = r"\-\u2010-\u2015\u2212\uff0d~\u301c\uff5e"
LONG_VOWEL_AFTER_KATAKANA = re.compile(rf"(?<=[{KATAKANA}])[{DASHES}]")
VU_TABLE = {
    "ヴァ": "バ",
    "ヴィ": "ビ",
    "ヴェ": "ベ",
    "ヴォ": "ボ",
    "ヴュ": "ビュ",
    "ヴ": "ブ",
    "ゔぁ": "ば",
    "ゔぃ": "び",
    "ゔぇ": "べ",
    "ゔぉ": "ぼ",
    "ゔ": "ぶ",
}
VU_PATTERN = re.compile("|".join(sorted(VU_TABLE, key=len, reverse=True)))
ITERATION_MARKS = {"ゝ": False, "ゞ": True, "ヽ": False, "ヾ": True}
TAG = re.compile(r"<[^>]{0,500}>")


def _voiced(char: str) -> str:
    """か → が (for ゞ/ヾ); characters without a voiced form stay as they are."""
    voiced = unicodedata.normalize("NFC", char + "\u3099")
    return voiced if len(voiced) == 1 else char


def _expand_iteration_marks(text: str) -> str:
    if not any(mark in text for mark in ITERATION_MARKS):
        return text
    out: list[str] = []
    for char in text:
        if char in ITERATION_MARKS and out:
            previous = unicodedata.normalize("NFD", out[-1])[0]
            out.append(_voiced(previous) if ITERATION_MARKS[char] else previous)
        else:
            out.append(char)
    return "".join(out)


def normalise(text: str) -> str:
    """Width, case, ヴ, long-vowel and iteration-mark folding (before segmentation)."""
    text = nfkc(text).casefold()
    text = VU_PATTERN.sub(lambda match: VU_TABLE[match.group(0)], text)
    text = LONG_VOWEL_AFTER_KATAKANA.sub("ー", text)
    return _expand_iteration_marks(text)


# --- 2.–4. Segmentation and terms -------------------------------------------

STOP_POS = {"助詞", "助動詞", "補助記号", "空白", "記号", "感動詞"}
# Normalised forms too common to tell documents apart (and that users type
# around their real words: 「見守りについて」, 「居場所のこと」).
_STOP_WORDS = """
    する ある いる なる 成る 居る 有る 為る こと 事 もの 物 ため 為 よう 様 これ それ あれ
    この その あの ここ そこ 等 など られる れる せる させる できる 出来る について
    における において 及び および また 又 並びに その他 的 さん 様々 おる 行う
    a an and are as at be by for from in is it of on or the to with
"""
STOP_FORMS = frozenset(_STOP_WORDS.split())
PLACE_SUFFIXES = ("都", "道", "府", "県", "市", "区", "町", "村", "郡")
LATIN = re.compile(r"^[0-9a-z][0-9a-z.'&+\-]*$")
# Sudachi has an input limit (~49 kB); analyse long texts in pieces cut at
# line or sentence ends.
CHUNK = 4000
SENTENCE_END = re.compile(r"(?<=[。．！？!?\n])")


def _fold_latin(word: str) -> str:
    """Lower case and a simple English plural fold (families → family, banks → bank)."""
    word = word.strip(".'-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _term(morpheme) -> str | None:
    """The index term of one morpheme, or None for a stop token."""
    pos = morpheme.part_of_speech()
    if pos[0] in STOP_POS:
        return None
    surface = morpheme.surface()
    if LATIN.match(surface):
        term = _fold_latin(surface)
    else:
        term = nfkc(morpheme.normalized_form()).casefold()
    term = term.strip()
    if not term or term in STOP_FORMS:
        return None
    # A lone kana is never a word worth finding (え, の, ね).
    if len(term) == 1 and ("\u3041" <= term <= "\u309f" or "\u30a1" <= term <= "\u30ff"):
        return None
    # FTS query syntax must never see these.
    return term.replace('"', "").replace("'", "") or None


@dataclass
class Word:
    """One long unit of the text: its term, and the sub-terms that can stand for it."""

    term: str
    surface: str
    subterms: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return [self.term, *self.subterms]


def _chunks(text: str):
    while len(text) > CHUNK:
        cut = max((m.start() for m in SENTENCE_END.finditer(text, 0, CHUNK)), default=0)
        if cut <= 0:
            cut = CHUNK
        yield text[:cut]
        text = text[cut:]
    if text:
        yield text


# Scripts Sudachi does not know (it drops them as symbols): Thai (no spaces
# between words), Devanagari (Nepali) and Hangul (Korean, particles joined to
# the word). Their runs are indexed as overlapping character bigrams, the same
# way in the index and in the query, so a word is found inside a longer run
# (상담을 → 상담, 담을; บริการให้คำปรึกษา contains ให้คำปรึกษา's bigrams).
SCRIPT_RUN = re.compile(
    r"[\u0e00-\u0e7f]+|[\u0900-\u097f]+|[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+"
)


def _script_words(run: str) -> list[Word]:
    if len(run) < 2:
        return [Word(term=run, surface=run)]
    return [Word(term=run[i : i + 2], surface=run[i : i + 2]) for i in range(len(run) - 1)]


def words(text: str) -> list[Word]:
    """Segment normalised text into Words (stop tokens dropped)."""
    if not SCRIPT_RUN.search(text):
        return _sudachi_words(text)
    result: list[Word] = []
    position = 0
    for match in SCRIPT_RUN.finditer(text):
        if match.start() > position:
            result.extend(_sudachi_words(text[position : match.start()]))
        result.extend(_script_words(match.group(0)))
        position = match.end()
    if position < len(text):
        result.extend(_sudachi_words(text[position:]))
    return result


def _sudachi_words(text: str) -> list[Word]:
    from sudachipy import SplitMode

    tokenizer = _tokenizer()
    result: list[Word] = []
    for chunk in _chunks(text):
        for morpheme in tokenizer.tokenize(chunk, SplitMode.C):
            term = _term(morpheme)
            if term is None:
                continue
            word = Word(term=term, surface=morpheme.surface())
            pos = morpheme.part_of_speech()
            parts = morpheme.split(SplitMode.A) if pos[0] == "名詞" else []
            if len(parts) > 1:
                subterms = [_term(part) for part in parts]
            else:
                subterms = list(_katakana_parts(morpheme.surface()))
            for sub in subterms:
                # Single characters (市, 会, 者) match far too much alone.
                if sub and len(sub) > 1 and sub != term and sub not in word.subterms:
                    word.subterms.append(sub)
            if pos[1] == "固有名詞" and pos[2] == "地名":
                surface = nfkc(word.surface)
                if len(surface) > 2 and surface.endswith(PLACE_SUFFIXES):
                    stem = surface[:-1]
                    if stem not in word.subterms:
                        word.subterms.append(stem)
            result.append(word)
    return result


KATAKANA_WORD = re.compile(rf"^[{KATAKANA}]{{5,}}$")


@lru_cache(maxsize=4096)
def _katakana_parts(surface: str) -> tuple[str, ...]:
    """Split a katakana compound the dictionary keeps whole (ヤングケアラー → ヤング, ケアラー).

    Sudachi's split mode A leaves loanword compounds in one piece, which would
    hide ケアラー inside ヤングケアラー. Cut where both halves are words of the
    dictionary (the tail may be unknown to it, as ケアラー is), each at least
    three characters long; the first such cut from the left wins.
    """
    from sudachipy import SplitMode

    if not KATAKANA_WORD.match(surface):
        return ()
    tokenizer = _tokenizer()

    def known(piece: str, *, allow_unknown: bool) -> str | None:
        morphemes = tokenizer.tokenize(piece, SplitMode.C)
        if len(morphemes) != 1:
            return None
        if morphemes[0].is_oov():
            return _term(morphemes[0]) if allow_unknown else None
        if morphemes[0].part_of_speech()[:2] != ("名詞", "普通名詞"):
            return None
        return _term(morphemes[0])

    for cut in range(3, len(surface) - 2):
        head, tail = surface[:cut], surface[cut:]
        if tail.startswith("ー"):
            continue
        head_term = known(head, allow_unknown=False)
        tail_term = head_term and known(tail, allow_unknown=True)
        if head_term and tail_term:
            return (head_term, tail_term)
    return ()


@lru_cache(maxsize=1)
def _tokenizer():
    # One tokenizer per process; search analysis runs in request/worker
    # threads one call at a time per thread, so keep one per thread.
    from cms.sudachi import tokenizer

    return _ThreadLocalTokenizer(tokenizer)


class _ThreadLocalTokenizer:
    def __init__(self, factory):
        import threading

        self._factory = factory
        self._local = threading.local()

    def tokenize(self, text, mode):
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._local.tokenizer = self._factory()
        return tokenizer.tokenize(text, mode)


def index_terms(text: str) -> list[str]:
    """All terms of a text, in order, with repeats (term frequency counts)."""
    text = TAG.sub(" ", text or "")
    terms: list[str] = []
    for word in words(normalise(text)):
        terms.extend(word.terms)
    return terms


def index_text(text: str) -> str:
    """The string stored in the search index for a field's text."""
    return " ".join(index_terms(text))


# --- Queries -----------------------------------------------------------------


@dataclass
class Group:
    """One word of the query: any alternative matches it; an alternative is an AND of terms."""

    surface: str
    alternatives: list[tuple[str, ...]]
    # Which run of text typed without spaces the word came from: 「抱樸」 is cut
    # into 抱 + 樸 by the analyser, yet the reader typed one word, so the groups
    # of one chunk must all match; chunks are combined with the search operator.
    chunk: int = 0

    @property
    def terms(self) -> list[str]:
        seen: list[str] = []
        for alternative in self.alternatives:
            for term in alternative:
                if term not in seen:
                    seen.append(term)
        return seen


def _word_group(word: Word) -> Group:
    alternatives = [(word.term,)]
    subterms = [term for term in word.subterms if term != word.term]
    if subterms:
        # 八幡浜市 is also found as 八幡浜 + 市 … but the stem alone would be
        # too loose for a typed 八幡浜市, so sub-terms match together.
        alternatives.append(tuple(subterms))
    return Group(surface=word.surface, alternatives=alternatives)


def analyse_query(query: str, *, expand: bool = True) -> list[Group]:
    """The groups of a query string, with glossary expansions when ``expand``.

    One search page analyses its query once per kind searched and again for
    the snippets; the analysis (Sudachi, glossary) is cached per string, and
    each caller gets its own Group objects.
    """
    return [
        Group(surface=surface, alternatives=list(alternatives), chunk=chunk)
        for surface, alternatives, chunk in _analysed(query or "", expand)
    ]


@lru_cache(maxsize=2048)
def _analysed(query: str, expand: bool) -> tuple:
    return tuple(
        (group.surface, tuple(group.alternatives), group.chunk)
        for group in _analyse_query(query, expand=expand)
    )


def _analyse_query(query: str, *, expand: bool = True) -> list[Group]:
    text = normalise(query or "")
    groups: list[Group] = []
    if expand:
        from search import glossary

        text, glossary_groups = glossary.expand(text)
        for number, group in enumerate(glossary_groups):
            group.chunk = number
            groups.append(group)
    for number, chunk in enumerate(text.split(), start=len(groups)):
        for word in words(chunk):
            if len(word.term) < 2 and SCRIPT_RUN.fullmatch(word.term):
                # What the glossary left of a run (상담을 → 을): a particle or
                # letter the index only holds inside its bigrams.
                continue
            group = _word_group(word)
            group.chunk = number
            if expand:
                from search import glossary

                group.alternatives.extend(
                    alternative
                    for alternative in glossary.japanese_synonyms(word.term)
                    if alternative not in group.alternatives
                )
            if all(existing.alternatives != group.alternatives for existing in groups):
                groups.append(group)
    return groups


def chunks(groups: list[Group]) -> list[list[Group]]:
    """The query's groups by chunk (text typed without spaces), in order."""
    by_chunk: dict[int, list[Group]] = {}
    for group in groups:
        by_chunk.setdefault(group.chunk, []).append(group)
    return list(by_chunk.values())


def query_terms(query: str, *, expand: bool = True) -> list[str]:
    """Every term a query can match, without repeats (for ranking and highlighting)."""
    terms: list[str] = []
    for group in analyse_query(query, expand=expand):
        for term in group.terms:
            if term not in terms:
                terms.append(term)
    return terms
