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


class QueryTranslation(models.Model):
    """A query word the glossary lacks, translated into Japanese by the machine translator.

    Asked for once per word and language (``search.query_translation``), in
    the background, only when a real translator is configured; a failure is
    asked again after a day at the earliest. Editors may correct ``japanese``
    (``reviewed``): later searches use the row as it is.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    word = models.CharField(max_length=100)
    language = models.CharField(max_length=10)
    japanese = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    translator = models.CharField(max_length=20, blank=True)
    reviewed = models.BooleanField(default=False)
    requested_at = models.DateTimeField()
    translated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "language"], name="sitesearch_querytr_unique")
        ]

    def __str__(self):
        return f"{self.word} ({self.language}) → {self.japanese}"
