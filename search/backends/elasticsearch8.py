"""modelsearch's Elasticsearch 8 backend with Japanese analysers and the glossary.

Set ``"BACKEND": "search.backends.elasticsearch8"`` in WAGTAILSEARCH_BACKENDS
(with ELASTICSEARCH_URL). The settings are merged over modelsearch's own
(its ngram analysers stay); ``INDEX_SETTINGS`` in the backend's parameters
still override both.
"""

from copy import deepcopy

from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend
from modelsearch.utils import deep_update

from search.elasticsearch import index_settings


class JapaneseElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    settings = deep_update(deepcopy(Elasticsearch8SearchBackend.settings), index_settings())


SearchBackend = JapaneseElasticsearch8SearchBackend
