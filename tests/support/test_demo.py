"""The demo's support windows (demo/data/support.yaml), as load_demo makes them."""

import io
import re

import pytest

from demo.support import ensure_support_windows
from support.models import ContactChannel, WeeklySlot, Window

pytestmark = pytest.mark.django_db


def test_at_least_forty_fictional_windows_once():
    out = io.StringIO()
    ensure_support_windows(out)
    windows = Window.objects.all()
    assert windows.count() >= 40
    assert all("（デモ）" in window.name for window in windows)
    phones = ContactChannel.objects.filter(kind="phone").values_list("value", flat=True)
    assert all(re.match(r"^0\d{1,4}-0{2,3}-\d{3,4}$", phone) for phone in phones), list(phones)
    assert len(set(windows.exclude(municipality="").values_list("municipality", flat=True))) >= 12
    assert windows.filter(is_crisis_line=True).count() == 2
    vietnamese = WeeklySlot.objects.filter(languages__contains=",vi,", weekday=6)
    assert vietnamese.values("window").distinct().count() >= 5
    kinds = {"houkatsu", "supporter", "kodomo-shokudo", "gaikokujin", "hikikomori", "line"}
    assert {
        slug.split("-")[0] if not slug.startswith("kodomo") else "kodomo-shokudo"
        for slug in windows.values_list("slug", flat=True)
    } >= kinds
    ensure_support_windows(out)
    assert Window.objects.count() == windows.count()
    assert "作成 created  0" in out.getvalue().splitlines()[-1]


def test_the_most_needed_windows_are_translated_and_an_editors_words_are_kept(client):
    from demo.support import ensure_window_translations
    from support.models import WindowTranslation

    ensure_support_windows()
    WindowTranslation.objects.filter(window__slug="kokoro-24", language="en").update(
        summary="The secretariat's own words."
    )
    assert ensure_window_translations() == 0  # already added with the windows
    assert WindowTranslation.objects.filter(window__slug="kokoro-24").count() == 6
    assert WindowTranslation.objects.get(window__slug="kokoro-24", language="en").summary == (
        "The secretariat's own words."
    )
    languages = set(
        WindowTranslation.objects.filter(window__slug="gaikokujin-matsuyama").values_list(
            "language", flat=True
        )
    )
    assert languages == {"en", "vi", "zh-hans", "ko", "pt-br", "ja-x-easy"}

    page = client.get("/vi/support/gaikokujin-matsuyama/").content.decode()
    assert "Quầy tư vấn cho cư dân nước ngoài thành phố Matsuyama" in page
    assert "Chiều Chủ nhật có nhân viên tư vấn nói tiếng Việt." in page
    assert "松山市 外国人住民相談窓口（デモ）" in page  # what a caller says on the phone
