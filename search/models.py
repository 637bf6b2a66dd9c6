"""The database backends' term index for ranking (``search.postings``).

``IndexedDocument`` and ``Posting`` are keyed like modelsearch's index
entries (content type and object pk), so they hold any indexed model's
objects: pages and the registered kinds' own models (``search.registry``).
"""

from django.db import models


class IndexedDocument(models.Model):
    """One indexed object's length in terms, for BM25 (``search.postings``).

    Keyed like modelsearch's index entries: the content type it uses and the
    object's pk (an integer here, where modelsearch keeps text).
    """

    content_type_id = models.IntegerField()
    object_id = models.BigIntegerField()
    length = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type_id", "object_id"], name="sitesearch_document_unique"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class Posting(models.Model):
    """One analysed term of one indexed object, with its weighted frequency.

    ``tf`` counts the term in the title ``TITLE_WEIGHT`` times and in the body
    once; ``length`` repeats the object's weighted length, so ranking reads
    only this table's index (term first, every column in it).
    """

    term = models.TextField()
    content_type_id = models.IntegerField()
    object_id = models.BigIntegerField()
    tf = models.FloatField()
    length = models.FloatField()

    class Meta:
        indexes = [
            models.Index(
                fields=["term", "content_type_id", "object_id", "tf", "length"],
                name="sitesearch_posting_term",
            ),
            models.Index(fields=["content_type_id", "object_id"], name="sitesearch_posting_object"),
        ]

    def __str__(self):
        return f"{self.term} @ {self.content_type_id}:{self.object_id}"
