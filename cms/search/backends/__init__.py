"""Search backends that run ``cms.search.analysis`` on both sides of the index.

``cms.search.backends.database`` wraps modelsearch's database backends (SQLite
FTS5 and PostgreSQL); ``cms.search.backends.elasticsearch8`` adds the kuromoji
and ICU analysers and the glossary synonyms to the Elasticsearch index.
"""
