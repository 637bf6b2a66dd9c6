"""The secretariat keeps windows in the admin: who may, validation in Japanese, stale windows."""

import datetime
import re

from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from support.models import Window
from tests.organisations.conftest import (  # noqa: F401
    as_persona,
    org_a,
    org_a_admin,
    outsider,
    secretariat,
)
from tests.support.factories import T, make_window, weekdays

pytestmark = pytest.mark.django_db

INDEX = "/admin/support_windows/"
NEW = "/admin/support_windows/new/"


def window_form(slots, **fields):
    data = {
        "name": "新しい窓口",
        "slug": "atarashii",
        "summary": "話を聞きます。",
        "what_to_expect": "",
        "is_published": "on",
        "provider_name": "テスト市",
        "municipality": "松山市",
        "address": "",
        "latitude": "",
        "longitude": "",
        "free_of_charge": "on",
        "holiday_rule": "closed",
        "year_end_closed": "on",
        "hours_note": "",
        "last_verified_on": "2026-06-01",
        "channels": inline_formset([{"kind": "phone", "value": "0120-000-999", "label": ""}]),
        "slots": inline_formset(slots),
        "closures": inline_formset([]),
        "translations": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def slot(weekday, opens, closes, languages=("ja",)):
    # A tuple: nested_form_data would number the items of a list.
    return {"weekday": weekday, "opens_at": opens, "closes_at": closes, "languages": languages}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("org_a_admin", 403), ("secretariat", 200)],
)
def test_only_the_secretariat_keeps_windows(as_persona, persona, status):  # noqa: F811
    client = as_persona(persona)
    assert client.get(INDEX).status_code == status
    assert client.get(NEW).status_code == status


def test_secretariat_adds_a_window_with_hours(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    response = client.post(NEW, window_form([slot(0, "09:00", "12:00", ("ja", "vi"))]))
    assert response.status_code == 302
    window = Window.objects.get(slug="atarashii")
    assert [list(s.languages) for s in window.slots.all()] == [["ja", "vi"]]
    assert window.channels.get().href == "tel:0120000999"


def test_overlapping_and_inverted_slots_are_refused_in_japanese(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    overlapping = window_form([slot(0, "09:00", "12:00"), slot(0, "11:00", "15:00")])
    response = client.post(NEW, overlapping)
    assert response.status_code == 200
    assert "同じ曜日の受付時間が重なっています。" in response.content.decode()
    inverted = client.post(NEW, window_form([slot(1, "17:00", "09:00")]))
    assert "終了時刻が開始時刻より前になっています。" in inverted.content.decode()
    assert not Window.objects.filter(slug="atarashii").exists()


def test_bad_contact_values_are_refused(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    data = window_form([])
    data.update(
        nested_form_data(
            {"channels": inline_formset([{"kind": "line", "value": "javascript:alert(1)"}])}
        )
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert "https:// で始まるURLを入力してください。" in response.content.decode()


def test_stale_windows_are_listed(as_persona):  # noqa: F811
    today = timezone.localdate()
    make_window(name="古い窓口", last_verified_on=today - datetime.timedelta(days=200))
    make_window(name="新しい窓口", last_verified_on=today, slots=weekdays(T(9), T(17)))
    client = as_persona("secretariat")
    html = client.get(INDEX, {"stale": "true"}).content.decode()
    assert "古い窓口" in html and "新しい窓口" not in html
    menu = client.get("/admin/").content.decode()  # the sidebar is JSON: \\uXXXX escapes
    assert "support_windows/?stale=true" in menu


IMPORT = "/admin/support/import/"
IMPORT_HEADER = (
    "窓口の名前,URL用の名前,どんな窓口か,市区町村,運営,"
    "電話,LINE,メール,受付時間,無料,匿名,最終確認日\n"
)


def upload(client, rows, name="windows.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (IMPORT_HEADER + "\n".join(rows) + "\n").encode("utf-8")
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("org_a_admin", 403), ("secretariat", 200)],
)
def test_only_the_secretariat_imports(as_persona, persona, status):  # noqa: F811
    assert as_persona(persona).get(IMPORT).status_code == status


def test_secretariat_previews_an_upload_then_imports_it(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    make_window(name="登録済みの窓口", slug="touroku")
    rows = [
        "新しい窓口,atarashii,話を聞きます,松山市,,089-000-1111,,,"
        "月〜金 09:00-17:00（日本語）,はい,いいえ,2026-04-01",
        "登録済みの窓口,touroku,話を聞きます,,,0120-000-000,,,,はい,はい,2026-04-01",
    ]
    preview = upload(client, rows).content.decode()
    assert "新しい窓口 1件、登録済みの窓口 1件" in preview
    assert not Window.objects.filter(slug="atarashii").exists()  # a dry run
    token = re.search(r'name="token" value="([^"]+)"', preview)[1]
    response = client.post(IMPORT, {"token": token})
    assert response.status_code == 302 and response["Location"] == INDEX
    window = Window.objects.get(slug="atarashii")
    assert window.slots.count() == 5 and window.municipality == "松山市"
    assert "1件の相談窓口を取り込みました。" in client.get(INDEX).content.decode()


def test_row_problems_are_shown_in_japanese_and_nothing_is_imported(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    rows = ["悪い窓口,Bad Slug,,今治市,,abc,,,月 17:00-09:00（日本語）,たぶん,いいえ,昨日"]
    html = upload(client, rows).content.decode()
    assert "2行目" in html and "半角の英小文字・数字・ハイフンで書いてください。" in html
    assert "終了時刻が開始時刻より前" in html and 'name="token"' not in html
    assert not Window.objects.filter(name="悪い窓口").exists()
    bad_type = upload(client, ["x"], name="windows.pdf").content.decode()
    assert "CSV（.csv）か Excel（.xlsx）のファイルを選んでください。" in bad_type


def test_a_tampered_confirmation_imports_nothing(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    response = client.post(IMPORT, {"token": "not-a-signed-token"})
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not Window.objects.exists()


def test_secretariat_writes_a_translation_in_the_window_form(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    translations = inline_formset(
        [{"language": "vi", "name": "", "summary": "Lắng nghe bạn.", "what_to_expect": ""}]
    )
    data = window_form([slot(0, "09:00", "17:00")], translations=translations)
    assert client.post(NEW, data).status_code == 302
    translation = Window.objects.get(slug="atarashii").translations.get()
    assert translation.language == "vi" and translation.summary == "Lắng nghe bạn."


def test_the_finders_own_addresses_are_not_window_names(as_persona):  # noqa: F811
    client = as_persona("secretariat")
    response = client.post(NEW, window_form([slot(0, "09:00", "17:00")], slug="guide"))
    assert response.status_code == 200
    assert "このURL用の名前は使えません。" in response.content.decode()
    assert not Window.objects.filter(slug="guide").exists()
