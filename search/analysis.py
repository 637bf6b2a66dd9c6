"""Japanese text analysis for site search: the one place where text becomes terms.

The same analysis runs on the way into the index (``index_text``) and on the way
in from the query box (``analyse_query``), so a word is found whichever way it
was written:

1. ``normalise`` folds width (ＮＰＯ → npo, ﾌｰﾄﾞ → フード) and case with NFKC,
   old and variant kanji to today's forms (社會 → 社会, 髙橋 → 高橋: the
   旧字体 table OpenCC keeps, ``old_kanji``), turns ヴァ/ゔぁ into バ and ヴ
   into ブ, makes the dashes people type inside katakana words into the
   long-vowel mark ー, ケ between kanji into ヶ (霞ケ関), and spells out the
   kana iteration marks ゝゞヽヾ.
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
5. A word written in kana alone also gets its *kana key* (``kana_key``):
   katakana, small kana made large, a final ー dropped, so ボランティア and
   ぼらんてぃあ, ネットワーク and ネツトワーク, コミュニティー and コミュニティ
   meet whatever Sudachi makes of each spelling.

A query becomes *groups*: one per word typed, each a list of alternatives (an
alternative is a list of terms that must all match). The glossary
(``search.glossary``) adds Japanese alternatives to English and romaji
words, so "food bank" also looks for フードバンク. A word typed in kana alone
is also read in the other kana (ヒキコモリ finds 引きこもり through ひきこもり),
and a verb also looks for its noun (見守る → 見守り, 取り組む → 取り組み).
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
# ケ and ヵ written between kanji (or after a digit) for ヶ: 霞ケ関 → 霞ヶ関, 3ヵ月 → 3ヶ月.
SMALL_KE_PATTERN = r"(?<=[0-9\u3400-\u9fff])[ケヵ](?=[\u3400-\u9fff])"
SMALL_KE = re.compile(SMALL_KE_PATTERN)
ITERATION_MARKS = {"ゝ": False, "ゞ": True, "ヽ": False, "ヾ": True}
TAG = re.compile(r"<[^>]{0,500}>")
# Variant kanji (異体字) that are not 旧字体, so not in OpenCC's table, but
# common in names people type either way.
VARIANT_KANJI = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "𠮷": "吉",
    "邉": "辺",
    "濵": "浜",
    "嶋": "島",
    "舘": "館",
    "冨": "富",
}
# The CJK blocks whose characters OpenCC's table may fold.
KANJI_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=1)
def old_kanji() -> dict[str, str]:
    """旧字体 and variant kanji → today's form (國 → 国, 會 → 会, 髙 → 高).

    OpenCC's ``t2jp`` ("Old Japanese Kanji (Kyūjitai) to New Japanese
    Kanji (Shinjitai)", JPShinjitaiCharactersRev) is a character table: it
    is read once, character by character, into a dict that ``normalise``
    applies with ``str.translate`` and the Elasticsearch settings install as
    a mapping (``search.elasticsearch``), so both backends fold the same.
    """
    import opencc

    chars = [chr(code) for start, end in KANJI_BLOCKS for code in range(start, end + 1)]
    converted = opencc.OpenCC("t2jp").convert("\n".join(chars)).split("\n")
    table = {old: new for old, new in zip(chars, converted, strict=True) if old != new}
    table.update(VARIANT_KANJI)
    return table


@lru_cache(maxsize=1)
def _old_kanji_table() -> dict[int, str]:
    return str.maketrans(old_kanji())


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
    """Width, case, old kanji, ヴ, long-vowel and iteration-mark folding (before segmentation)."""
    text = nfkc(text).casefold().translate(_old_kanji_table())
    text = VU_PATTERN.sub(lambda match: VU_TABLE[match.group(0)], text)
    text = LONG_VOWEL_AFTER_KATAKANA.sub("ー", text)
    text = SMALL_KE.sub("ヶ", text)
    return _expand_iteration_marks(text)


# --- 5. Kana keys ---------------------------------------------------------------

KANA_ONLY = re.compile(r"^[\u3041-\u3096\u30a1-\u30fa\u30fc]+$")
HIRAGANA_ONLY = re.compile(r"^[\u3041-\u3096\u30fc]+$")
KATAKANA_ONLY = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")
# Old-style large kana: small kana are written large in older texts and by
# some typists (キヤノン, ネツトワーク), and ヶ/ヵ are written ケ/カ (霞ケ関).
SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Lucene's kuromoji_stemmer drops a final ー from katakana words longer than this.
STEM_MINIMUM = 4


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def kana_key(surface: str) -> str | None:
    """The key a word written in kana alone is also indexed under, or None.

    Katakana, small kana made large, and a final ー dropped from words
    longer than four (as kuromoji_stemmer does): ぼらんてぃあ, ボランティア →
    ボランテイア; ネットワーク, ネツトワーク → ネツトワーク; コミュニティー,
    コミュニティ → コミユニテイ.
    """
    if not KANA_ONLY.match(surface):
        return None
    key = to_katakana(surface).translate(SMALL_KANA)
    if len(key) > STEM_MINIMUM and key.endswith("ー"):
        key = key[:-1]
    return key if len(key) > 1 else None


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
    pos: tuple[str, ...] = ()
    key: str | None = None  # the kana key of a word written in kana alone
    subkeys: list[str] = field(default_factory=list)  # the kana keys of katakana sub-words

    @property
    def terms(self) -> list[str]:
        return [self.term, *self.subterms, *([self.key] if self.key else []), *self.subkeys]


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
            pos = morpheme.part_of_speech()
            word = Word(term=term, surface=morpheme.surface(), pos=tuple(pos))
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
            _add_keys(word)
            result.append(word)
    return result


def _add_keys(word: Word) -> None:
    """The kana keys of a word in katakana, or of a noun in hiragana, and of its sub-words.

    Hiragana verbs and function words (いう, とき) get none: people do not
    type them in katakana, and their keys would only fill the index.
    """
    surface = nfkc(word.surface)
    if KATAKANA_ONLY.match(surface) or (
        HIRAGANA_ONLY.match(surface) and word.pos[:1] == ("名詞",) and len(surface) > 2
    ):
        key = kana_key(surface)
        if key and key != word.term and key not in word.subterms:
            word.key = key
    for sub in word.subterms:
        key = kana_key(sub) if KATAKANA_ONLY.match(sub) else None
        if key and key != sub and key != word.key and key not in word.subkeys:
            word.subkeys.append(key)


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
    if word.key:
        alternatives.append((word.key,))
    for noun in _noun_forms(word):
        if (noun,) not in alternatives:
            alternatives.append((noun,))
    return Group(surface=word.surface, alternatives=alternatives)


# The 連用形 (the form a noun is made from) of a verb by its conjugation:
# 五段 verbs change their last kana to the い row (見守る → 見守り), 一段
# verbs drop their る (支える → 支え).
GODAN_STEM = str.maketrans("うくぐすつぬぶむる", "いきぎしちにびみり")


def _renyokei(form: str, conjugation: str) -> str | None:
    if conjugation.startswith("五段") and form[-1:] in "うくぐすつぬぶむる":
        return form[:-1] + form[-1].translate(GODAN_STEM)
    if conjugation.startswith(("上一段", "下一段")) and form.endswith("る") and len(form) > 2:
        return form[:-1]
    return None


@lru_cache(maxsize=1024)
def _noun_forms_of(term: str, conjugation: str) -> tuple[str, ...]:
    stem = _renyokei(term, conjugation)
    if not stem:
        return ()
    forms = [stem]
    for morpheme in _sudachi_words(stem):
        # The noun's own normalised form (繋がり from つながり), if Sudachi
        # reads the stem as one noun.
        if morpheme.pos[:1] == ("名詞",) and morpheme.term not in forms:
            forms.append(morpheme.term)
    return tuple(forms)


def _noun_forms(word: Word) -> tuple[str, ...]:
    """The nouns a verb typed in the query box stands for (見守る → 見守り).

    Text more often has the noun (地域の見守り, 取組) than the verb people type.
    """
    if word.pos[:1] != ("動詞",) or len(word.pos) < 5:
        return ()
    return _noun_forms_of(word.term, word.pos[4])


def analyse_query(query: str, *, expand: bool = True) -> list[Group]:
    """The groups of a query string, with glossary expansions when ``expand``.

    One search page analyses its query once per kind searched and again for
    the snippets; the analysis (Sudachi, glossary) is cached per string, and
    each caller gets its own Group objects. Words the glossary lacks that the
    machine translator has translated (``search.query_translation``) are
    read first, and are part of the cache's key.
    """
    translations = ()
    if expand:
        from search import query_translation

        translations = query_translation.known(query or "")
    return [
        Group(surface=surface, alternatives=list(alternatives), chunk=chunk)
        for surface, alternatives, chunk in _analysed(query or "", expand, translations)
    ]


@lru_cache(maxsize=2048)
def _analysed(query: str, expand: bool, translations: tuple = ()) -> tuple:
    return tuple(
        (group.surface, tuple(group.alternatives), group.chunk)
        for group in _analyse_query(query, expand=expand, translations=translations)
    )


def _analyse_query(query: str, *, expand: bool = True, translations: tuple = ()) -> list[Group]:
    text = normalise(query or "")
    groups: list[Group] = []
    if expand:
        from search import glossary

        text, glossary_groups = glossary.expand(text)
        text, translated = glossary.expand_words(text, translations)
        glossary_groups += translated
        for number, group in enumerate(glossary_groups):
            group.chunk = number
            groups.append(group)
    for number, chunk in enumerate(text.split(), start=len(groups)):
        chunk_groups = []
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
            chunk_groups.append(group)
        if KANA_ONLY.match(chunk):
            chunk_groups = _other_kana(chunk, chunk_groups, number)
        for group in chunk_groups:
            if all(existing.alternatives != group.alternatives for existing in groups):
                groups.append(group)
    return groups


def _as_one(groups: list[Group]) -> list[tuple[str, ...]]:
    """The alternatives of a run's groups as those of one word."""
    if len(groups) == 1:
        return list(groups[0].alternatives)
    return [tuple(dict.fromkeys(group.alternatives[0][0] for group in groups))] if groups else []


