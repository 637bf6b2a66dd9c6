"""The Japanese analysis: what a reader expects to find, checked by hand.

Each case analyses a document text and a query with the same functions the
backends use, and asserts that every query group has an alternative whose
terms are all in the document (the query "finds" the document) — or not.
"""

import pytest

from search.analysis import analyse_query, index_terms, index_text, normalise, query_terms


def finds(query: str, document: str) -> bool:
    terms = set(index_terms(document))
    groups = analyse_query(query)
    return bool(groups) and all(
        any(set(alternative) <= terms for alternative in group.alternatives) for group in groups
    )


@pytest.mark.parametrize(
    ("query", "document"),
    [
        # Words inside compounds.
        ("見守り", "地域見守り活動を始めました"),
        ("フレイル", "フレイル予防の取り組み"),
        ("予防", "フレイル予防の取り組み"),
        ("福祉", "社会福祉協議会と連携した"),
        ("居場所", "居場所づくりを進める"),
        ("官民連携", "孤独・孤立対策官民連携プラットフォーム"),
        # Width, case and kana variants.
        ("ＮＰＯ", "地元の NPO 法人と連携し"),
        ("NPO", "ＮＰＯ等の発掘"),
        ("npo", "ＮＰＯ等の発掘"),
        ("ﾌｰﾄﾞﾊﾟﾝﾄﾘｰ", "フードパントリーを開催"),
        ("フードパントリー", "ﾌｰﾄﾞﾊﾟﾝﾄﾘｰを開催"),
        ("こども", "子どもの居場所"),
        ("子ども", "こども食堂"),
        ("子供", "こども・若者"),
        ("取組", "フレイル予防の取り組み"),
        ("取り組み", "取組事例の紹介"),
        ("取組み", "取組事例の紹介"),
        ("ひきこもり", "引きこもりの状態にある人"),
        ("引きこもり", "ひきこもり支援"),
        ("ヴァイオリン", "バイオリン教室"),
        ("コンピュ－タ", "コンピューター講座"),
        # Inflected forms meet.
        ("見守る", "高齢者を見守った"),
        ("見守り", "住民が見守ります"),
        ("つながる", "地域とつながった"),
        # Place names without their suffix.
        ("八幡浜", "愛媛県 八幡浜市"),
        ("八幡浜市", "八幡浜市で活動"),
        ("うるま", "沖縄県 うるま市、恩納村"),
        ("恩納", "沖縄県 うるま市、恩納村"),
        ("北九州", "福岡県 北九州市"),
        # English and romaji through the glossary.
        ("food bank", "フードバンクと連携"),
        ("hikikomori", "ひきこもりの状態にある人"),
        ("Hikikomori", "引きこもり"),
        ("loneliness", "孤独・孤立対策"),
        ("elderly watch", "高齢者見守りネットワーク"),
        ("place to belong", "居場所づくり"),
        ("ibasho", "子どもの居場所"),
        ("frailty", "フレイル予防"),
        ("social welfare council", "社会福祉協議会"),
        ("社協", "社会福祉協議会と連携"),
    ],
)
def test_query_finds_document(query, document):
    assert finds(query, document), (analyse_query(query), index_terms(document))


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("見守り", "フレイル予防の取り組み"),
        ("八幡浜", "北九州市"),
        ("フレイル", "フードパントリー"),
        ("hikikomori", "フードバンク"),
    ],
)
def test_query_does_not_find_unrelated_document(query, document):
    assert not finds(query, document)


def test_same_analysis_both_ways():
    text = "ＮＰＯ法人くじらは八幡浜市で認知症カフェを開いた"
    # Each word's own terms (not the nouns a verb also looks for: 開いた → 開き).
    typed = {term for group in analyse_query(text, expand=False) for term in group.alternatives[0]}
    assert typed <= set(index_terms(text))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),
        ("ﾌｰﾄﾞ", "フード"),
        ("NPO", "npo"),
        ("ヴィ", "ビ"),
        ("ゔ", "ぶ"),
        ("パントリ-", "パントリー"),
        ("パントリ～", "パントリー"),
        ("いすゞ", "いすず"),
        ("こゝろ", "こころ"),
        ("バナヽ", "バナナ"),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_digits_dash_outside_katakana_is_kept():
    assert normalise("0120-123") == "0120-123"


def test_stop_tokens_are_dropped():
    terms = index_terms("地域の居場所について、私たちはこれを行いました。")
    assert "の" not in terms
    assert "、" not in terms
    assert "。" not in terms
    assert "について" not in terms and "に" not in terms
    assert "居場所" in terms


def test_only_stop_tokens_gives_no_query():
    assert analyse_query("の、は。") == []
    assert index_text("") == ""


def test_html_tags_are_not_indexed():
    terms = index_terms('<p class="intro">居場所<b>づくり</b></p>')
    assert "class" not in terms and "intro" not in terms and "p" not in terms
    assert "居場所" in terms


def test_long_text_is_analysed_in_pieces():
    text = "居場所づくりの取り組みを進めた。" * 2000  # far beyond Sudachi's input limit
    terms = index_terms(text)
    assert terms.count("居場所") == 2000


def test_query_terms_never_contain_fts_syntax():
    terms = query_terms('"居場所" OR NEAR(見守り) \'x')
    assert all('"' not in term and "'" not in term for term in terms)


# --- Issue 16: the other resident languages -----------------------------------


@pytest.mark.parametrize(
    ("query", "document"),
    [
        # Latin scripts: case and diacritics folded to meet the glossary.
        ("Người Cao Tuổi", "一人暮らしの高齢者を訪問"),
        ("nguoi cao tuoi", "一人暮らしの高齢者を訪問"),
        ("Solidão", "孤独を感じる人"),
        ("SOLIDAO", "孤独を感じる人"),
        ("conselho de bem-estar social", "市の社会福祉協議会"),
        # Without spaces (Thai, Chinese) or with optional ones (Korean).
        ("บริการให้คำปรึกษา", "外国人のための相談窓口"),
        ("咨询窗口", "外国人のための相談窓口"),
        ("상담 창구", "外国人のための相談窓口"),
        ("상담창구", "外国人のための相談窓口"),
        ("खाद्य बैंक", "フードバンクの活動"),
        # Their own words find their translated pages (bigrams for Thai, Hangul).
        ("상담을", "상담을 받을 수 있습니다"),
        ("ให้คำปรึกษา", "ศูนย์ให้คำปรึกษาสำหรับชาวต่างชาติ"),
        ("nhiều ngôn ngữ", "Tiếp nhận bằng nhiều ngôn ngữ"),
    ],
)
def test_resident_languages_find(query, document):
    assert finds(query, document)


def test_vietnamese_diacritics_first():
    # "tư vấn" (consultation) as typed matches its row; the folded form only
    # when nothing matched with diacritics.
    groups = analyse_query("tư vấn")
    assert ("相談",) in groups[0].alternatives
    assert not finds("người nước ngoài", "高齢者")


def test_longest_phrase_wins_in_thai():
    groups = analyse_query("โรงอาหารสำหรับเด็ก")
    assert len(groups) == 1
    assert ("子供", "食堂") in groups[0].alternatives
