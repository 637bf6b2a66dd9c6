from celery import shared_task


@shared_task(
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    max_retries=5,
)
def update_search_index(label, pks):
    """Bring the index entries of ``label``'s objects ``pks`` in line with the database.

    Idempotent (it reads the objects as they are when it runs), so a retry or a
    late duplicate does no harm.
    """
    from django.apps import apps

    from search.indexing import index_now

    index_now(apps.get_model(label), pks)


@shared_task(ignore_result=True)
def translate_query_words(ids):
    """Machine-translate pending query words ``ids`` (``search.query_translation``).

    Not retried: a failed word is asked again by a later search, after a day.
    """
    from search.query_translation import translate

    translate(ids)
