"""The organisation profile as the site search indexes it (``organisations/search_kinds.py``).

A proxy adds ``index.Indexed`` and its ``search_fields`` without touching the
table. modelsearch keys index entries on the concrete model's content type,
so each concrete model has one indexed proxy. What is indexed is what the
public profile shows (never contact details or members-only fields);
suspended organisations are left out; who may read the rest is decided at
query time by the kind. The FilterFields are the ones its query-time filters
use (modelsearch refuses filters on undeclared fields).
"""

from modelsearch import index

from organisations.choices import OrganisationStatus

from .organisations import Organisation


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

    # Indexed after commit by search.indexing (its kind in search_kinds.py), not by
    # modelsearch's handlers.
    search_auto_update = False

    class Meta:
        proxy = True

    @property
    def title(self):
        return self.name

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(status=OrganisationStatus.ACTIVE)
