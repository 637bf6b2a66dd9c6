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
