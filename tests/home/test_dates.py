"""Japanese dates: fiscal years, era names and how dates are printed."""

import datetime

from django.utils import formats, translation

import pytest

from cms.dates import era_year, fiscal_year_label, fiscal_year_of
from tests.home.factories import NewsPageFactory


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (datetime.date(2025, 3, 31), 2024),  # the last day of 令和6年度
        (datetime.date(2025, 4, 1), 2025),  # the first day of 令和7年度
        (datetime.date(2025, 1, 1), 2024),
        (datetime.date(2024, 12, 31), 2024),
        (datetime.date(2019, 4, 30), 2019),  # still 平成 on the calendar
    ],
)
def test_fiscal_year_of(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (1989, "平成元"),
        (2018, "平成30"),
        (2019, "令和元"),  # began in 平成, named 令和元年度 by convention
        (2020, "令和2"),
        (2024, "令和6"),
        (1988, "昭和63"),
    ],
)
def test_era_year(year, label):
    assert era_year(year) == label


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2018, "平成30年度（2018年度）"),
        (2019, "令和元年度（2019年度）"),
        (2024, "令和6年度（2024年度）"),
    ],
)
def test_fiscal_year_label(year, label):
    assert fiscal_year_label(year) == label


def test_japanese_date_format():
    with translation.override("ja"):
        day = datetime.date(2025, 4, 1)
        assert formats.date_format(day, "DATE_FORMAT") == "2025年4月1日（火）"
        assert formats.date_format(day, "YEAR_MONTH_FORMAT") == "2025年4月"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2025/04/01"
        moment = datetime.datetime(2025, 4, 1, 14, 0)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2025年4月1日（火）14:00"


@pytest.mark.django_db
def test_news_page_shows_its_date_in_japanese(client, news_index):
    page = NewsPageFactory(parent=news_index, date=datetime.date(2025, 4, 1))
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025年4月1日（火）" in html
    assert "2025-04-01" in html  # machine-readable, in <time datetime>
