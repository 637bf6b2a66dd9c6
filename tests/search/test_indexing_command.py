"""``manage.py update_index`` indexes every kind and shows its progress per model."""

import re
from io import StringIO

from django.core.management import call_command

from wagtail.search.backends import get_search_backend

import pytest

from organisations.choices import OrganisationStatus
from organisations.models import Organisation
from search.indexed import SEARCH_MODELS
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def update_index(*args):
    out = StringIO()
    call_command("update_index", *args, stdout=out)
    return out.getvalue()


def found(query):
    model = SEARCH_MODELS["organisation"]
    return {org.pk for org in get_search_backend().search(query, model, operator="or")}


def test_progress_per_model_and_chunk():
    # Made without running the on-commit indexing: only update_index indexes them.
    organisations = [OrganisationFactory(description="フードパントリー") for _ in range(5)]
    assert found("フードパントリー") == set()

    output = update_index("--chunk_size", "2")

    assert found("フードパントリー") == {org.pk for org in organisations}
    label = f"default: {SEARCH_MODELS['organisation']._meta.label}"
    assert f"{label}: 5 objects" in output
    progress = re.findall(rf"{label}: (\d+)/5 \((\d+)%\), \d+ objects/s", output)
    assert progress == [("2", "40"), ("4", "80"), ("5", "100")]
    assert f"{label}: 5 indexed in " in output
    for kind in ("subcommittee", "meeting", "forum"):
        assert f"default: {SEARCH_MODELS[kind]._meta.label}: 0 objects" in output
    assert re.search(r"default: wagtailcore\.Page: \d+ objects", output)
    assert re.search(r"default: indexed \d+ objects", output)


def test_quiet_with_verbosity_zero():
    OrganisationFactory()
    out = StringIO()
    call_command("update_index", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_entries_of_hidden_objects_are_removed():
    organisation = OrganisationFactory(description="フードパントリー")
    update_index()
    Organisation.objects.filter(pk=organisation.pk).update(status=OrganisationStatus.SUSPENDED)
    assert found("フードパントリー") == {organisation.pk}  # no signal for update()

    update_index()

    assert found("フードパントリー") == set()


def test_statistics_refreshed_after_a_rebuild_on_postgresql():
    """Without statistics PostgreSQL joins a common word's matches in a nested loop."""
    from django.db import connection

    OrganisationFactory(description="フードパントリー")
    output = update_index()
    if connection.vendor != "postgresql":
        assert "analysed" not in output
        return
    assert "analysed wagtailsearch_indexentry" in output
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats"
            " WHERE tablename = 'wagtailsearch_indexentry' AND attname = 'body'"
        )
        assert cursor.fetchone()[0] == 1
