"""Fixtures for the language tests: locales and translated pages."""

from wagtail.models import Locale

import pytest

from tests.home.factories import NewsPageFactory


@pytest.fixture
def locale():
    """Locale by language code (rows come from migration home/0003)."""

    def get(code):
        return Locale.objects.get(language_code=code)

    return get


@pytest.fixture
def news_item(news_index):
    return NewsPageFactory(parent=news_index, title="相談窓口のお知らせ", slug="soudan")


@pytest.fixture
def translate(locale):
    """Copy a page (and its missing ancestors) into a locale and publish it."""

    def run(page, code, **fields):
        target = locale(code)
        copy = page.specific.copy_for_translation(target, copy_parents=True)
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        copy.refresh_from_db()
        return copy.specific

    return run
