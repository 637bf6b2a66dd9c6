"""Importing the register: manage.py import_organisations and the service behind it."""

import datetime
import io
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import IntegrityError

import pytest
from openpyxl import Workbook

from organisations.choices import LegalForm, OrganisationStatus, Tier, Visibility
from organisations.models import Organisation, ProfileChange
from organisations.services import register
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "organisations" / "fixtures" / "register_sample.csv"

HEADER = [
    "団体名",
    "ふりがな",
    "法人格",
    "会員区分",
    "代表者",
    "設立年月日",
    "スタッフ数",
    "郵便番号",
    "都道府県",
    "市区町村",
    "番地・建物名",
    "ウェブサイト",
    "担当者名",
    "電話番号",
    "メールアドレス",
    "取組の種類",
    "取組の対象",
    "取組地域（都道府県）",
    "取組地域（市区町村）",
    "メッセージ",
    "入会日",
    "状態",
]


def row(**values):
    """A valid row; keyword arguments (by column label) replace values."""
    base = {
        "団体名": "みかん食堂",
        "ふりがな": "みかんしょくどう",
        "法人格": "任意団体",
        "会員区分": "一般団体",
        "代表者": "代表 山田 一郎",
        "設立年月日": "2020/4/1",
        "スタッフ数": "5",
        "郵便番号": "796-0001",
        "都道府県": "愛媛県",
        "市区町村": "八幡浜市",
        "番地・建物名": "1-2-3",
        "ウェブサイト": "https://example.jp/",
        "担当者名": "山田 花子",
        "電話番号": "0894-22-3344",
        "メールアドレス": "mikan@example.jp",
        "取組の種類": "★食を通じたつながり",
        "取組の対象": "★こども・若者",
        "取組地域（都道府県）": "愛媛県",
        "取組地域（市区町村）": "八幡浜市",
        "メッセージ": "",
        "入会日": "2024/4/1",
        "状態": "",
    }
    base.update(values)
    return [base[column] for column in HEADER]


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write(tmp_path, content, name="register.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organisations", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_organisations", path, *args, stdout=out, stderr=err)
    return out.getvalue(), str(excinfo.value)


# --- The sample file, a dry run and a real one --------------------------------


def test_dry_run_is_the_default_and_writes_nothing():
    out, _err = run(str(SAMPLE))
    assert "3行を確認しました" in out
    assert "新規 3件" in out
    assert "--commit" in out
    assert Organisation.objects.count() == 0


def test_clean_csv_imports_with_taxonomy_marks_era_dates_and_normalised_digits():
    out, err = run(str(SAMPLE), "--commit")
    assert "新規 3件、更新 0件、変更なし 0件" in out
    assert "3 / 3 行を処理しました" in err
    assert Organisation.objects.count() == 3

    mikan = Organisation.objects.get(name="NPO法人みかんの里つながりネット")
    assert mikan.founded_on == datetime.date(2020, 4, 1)  # 令和2年4月1日
    assert mikan.joined_on == datetime.date(2024, 4, 1)
    assert mikan.staff_count == 12  # full-width １２
    assert mikan.postcode == "796-0001"  # ７９６－０００１
    assert mikan.phone == "0894-22-3344"  # full-width digits and hyphens
    assert mikan.name_kana == "ミカンノサトツナガリネット"  # stored in katakana
    assert mikan.legal_form == LegalForm.NPO
    assert mikan.tier == Tier.STEERING
    assert mikan.status == OrganisationStatus.ACTIVE
    assert mikan.slug == "npo-hojin-mikan-sato-tsunagari-netto"  # the name in romaji
    assert {(a.activity_type.name, a.is_main) for a in mikan.activities.all()} == {
        ("居場所づくり", True),
        ("交流の場の提供", False),
    }
    assert {(t.target_group.name, t.is_main) for t in mikan.targets.all()} == {
        ("高齢者", True),
        ("多世代", False),
    }
    assert mikan.areas_municipalities == "八幡浜市、大洲市"
    assert [p.name for p in mikan.areas_prefectures.all()] == ["愛媛県"]

    nagisa = Organisation.objects.get(name="社会福祉法人なぎさ福祉会")
    assert nagisa.founded_on == datetime.date(2003, 10, 1)  # 平成15年10月1日
    assert nagisa.postcode == "796-0010"  # 7960010
    assert nagisa.status == OrganisationStatus.ACTIVE  # blank 状態 → 会員
    assert {(a.activity_type.name, a.is_main) for a in nagisa.activities.all()} == {
        ("食を通じたつながり", True),  # (主)
        ("アウトリーチ型支援の推進", False),  # (従)
    }

    shimanami = Organisation.objects.get(name="しまなみ子ども食堂")
    assert shimanami.prefecture.name == "愛媛県"  # 「愛媛」
    assert shimanami.joined_on == datetime.date(2024, 5, 1)  # R6.5.1
    assert {p.name for p in shimanami.areas_prefectures.all()} == {"愛媛県", "広島県"}
    assert {t.target_group.name for t in shimanami.targets.all()} == {"こども・若者", "子育て世帯"}


def test_running_again_changes_nothing_and_creates_no_duplicates():
    run(str(SAMPLE), "--commit")
    slugs = set(Organisation.objects.values_list("slug", flat=True))
    out, _err = run(str(SAMPLE), "--commit")
    assert "新規 0件、更新 0件、変更なし 3件" in out
    assert Organisation.objects.count() == 3
    assert set(Organisation.objects.values_list("slug", flat=True)) == slugs
    assert not ProfileChange.objects.exists()


def test_a_changed_row_updates_the_existing_organisation_and_is_audited(tmp_path, secretariat):
    existing = OrganisationFactory(
        name="みかん食堂",
        name_kana="ミカンショクドウ",
        legal_form=LegalForm.VOLUNTARY,
        phone="0894-00-0000",
        activities=[("居場所づくり", True)],
    )
    content = csv_bytes(
        [row(電話番号="０８９４－９９－８８７７", 取組の種類="★食を通じたつながり")]
    )
    report = register.import_register(content, "register.csv", user=secretariat)
    assert report.committed and report.updated == 1 and report.created == 0
    existing.refresh_from_db()
    assert existing.phone == "0894-99-8877"
    assert [a.activity_type.name for a in existing.activities.all()] == ["食を通じたつながり"]
    assert Organisation.objects.count() == 1
    change = ProfileChange.objects.get(organisation=existing)
    assert change.user == secretariat
    assert change.changes["phone"] == ["0894-00-0000", "0894-99-8877"]
    assert change.changes["activities"] == [["★居場所づくり"], ["★食を通じたつながり"]]


def test_rows_match_on_the_normalised_name_and_prefecture(tmp_path):
    OrganisationFactory(name="ABC見守り隊", name_kana="エービーシーミマモリタイ")
    content = csv_bytes([row(団体名="ＡＢＣ見守り隊")])
    report = register.check_register(content)
    assert report.is_clean and report.updated == 1 and report.created == 0
    # The same name in another prefecture is another organisation.
    report = register.check_register(csv_bytes([row(団体名="ABC見守り隊", 都道府県="高知県")]))
    assert report.created == 1


def test_blank_status_keeps_a_suspended_organisation_suspended():
    OrganisationFactory(
        name="みかん食堂", name_kana="ミカンショクドウ", status=OrganisationStatus.SUSPENDED
    )
    report = register.import_register(csv_bytes([row(状態="")]))
    assert report.committed
    assert Organisation.objects.get().status == OrganisationStatus.SUSPENDED


# --- Problems: reported with their line number, nothing imported -----------------


def test_problems_are_reported_by_line_and_column_and_nothing_is_imported(tmp_path):
    content = csv_bytes(
        [
            row(団体名="一行目の団体"),  # line 2
            row(  # line 3
                団体名="",
                郵便番号="79-6000",
                取組の種類="★居場所つくり、☆宇宙開発",
                ウェブサイト="javascript:alert(1)",
                都道府県="愛媛州",
            ),
            row(団体名="三行目の団体"),  # line 4
            row(団体名="一行目の団体"),  # line 5: the same organisation as line 2
            row(団体名="五行目の団体"),  # line 6
        ]
    )
    path = write(tmp_path, content)
    for args in ((), ("--commit",)):
        out, error = run_failing(path, *args)
        assert Organisation.objects.count() == 0
        lines = out.splitlines()
        problems = {line for line in lines if "行目" in line}
        assert all(line.startswith(("3行目", "5行目")) for line in problems), problems
        assert any("3行目 ［団体名］団体名は必須です。" in line for line in lines)
        assert any("3行目 ［郵便番号］" in line and "123-4567" in line for line in lines)
        assert any("3行目 ［ウェブサイト］" in line and "http://" in line for line in lines)
        assert any(
            "3行目 ［都道府県］「愛媛州」という都道府県はありません" in line for line in lines
        )
        activity = next(line for line in lines if "3行目 ［取組の種類］" in line)
        assert "「宇宙開発」は取組の種類にありません" in activity
        assert "「居場所つくり」は取組の種類にありません。もしかして：居場所づくり" in activity
        assert any("5行目 ［団体名］この団体は2行目と重複しています" in line for line in lines)
        assert "問題 " in error and "2行" in error


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"電話番号": "12345"}, "電話番号", "市外局番から"),
        ({"メールアドレス": "not-an-address"}, "メールアドレス", "メールアドレス"),
        ({"ウェブサイト": "ftp://example.jp/"}, "ウェブサイト", "http://"),
        ({"ふりがな": "Mikan"}, "ふりがな", "ひらがなかカタカナ"),
        ({"法人格": "秘密結社"}, "法人格", "「秘密結社」は法人格にありません"),
        ({"会員区分": "特別会員"}, "会員区分", "幹事団体、一般団体"),
        ({"状態": "休眠"}, "状態", "資格停止"),
        ({"設立年月日": "令和1年4月1日"}, "設立年月日", "令和の期間にない日付"),
        ({"設立年月日": "2024/2/30"}, "設立年月日", "2024年2月30日という日付はありません"),
        ({"設立年月日": "そのうち"}, "設立年月日", "日付として読めません"),
        ({"スタッフ数": "たくさん"}, "スタッフ数", "人数として読めません"),
        ({"取組の対象": "☆高齢者(主)"}, "取組の対象", "両方付いています"),
        ({"取組の対象": "★高齢者、☆高齢者"}, "取組の対象", "二度書かれています"),
        ({"代表者": ""}, "代表者", ""),
        ({"団体名": "あ" * 201}, "団体名", "200"),
        ({"メッセージ": "あ" * 1001}, "メッセージ", "1000"),
        ({"都道府県": ""}, "都道府県", "都道府県は必須です"),
    ],
)
def test_each_kind_of_problem(values, column, message):
    report = register.check_register(csv_bytes([row(), row(**{"団体名": "別の団体", **values})]))
    assert not report.is_clean
    assert {(p.line, p.column) for p in report.problems} == {(3, column)}, report.problems
    assert message in report.problems[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "ファイルが空です"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"\x81\xff\xfe\x80\x00", "文字コード"),
        ("名前,住所\r\nみかん,愛媛\r\n".encode(), "「団体名」の列が必要です"),
        (b"PK\x03\x04not really a zip", "Excelファイル"),
        ("団体名,都道府県\r\n".encode(), "取り込む行がありません"),
    ],
)
def test_unreadable_files_are_reported_not_crashed_on(content, message):
    report = register.check_register(content, "register.csv")
    assert not report.is_clean
    assert message in " ".join(p.message for p in report.problems)


