import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(
    r"^\d{3}-\d{4}$", _("郵便番号は「123-4567」の形で入力してください。")
)
phone_validator = RegexValidator(
    r"^0\d{1,4}-\d{1,4}-\d{3,4}$|^0\d{9,10}$",
    _("電話番号は「012-345-6789」のように、市外局番から入力してください。"),
)
# http and https only: no javascript:, data: or ftp: links on profiles.
http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("http:// または https:// で始まるURLを入力してください。")
)
KANA_RE = re.compile(r"^[\u30a0-\u30ff\u3040-\u309f\u30fc\s・ー]+$")


def validate_kana(value):
    if not KANA_RE.match(value):
        raise ValidationError(_("ふりがなは、ひらがなかカタカナで入力してください。"))
