"""Helpers for the search tests.

The index of the non-page kinds follows the database after each transaction
commits; inside a test's transaction nothing commits, so tests bring the
index up to date themselves before they search.
"""

from search.indexed import SEARCH_MODELS
from search.indexing import index_now


def index_everything():
    """Index every object of every kind as it is now (what ``update_index`` would do)."""
    for model in SEARCH_MODELS.values():
        concrete = model._meta.concrete_model
        index_now(model, concrete.objects.values_list("pk", flat=True))
