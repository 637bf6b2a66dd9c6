"""Autosave keeps an editor's changes, and never saves a page they did not create."""

from django.urls import reverse

import pytest

from tests.home.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def add_news_url(news_index):
    return reverse("wagtailadmin_pages:add", args=("home", "newspage", news_index.pk))


def test_the_form_for_a_new_page_does_not_autosave(admin_client_su, news_index):
    response = admin_client_su.get(add_news_url(news_index))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="page-edit-form"' in html
    assert "w-autosave#save" not in html
    assert "data-w-autosave-interval-value" not in html
    assert 'id="w-autosave-indicator"' not in html


def test_a_saved_page_still_autosaves_its_changes(admin_client_su, news_index):
    news = NewsPageFactory(parent=news_index)

    response = admin_client_su.get(reverse("wagtailadmin_pages:edit", args=(news.pk,)))

    assert response.status_code == 200
    assert "w-autosave#save" in response.content.decode()