def _other_kana(chunk: str, groups: list[Group], number: int) -> list[Group]:
    """A run typed in kana alone, also read in the other kana: one group for the run.

    ふーどばんく falls apart into kana fragments, フードバンク is two words;
    ヒキコモリ is an unknown word, ひきこもり is 引き籠もり. A reading whose
    words cover the whole run is kept; one that leaves fragments out (lone
    kana, particles) is kept only when no reading covers the run. The run's
    kana key (``kana_key``) is one more alternative: ネツトワーク meets
    ネットワーク however Sudachi cuts either.
    """
    readings = [(chunk, groups)]
    for other in dict.fromkeys((to_hiragana(chunk), to_katakana(chunk))):
        if other != chunk:
            readings.append((other, [_word_group(word) for word in words(other)]))

    def covers(text, reading):
        return bool(reading) and sum(len(group.surface) for group in reading) == len(text)

    whole = [reading for text, reading in readings if covers(text, reading)]
    alternatives: list[tuple[str, ...]] = []
    for reading in whole or [reading for _text, reading in readings]:
        alternatives.extend(a for a in _as_one(reading) if a not in alternatives)
    key = kana_key(chunk)
    if key and (key,) not in alternatives:
        alternatives.append((key,))
    if not alternatives:
        return groups
    surface = groups[0].surface if len(groups) == 1 else chunk
    return [Group(surface=surface, alternatives=alternatives, chunk=number)]


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