def test_an_unknown_column_is_a_warning_that_does_not_block():
    content = csv_bytes([[*row(), "メモ"]], header=[*HEADER, "備考"])
    report = register.check_register(content)
    assert report.is_clean and report.created == 1
    assert [(w.line, w.column) for w in report.warnings] == [(1, "備考")]


def test_english_column_names_are_accepted():
    header = ["name", "name_kana", "legal_form", "representative", "prefecture", "municipality"]
    content = csv_bytes(
        [["Mikan Club", "みかんくらぶ", "npo", "Chair Taro", "Ehime", "八幡浜市"]], header=header
    )
    report = register.import_register(content)
    assert report.committed and report.created == 1
    organisation = Organisation.objects.get()
    assert organisation.legal_form == LegalForm.NPO
    assert organisation.prefecture.name == "愛媛県"
    assert organisation.tier == Tier.GENERAL


def test_a_message_with_line_breaks_is_kept_and_lines_are_counted_as_rows():
    content = csv_bytes([row(メッセージ="一行目\n二行目"), row(団体名="", 代表者="x")])
    report = register.check_register(content)
    problem = report.problems[0]
    assert problem.line == 3  # the row, as Excel numbers it
    assert problem.physical_line == 4  # where it starts in a text editor
    assert "テキストでは4行目" in str(problem)


