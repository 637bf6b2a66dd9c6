"""The leaflet's one-line hours: days with the same hours together."""

from support.exports import _day_runs

NAMES = ["月", "火", "水", "木", "金", "土", "日"]


def test_day_runs():
    assert _day_runs([0, 1, 2, 3, 4], NAMES) == "月〜金"
    assert _day_runs([0, 1, 2, 3, 4, 6], NAMES) == "月〜金・日"
    assert _day_runs([1, 3], NAMES) == "火・木"
    assert _day_runs([5, 6], NAMES) == "土・日"
    assert _day_runs(list(range(7)), NAMES) == "毎日"
    assert _day_runs([0, 1, 2, 4, 5, 6], NAMES) == "月〜水・金〜日"
