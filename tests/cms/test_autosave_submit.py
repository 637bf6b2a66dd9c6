"""The page editor loads the wait for an autosave on its way (cms/wagtail_hooks.py).

The browser journey (tests/e2e/test_editor_journey.py) publishes through it;
here: the script is on both page editors, served from our static files.
"""

from django.contrib.staticfiles import finders
from django.urls import reverse

import pytest

from tests.home.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

SCRIPT = "cms/js/autosave-submit.js"


def test_the_script_is_a_static_file():
    assert finders.find(SCRIPT)


def test_new_and_existing_pages_load_it(admin_client_su, news_index):
    add = reverse("wagtailadmin_pages:add", args=["home", "newspage", news_index.pk])
    item = NewsPageFactory(parent=news_index)
    edit = reverse("wagtailadmin_pages:edit", args=[item.pk])
    for url in (add, edit):
        response = admin_client_su.get(url)
        assert response.status_code == 200
        assert f'<script src="/static/{SCRIPT}"></script>' in response.content.decode()