# --- Encodings and Excel --------------------------------------------------------


def test_cp932_csv_as_excel_saves_it_on_japanese_windows(tmp_path):
    content = csv_bytes([row(団体名="髙橋こども食堂"), row(団体名="①番地の会")], encoding="cp932")
    assert not content.startswith(b"\xef\xbb\xbf")
    out, _err = run(write(tmp_path, content), "--commit")
    assert "新規 2件" in out
    assert Organisation.objects.filter(name="髙橋こども食堂").exists()
    assert Organisation.objects.filter(name="1番地の会").exists()  # NFKC on names


def test_utf8_csv_with_a_bom(tmp_path):
    content = b"\xef\xbb\xbf" + csv_bytes([row()])
    out, _err = run(write(tmp_path, content), "--commit")
    assert "新規 1件" in out
    assert Organisation.objects.get().name == "みかん食堂"


def test_tab_separated_utf16_as_excel_saves_unicode_text():
    lines = ["\t".join(HEADER), "\t".join(row())]
    content = "\r\n".join(lines).encode("utf-16")
    report = register.check_register(content, "register.txt")
    assert report.is_clean and report.created == 1


def test_xlsx_with_date_cells_and_numbers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row(
        設立年月日=datetime.datetime(2003, 10, 1),
        スタッフ数=12,
        郵便番号=600001,  # 060-0001 typed into a number cell
        電話番号=894223344,  # 0894-22-3344 typed into a number cell
        都道府県="北海道",
    )
    sheet.append(values)
    sheet.append([None] * len(HEADER))  # Excel's empty trailing rows
    buffer = io.BytesIO()
    workbook.save(buffer)
    out, _err = run(write(tmp_path, buffer.getvalue(), "register.xlsx"), "--commit")
    assert "新規 1件" in out
    organisation = Organisation.objects.get()
    assert organisation.founded_on == datetime.date(2003, 10, 1)
    assert organisation.staff_count == 12
    assert organisation.postcode == "060-0001"
    assert organisation.phone == "0894223344"


