"""Importing windows from CSV with the shared import engine: round trip, bad rows, dry run."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from support import importer
from support.models import Window
from tests.organisations.factories import OrganisationFactory
from tests.support.factories import T, every_day_24h, make_window, weekdays

pytestmark = pytest.mark.django_db

HEADER = (
    "窓口の名前,URL用の名前,どんな窓口か,市区町村,運営,電話,LINE,メール,受付時間,無料,匿名,"
    "最終確認日\n"
)


@pytest.mark.parametrize(
    ("finder", "file_format"),
    [("/support/", "csv"), ("/en/support/", "csv"), ("/vi/support/", "xlsx")],
)
def test_the_finders_export_imports_again_in_any_language(client, home_page, finder, file_format):
    organisation = OrganisationFactory(name="えひめ国際交流ネット")
    make_window(
        name="外国人相談",
        slug="gaikokujin",
        municipality="松山市",
        organisation=organisation,
        slots=[*weekdays(T(9), T(17), ("ja", "en")), (6, T(13), T(16), ("vi", "ja"))],
        line="https://line.me/R/ti/p/@example",
    )
    make_window(name="夜の電話", slug="yoru", slots=every_day_24h(), anonymous=True)
    make_window(
        name="通訳つき夜間",
        slug="tsuyaku",
        phone="0120-000-005",
        slots=[(4, T(20), T(0), ("ja", "interpreter")), (5, T(0), T(2), ("ja", "interpreter"))],
    )
    exported = client.get(finder, {"format": file_format}).content
    filename = f"support-windows.{file_format}"
    Window.objects.all().delete()

    report = importer.import_windows(exported, filename)
    assert report.is_clean and report.committed, [str(p) for p in report.problems]
    window = Window.objects.get(slug="gaikokujin")
    assert window.organisation == organisation and window.municipality == "松山市"
    assert [(s.weekday, s.opens_at, s.closes_at, s.languages) for s in window.slots.all()][-1] == (
        6, T(13), T(16), ["vi", "ja"]
    )  # fmt: skip
    assert {c.kind for c in window.channels.all()} == {"phone", "line"}
    night = Window.objects.get(slug="yoru")
    assert night.anonymous and night.municipality == ""
    assert night.slots.filter(all_day=True).count() == 7
    late = Window.objects.get(slug="tsuyaku")
    assert [(s.weekday, s.opens_at, s.closes_at, s.languages) for s in late.slots.all()] == [
        (4, T(20), T(0), ["ja", "interpreter"]),
        (5, T(0), T(2), ["ja", "interpreter"]),
    ]
    assert late.channels.get().value == "0120-000-005"
    again = importer.import_windows(exported, filename)
    assert again.existing and not again.to_create and Window.objects.count() == 3


def test_bad_rows_are_reported_in_japanese_and_nothing_is_written():
    rows = [
        "よい窓口,yoi,話を聞きます,松山市,,089-000-1111,,,"
        "月〜金 09:00-17:00（日本語）,はい,いいえ,2026-04-01",
        "悪い窓口,Bad Slug,,今治市,,abc,,,月 17:00-09:00（日本語）,たぶん,いいえ,昨日",
        "重なり,kasanari,話します,,,0120-000-000,,,"
        "月 09:00-12:00（日本語） / 月 11:00-13:00（クリンゴン語）,はい,はい,2026-04-01",
    ]
    content = (HEADER + "\n".join(rows) + "\n").encode("utf-8")
    report = importer.import_windows(content, "windows.csv")
    assert not report.committed and not Window.objects.exists()
    text = "\n".join(str(problem) for problem in report.problems)
    assert "3行目 ［URL用の名前］半角の英小文字・数字・ハイフンで書いてください。" in text
    assert "3行目 ［どんな窓口か］入力してください。" in text
    assert "3行目 ［電話］電話番号は" in text
    assert "3行目 ［受付時間］終了時刻が開始時刻より前" in text
    assert "3行目 ［無料］「はい」か「いいえ」で書いてください。" in text
    assert "3行目 ［最終確認日］日付は 2026-04-01 の形で書いてください。" in text
    assert "4行目 ［受付時間］言語「クリンゴン語」は選べません。" in text


def test_command_is_a_dry_run_unless_told(tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(
        (HEADER + "窓口,madoguchi,話を聞きます,,,0120-000-001,,,,はい,はい,2026-04-01\n").encode(
            "cp932"
        )
    )
    out = io.StringIO()
    call_command("import_support_windows", str(path), stdout=out)
    assert "新規 1 件" in out.getvalue() and not Window.objects.exists()
    call_command("import_support_windows", str(path), "--commit", stdout=out)
    assert Window.objects.get().slots.count() == 0  # no hours: "call first"
    path.write_bytes((HEADER + "窓口,,,,,,,,,,,\n").encode())
    with pytest.raises(CommandError):
        call_command("import_support_windows", str(path), stdout=out, stderr=io.StringIO())
