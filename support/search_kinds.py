"""The support windows' searchable kind (``search.registry``): 相談窓口.

Published windows are found by their name, what they offer, where, who runs
them, their troubles and target groups; the snippet shows the summary and
the municipality. Windows hold no personal data (their channels are the
public numbers of offices), so there is nothing to hide per viewer.
"""

from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _

from search.registry import IndexedKind, Result, register
from search.snippets import highlight
from support.models import IndexedWindow, Window


@register
class WindowKind(IndexedKind):
    key = "support"
    label = _("相談窓口")
    order = 25
    model = IndexedWindow

    def readable(self, request):
        return Window.objects.published()

    def results(self, request, ids, terms):
        windows = Window.objects.published().in_bulk(ids)
        return {
            pk: Result(
                kind=self.key,
                title=window.name,
                url=window.get_absolute_url(),
                snippet=highlight(
                    f"{window.summary}\n{window.municipality}\n{window.what_to_expect}", terms
                ),
            )
            for pk, window in windows.items()
        }

    def connect(self, schedule):
        """A window shows its troubles and target groups: re-index it when they change."""

        def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
            if not action.startswith("post_"):
                return
            if reverse:
                schedule(Window, pk_set or [])
            else:
                schedule(Window, [instance.pk])

        for through in (Window.troubles.through, Window.target_groups.through):
            m2m_changed.connect(
                links_changed,
                sender=through,
                weak=False,
                dispatch_uid=f"search-support-{through.__name__}",
            )
