"""Assertions for pages created through the admin's add form."""

from wagtail.models import Page

import pytest


def assert_created_and_live(response, model, slug, client):
    """The add form redirected (no errors) and the page renders for anyone."""
    if response.status_code != 302:
        form = response.context["form"]
        pytest.fail(f"{model.__name__} not created: {form.errors.as_text()}")
    page = model.objects.get(slug=slug)
    assert page.live
    assert page.live_revision is not None  # published through a revision
    client.logout()
    rendered = client.get(page.url)
    assert rendered.status_code == 200
    assert page.title in rendered.content.decode()
    return page


def assert_nothing_saved(response, model, before):
    assert response.status_code == 200  # the form again, not a redirect
    assert model.objects.count() == 0
    assert Page.objects.count() == before
