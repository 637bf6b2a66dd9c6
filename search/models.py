"""Proxy models that put other apps' content into the site search index.

The real models belong to other apps (organisations, subcommittees, machina's
forum); a proxy adds ``index.Indexed`` and its ``search_fields`` without
touching their tables. modelsearch keys index entries on the concrete model's
content type (``ContentType.objects.get_for_model`` follows proxies), so each
concrete model has exactly one proxy here.

What is indexed is what a page of the site shows to some reader: an
organisation's public profile (never contact details or members-only fields),
a subcommittee's description, a meeting record's agenda and minutes, a forum
post with its topic's subject. ``get_indexed_objects`` leaves out what nobody
but the secretariat or a moderator sees (suspended organisations, stopped
subcommittees, posts awaiting moderation); who may read the rest is decided at
query time by ``search.services``. The FilterFields are the ones those
query-time filters use (modelsearch refuses filters on undeclared fields).

``IndexedDocument`` and ``Posting`` are the database backends' term index for
ranking (``search.postings``).
"""

from django.db import models

from modelsearch import index

from machina.apps.forum_conversation.models import Post

from organisations.choices import OrganisationStatus
from organisations.models import Organisation
from subcommittees.models import MeetingRecord, Subcommittee


class IndexedOrganisation(index.Indexed, Organisation):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("name_kana"),
        index.SearchField("message"),
        index.SearchField("description"),
        index.SearchField("areas_municipalities"),
        index.SearchField("municipality"),
        index.RelatedFields("prefecture", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("status"),
        index.FilterField("prefecture"),
        index.FilterField("legal_form"),
        index.FilterField("tier"),
        index.FilterField("name_kana"),
        index.FilterField("updated_at"),
    ]

    # Indexed after commit by search.indexing, not by modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(status=OrganisationStatus.ACTIVE)


class IndexedSubcommittee(index.Indexed, Subcommittee):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("theme"),
        index.SearchField("description"),
        index.SearchField("municipalities"),
        index.RelatedFields("prefectures", [index.SearchField("name")]),
        index.FilterField("id"),
        index.FilterField("is_active"),
        index.FilterField("visibility"),
        index.FilterField("join_policy"),
        index.FilterField("forum"),
        index.FilterField("updated_at"),
    ]

    # Indexed after commit by search.indexing, not by modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(is_active=True)


class IndexedMeetingRecord(index.Indexed, MeetingRecord):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("agenda"),
        index.SearchField("minutes"),
        index.FilterField("id"),
        index.FilterField("visibility"),
        index.FilterField("subcommittee"),
        index.FilterField("date"),
        index.RelatedFields(
            "subcommittee",
            [
                index.FilterField("id"),
                index.FilterField("is_active"),
                index.FilterField("visibility"),
                index.FilterField("forum"),
            ],
        ),
    ]

    # Indexed after commit by search.indexing, not by modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True


class IndexedPost(index.Indexed, Post):
    search_fields = [
        index.SearchField("title"),
        index.SearchField("content"),
        index.RelatedFields(
            "topic",
            [
                index.SearchField("subject"),
                index.FilterField("id"),
                index.FilterField("forum"),
                index.FilterField("approved"),
                index.FilterField("status"),
            ],
        ),
        index.FilterField("id"),
        index.FilterField("approved"),
        index.FilterField("topic"),
        index.FilterField("poster"),
        index.FilterField("created"),
    ]

    # Indexed after commit by search.indexing, not by modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.subject

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(approved=True)


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
