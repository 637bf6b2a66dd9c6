"""Form fields shared by the "My organisation" forms (profile, write-ups)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from cms.uploads import check_content
from organisations.models import ActivityType, TargetGroup

# --- ★/☆/なし: activity types and target groups ---------------------------------

# In the join form's order (organisations.forms.join): the organisation's admin
# meets the same three choices in the same places as when applying.
RANK_CHOICES = [("main", _("★ 主な取組")), ("other", _("☆ その他")), ("", _("なし"))]


class RankField(forms.ChoiceField):
    """One vocabulary item (activity type or target group): none / ★ main / ☆ other.

    ``is_main`` is the item's current mark (True ★, False ☆, None unmarked).
    """

    def __init__(self, item, *, is_main=None, **kwargs):
        initial = "" if is_main is None else ("main" if is_main else "other")
        kwargs.setdefault("required", False)
        super().__init__(
            label=item.translated_name,
            choices=RANK_CHOICES,
            initial=initial,
            widget=forms.RadioSelect,
            **kwargs,
        )


class RankedVocabularyMixin:
    """Adds one RankField per activity type (``activity_<id>``) and target group
    (``target_<id>``) to a form, and asks for at least one ★ of each.

    The form calls ``add_rank_fields(activities, targets)`` ({item id: is_main}
    of the current marks) in ``__init__`` and ``clean_ranks()`` in ``clean``.
    The template renders them with organisations/manage/includes/ranked_fields.html.
    """

    def add_rank_fields(self, current_activities, current_targets):
        self.activity_groups = []
        group = None
        for item in ActivityType.objects.select_related("group"):
            name = f"activity_{item.pk}"
            self.fields[name] = RankField(item, is_main=current_activities.get(item.pk))
            if group is None or group[0] != item.group:
                group = (item.group, [])
                self.activity_groups.append(group)
            group[1].append(name)
        self.target_names = []
        for item in TargetGroup.objects.all():
            name = f"target_{item.pk}"
            self.fields[name] = RankField(item, is_main=current_targets.get(item.pk))
            self.target_names.append(name)
        self.group_errors = {"activity": [], "target": []}

    def ranked(self, prefix):
        """{item id: is_main} of the items marked ★ or ☆ under ``prefix``."""
        result = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(f"{prefix}_") and value in ("main", "other"):
                result[int(name.split("_", 1)[1])] = value == "main"
        return result

    def activity_fields(self):
        """[(group, [bound fields])] for the template."""
        return [(group, [self[name] for name in names]) for group, names in self.activity_groups]

    def target_fields(self):
        return [self[name] for name in self.target_names]

    def clean_ranks(self):
        if not any(self.ranked("activity").values()):
            message = _("主な取組の種類（★）を1つ以上選んでください。")
            self.group_errors["activity"].append(message)
            self.add_error(None, message)
        if not any(self.ranked("target").values()):
            message = _("主な取組の対象（★）を1つ以上選んでください。")
            self.group_errors["target"].append(message)
            self.add_error(None, message)


# --- Attachments ------------------------------------------------------------------


def attachment_extensions():
    """The document types Wagtail accepts (WAGTAILDOCS_EXTENSIONS), lower case."""
    return [extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS]


class AttachmentFileField(forms.FileField):
    """An attachment (添付資料): a document type of WAGTAILDOCS_EXTENSIONS, within
    WAGTAILDOCS_MAX_UPLOAD_SIZE, whose content is what its extension says and
    no web page besides (cms.uploads).

    The uploaded name is only used for its extension: the service stores the
    file under a random name (a name may hold personal data or path tricks),
    so a Japanese file name is fine.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.FileInput)
        super().__init__(*args, **kwargs)
        self.extensions = attachment_extensions()
        self.max_bytes = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        self.help_text = _("%(types)s 形式、%(size)sまで。") % {
            "types": pgettext("並列の区切り", "・").join(e.upper() for e in self.extensions),
            "size": filesizeformat(self.max_bytes),
        }
        self.error_messages.update(
            {
                "empty": _("ファイルが空です。"),
                "invalid": _("ファイルを選び直してください。"),
                "missing": _("ファイルを選び直してください。"),
            }
        )
        self.widget.attrs["accept"] = ",".join(f".{e}" for e in self.extensions)

    def to_python(self, data):
        f = super().to_python(data)
        if f is None:
            return None
        extension = self.extension_of(f.name)
        if extension not in self.extensions:
            raise ValidationError(
                _("添付できるのは %(types)s 形式のファイルです。"),
                code="invalid_extension",
                params={
                    "types": pgettext("並列の区切り", "・").join(e.upper() for e in self.extensions)
                },
            )
        if self.max_bytes and f.size > self.max_bytes:
            raise ValidationError(
                _("ファイルが大きすぎます（%(file_size)s）。%(max_size)sまでです。"),
                code="file_too_large",
                params={
                    "file_size": filesizeformat(f.size),
                    "max_size": filesizeformat(self.max_bytes),
                },
            )
        check_content(f, extension)
        return f

    @staticmethod
    def extension_of(name):
        name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
