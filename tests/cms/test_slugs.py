"""The one slug rule: a title's words in Hepburn romaji (cms/slugs.py, cms/romaji.py)."""

import pytest

from cms.romaji import hepburn
from cms.slugs import romanise, slug_for, unique_slug


@pytest.mark.parametrize(
    ("reading", "romaji"),
    [
        ("トウキョウ", "tokyo"),  # long vowels without macrons
        ("オオサカ", "osaka"),
        ("シャカイフクシキョウギカイ", "shakaifukushikyogikai"),  # 拗音
        ("マッチング", "matchingu"),  # ッ before ch
        ("チッソク", "chissoku"),
        ("ボランティア", "borantia"),  # loanword sounds
        ("ジェンダー", "jenda"),
        ("フォーラム", "foramu"),
        ("ひとりでさびしい", "hitoridesabishii"),  # hiragana too
    ],
)
def test_hepburn(reading, romaji):
    assert hepburn(reading) == romaji


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("子ども食堂ネットワーク2024", "kodomo-shokudo-nettowaku-2024"),
        ("ＮＰＯ法人つながりサポート", "npo-hojin-tsunagari-sapoto"),  # full-width Latin
        (
            "地域見守り活動のお知らせ（令和６年度）",
            "chiiki-mimamori-katsudo-oshirase-reiwa-6-nendo",
        ),
        ("Hello World", "hello-world"),
    ],
)
def test_romanise(title, slug):
    assert romanise(title) == slug


def test_a_long_title_is_cut_at_a_word():
    slug = romanise("孤独・孤立対策官民連携プラットフォーム 令和６年度 第２回 分科会のお知らせ")
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slug.startswith("kodoku-koritsu-taisaku")


def test_nothing_readable_gives_the_fallback():
    assert slug_for("！？　", fallback="page") == "page"
    assert slug_for("", fallback="org") == "org"


def test_unique_slug_counts_up():
    taken = {"oshirase", "oshirase-2"}
    assert unique_slug("oshirase", taken.__contains__) == "oshirase-3"
    assert unique_slug("annai", taken.__contains__) == "annai"