def test_xlsx_problems_use_the_sheet_row_numbers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row())
    sheet.append(row(団体名="二番目", 郵便番号="1"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = register.check_register(buffer.getvalue(), "register.xlsx")
    assert [(p.line, p.column) for p in report.problems] == [(3, "郵便番号")]


# --- Dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/4/1", datetime.date(2024, 4, 1)),
        ("2024-04-01", datetime.date(2024, 4, 1)),
        ("２０２４／４／１", datetime.date(2024, 4, 1)),
        ("2024年4月1日", datetime.date(2024, 4, 1)),
        ("2024.4.1", datetime.date(2024, 4, 1)),
        ("令和6年4月1日", datetime.date(2024, 4, 1)),
        ("令和６年４月１日", datetime.date(2024, 4, 1)),
        ("令和元年5月1日", datetime.date(2019, 5, 1)),
        ("㋿6年4月1日", datetime.date(2024, 4, 1)),
        ("R6.4.1", datetime.date(2024, 4, 1)),
        ("平成31年4月30日", datetime.date(2019, 4, 30)),
        ("H15/10/1", datetime.date(2003, 10, 1)),
        ("昭和26年1月11日", datetime.date(1951, 1, 11)),
        ("大正10年4月1日", datetime.date(1921, 4, 1)),
        ("", None),
    ],
)
def test_dates(text, expected):
    assert register.parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["平成31年5月1日", "令和元年4月30日", "昭和65年1月1日", "2024/13/1"]
)
def test_dates_outside_their_era_or_calendar_are_refused(text):
    with pytest.raises(register.ValueProblem):
        register.parse_date(text)


# --- All or nothing ---------------------------------------------------------------------


def test_a_failure_at_row_40_of_50_leaves_nothing_behind(tmp_path, monkeypatch):
    content = csv_bytes([row(団体名=f"団体{number:02d}") for number in range(1, 51)])
    path = write(tmp_path, content)
    original_save = Organisation.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 40:
            raise IntegrityError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Organisation, "save", failing_save)
    out, error = run_failing(path, "--commit")
    assert calls["n"] == 40
    assert Organisation.objects.count() == 0
    assert "41行目" in error and "何も取り込みませんでした" in error


def test_progress_every_50_rows_and_quiet_with_no_progress(tmp_path):
    content = csv_bytes([row(団体名=f"団体{number:03d}") for number in range(1, 121)])
    path = write(tmp_path, content)
    out, err = run(path, "--commit")
    assert err.splitlines() == [
        "50 / 120 行を処理しました",
        "100 / 120 行を処理しました",
        "120 / 120 行を処理しました",
    ]
    assert "新規 120件" in out
    out, err = run(path, "--commit", "--no-progress")
    assert err == ""
    assert "変更なし 120件" in out


def test_a_missing_file_is_a_command_error(tmp_path):
    _out, error = run_failing(str(tmp_path / "nope.csv"))
    assert "ファイルを読めません" in error


def test_visibility_columns_are_read_by_label(tmp_path):
    header = [*HEADER, "電話番号の公開範囲", "メールアドレスの公開範囲"]
    content = csv_bytes([[*row(), "一般公開", "事務局のみ"]], header=header)
    report = register.import_register(content)
    assert report.committed
    organisation = Organisation.objects.get()
    assert organisation.phone_visibility == Visibility.PUBLIC
    assert organisation.email_visibility == Visibility.SECRETARIAT
    assert organisation.contact_name_visibility == Visibility.MEMBERS  # the model default
