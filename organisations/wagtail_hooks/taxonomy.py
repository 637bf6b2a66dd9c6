"""Wagtail admin: the shared vocabularies (取組の種類, 取組の対象, 都道府県), under 「分類」.

The secretariat renames, reorders and adds items here. An item that an
organisation or an application still uses cannot be deleted (the foreign keys
PROTECT it): the delete page says so instead of offering the button, and a
delete that races with new use fails with the same message, never an error page.
"""

from django.contrib import messages
from django.core.cache import cache
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.signals import post_delete, post_save
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from cms.translation.fields import TranslationsFormMixin
from organisations.filters import VOCABULARY_CACHE_KEY
from organisations.models import ActivityGroup, ActivityType, Prefecture, TargetGroup

VOCABULARIES = (ActivityGroup, ActivityType, TargetGroup, Prefecture)


def count_protecting_objects(obj):
    """How many rows stop ``obj`` from being deleted (PROTECT/RESTRICT foreign keys)."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except ProtectedError as error:
        return len(error.protected_objects)
    except RestrictedError as error:
        return len(error.restricted_objects)
    return 0


class ProtectedDeleteView(generic.DeleteView):
    """Wagtail's delete view, refusing politely while the item is in use."""

    def in_use_message(self):
        return _(
            "「%(item)s」は会員団体・入会申込・下位の分類で使われているため削除できません。"
            "使われなくなった項目は、名称を変えるか並び順の最後に移してください。"
        ) % {"item": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if count_protecting_objects(self.object):
            context["is_protected"] = True  # the template then hides the delete button
            messages.warning(self.request, self.in_use_message())
        return context

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(self.request, self.in_use_message())
            return redirect(self.index_url_name)


class TranslatedVocabularyForm(TranslationsFormMixin, WagtailAdminModelForm):
    """The item's fields, then its name in each language (empty: Japanese is shown)."""


class TaxonomyViewSet(ModelViewSet):
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    add_to_admin_menu = False  # shown in the 「分類」 group instead

    def get_form_class(self, for_update=False):
        if not hasattr(self.model, "TRANSLATED_FIELDS"):  # prefectures: name_en
            return super().get_form_class(for_update)
        return modelform_factory(
            self.model,
            form=TranslatedVocabularyForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.get_form_fields(),
        )


class ActivityGroupViewSet(TaxonomyViewSet):
    model = ActivityGroup
    icon = "folder-open-inverse"
    menu_label = _("取組の種類（大分類）")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    ordering = "sort_order"
    sort_order_field = "sort_order"


class ActivityTypeViewSet(TaxonomyViewSet):
    model = ActivityType
    icon = "tag"
    menu_label = _("取組の種類")
    form_fields = ["group", "name", "sort_order"]
    list_display = ["name", "group", "sort_order"]
    list_filter = ["group"]
    # Ordered within their group: one drag-and-drop list across groups would
    # renumber them all, so the order is edited as a number.
    ordering = ["group__sort_order", "sort_order", "pk"]
    sort_order_field = None


class TargetGroupViewSet(TaxonomyViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = _("取組の対象")
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    ordering = "sort_order"
    sort_order_field = "sort_order"


class PrefectureViewSet(TaxonomyViewSet):
    """The 47 prefectures (JIS X 0401): names may be corrected, codes are fixed."""

    model = Prefecture
    icon = "site"
    menu_label = _("都道府県")
    form_fields = ["name", "name_en"]
    list_display = ["code", "name", "name_en"]
    ordering = "code"
    list_per_page = 50


class TaxonomyViewSetGroup(ModelViewSetGroup):
    menu_label = _("分類")
    menu_icon = "list-ul"
    menu_order = 310
    items = (ActivityGroupViewSet, ActivityTypeViewSet, TargetGroupViewSet, PrefectureViewSet)


def forget_cached_vocabularies(sender, **kwargs):
    """The directory caches the vocabularies briefly; an edit here shows at once."""
    cache.delete(VOCABULARY_CACHE_KEY)


for model in VOCABULARIES:
    for signal in (post_save, post_delete):
        signal.connect(
            forget_cached_vocabularies,
            sender=model,
            dispatch_uid=f"forget-vocabularies-{signal is post_save}-{model.__name__}",
        )


@hooks.register("register_admin_viewset")
def register_taxonomy_viewsets():
    return TaxonomyViewSetGroup()
