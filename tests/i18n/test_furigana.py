"""Furigana: readings checked by hand, okurigana, corrections, HTML safety."""

from django.utils.safestring import SafeString, mark_safe

import pytest

from cms.furigana import add_furigana, split_okurigana, strip_markup, to_hiragana


def test_katakana_becomes_hiragana():
    assert to_hiragana("ミマモリ") == "みまもり"
    assert to_hiragana("ヴァ-abc") == "ゔぁ-abc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Readings that depend on the word around them.
        ("日本に住む", "<ruby>日本<rt>にっぽん</rt></ruby>に<ruby>住<rt>す</rt></ruby>む"),
        ("日本橋で会う", "<ruby>日本橋<rt>にほんばし</rt></ruby>で<ruby>会<rt>あ</rt></ruby>う"),
        ("今日は晴れ", "<ruby>今日<rt>きょう</rt></ruby>は<ruby>晴<rt>は</rt></ruby>れ"),
        ("一人で悩まない", "<ruby>一人<rt>ひとり</rt></ruby>で<ruby>悩<rt>なや</rt></ruby>まない"),
        # The okurigana stays outside the ruby.
        ("見守り", "<ruby>見守<rt>みまも</rt></ruby>り"),
        ("取り組み", "<ruby>取<rt>と</rt></ruby>り<ruby>組<rt>く</rt></ruby>み"),
        ("お知らせ", "お<ruby>知<rt>し</rt></ruby>らせ"),
        ("子ども食堂", "<ruby>子<rt>こ</rt></ruby>ども<ruby>食堂<rt>しょくどう</rt></ruby>"),
        # No kanji, nothing to add.
        ("ひらがなとカタカナ", "ひらがなとカタカナ"),
    ],
)
def test_readings_checked_by_hand(text, expected):
    assert add_furigana(text) == expected


def test_market_is_read_shijou_by_the_dictionary_and_editors_can_correct_it():
    """「市場」 at a fish market is いちば; SudachiPy says しじょう everywhere."""
    assert (
        add_furigana("魚の市場")
        == "<ruby>魚<rt>さかな</rt></ruby>の<ruby>市場<rt>しじょう</rt></ruby>"
    )
    # In the text itself…
    assert add_furigana("魚の市場《いちば》") == (
        "<ruby>魚<rt>さかな</rt></ruby>の<ruby>市場<rt>いちば</rt></ruby>"
    )
    # …or for the whole site (FuriganaReading snippets).
    assert add_furigana("魚の市場", {"市場": "いちば"}).endswith("<ruby>市場<rt>いちば</rt></ruby>")
    # The longest correction wins, and the text's own markup wins over the list.
    assert add_furigana("株式市場《かぶしきしじょう》", {"市場": "いちば"}) == (
        "<ruby>株式市場<rt>かぶしきしじょう</rt></ruby>"
    )


def test_explicit_base_with_a_bar():
    assert add_furigana("｜大人食堂《おとなしょくどう》へ") == (
        "<ruby>大人食堂<rt>おとなしょくどう</rt></ruby>へ"
    )


def test_split_okurigana_gives_up_cleanly_when_the_reading_does_not_fit():
    assert split_okurigana("見守り", "みまもる") == [("見守り", "みまもる")]


def test_plain_text_is_escaped():
    result = add_furigana('<script>alert("日本")</script>')
    assert "<script>" not in result
    assert "&lt;script&gt;" in result
    assert "<ruby>日本<rt>にっぽん</rt></ruby>" in result


def test_html_keeps_its_tags_and_escapes_its_text():
    html = mark_safe(
        '<p class="lead">日本の<a href="/news/?a=1&amp;b=2">お知らせ</a> 1 &lt; 2</p>'
        "<br><code>日本</code><ruby>東京<rt>とうきょう</rt></ruby>"
    )
    result = add_furigana(html)
    assert result.startswith('<p class="lead"><ruby>日本<rt>にっぽん</rt></ruby>の')
    assert '<a href="/news/?a=1&amp;b=2">お<ruby>知<rt>し</rt></ruby>らせ</a>' in result
    assert "1 &lt; 2</p><br>" in result
    assert "<code>日本</code>" in result  # code is left alone
    assert "<ruby>東京<rt>とうきょう</rt></ruby>" in result  # no ruby inside ruby
    assert result.count("<ruby>") == 3


def test_reading_markup_in_html_attributes_is_not_turned_into_tags():
    result = add_furigana(mark_safe('<img alt="日本《にほん》" src="/x.png">'))
    assert result == '<img alt="日本《にほん》" src="/x.png">'


def test_stripping_keeps_valid_markup_behaviour():
    assert (
        strip_markup("魚の市場《いちば》と｜大人食堂《おとなしょくどう》") == "魚の市場と大人食堂"
    )
    html = mark_safe("<p>魚の<strong>市場《いちば》</strong>です</p>")
    assert strip_markup(html) == "<p>魚の<strong>市場</strong>です</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<p>一人目の漢《</p><div class="post">二人目</div><p>三人目》です</p>',
        '<a href="/x/漢《">リンク</a><p>あとの》投稿</p>',
        '<p>本文の漢《</p><a href="/y/》">リンク</a>',
        '<img alt="日本《にほん》" src="/x.png"><p>漢字《かんじ》</p>',
        "<p>漢《<!-- 》 --></p>",
        "<p>｜二人《</p><p>ふたり》</p>",
        "<p>A | B</p><p>漢字《かんじ》</p>",  # a bar in another node is not a base
    ],
)
def test_markup_is_read_within_one_text_node_only(html):
    """Unbalanced markup never reaches across tags, comments or attribute values."""
    stripped = strip_markup(SafeString(html))
    expected = html.replace("<p>漢字《かんじ》</p>", "<p>漢字</p>")
    assert stripped == expected
    with_ruby = add_furigana(SafeString(html))
    for tag in ("<p>", "</p>", "<div", "<a ", "<img "):
        assert with_ruby.count(tag) == html.count(tag)
    assert with_ruby.count("《") >= html.count("《") - html.count("漢字《かんじ》")
