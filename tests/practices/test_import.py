"""manage.py import_practices: good-practice write-ups (取組事例) from CSV or Excel."""

import io
import re
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest
from openpyxl import Workbook

from organisations.choices import OrganisationStatus
from organisations.models import Organisation
from practices import importer as practice_import
from practices.models import PracticePage
from tests.organisations import test_register_import as register_tests
from tests.organisations.factories import OrganisationFactory, prefecture

from .helpers import make_index, make_practice

write = register_tests.write

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"

HEADER = [
    "団体名",
    "取組名",
    "実施年度",
    "概要",
    "取組地域（都道府県）",
    "取組地域（市区町村）",
    "取組の種類",
    "取組の対象",
    "目的",
    "対象とした人",
    "内容",
    "連携した団体",
    "つながるための工夫",
    "定性的な成果",
    "定量的な成果",
]


def row(**values):
    """A valid row for org_a; keyword arguments (by column label) replace values."""
    base = {
        "団体名": "あおぞら見守りネット",
        "取組名": "認知症カフェ「ひだまり」",
        "実施年度": "2024",
        "概要": "認知症の方とご家族が月に2回集まるカフェです。",
        "取組地域（都道府県）": "愛媛県",
        "取組地域（市区町村）": "八幡浜市、大洲市",
        "取組の種類": "★交流の場の提供、☆居場所づくり",
        "取組の対象": "★高齢者、☆多世代",
        "目的": "診断のあとも地域とつながって暮らせるように。\n\n家族の孤立も防ぐ。",
        "対象とした人": "認知症の方とそのご家族",
        "内容": "第2・第4土曜日に公民館でカフェを開いた。",
        "連携した団体": "みなと居場所の会\n八幡浜市地域包括支援センター",
        "つながるための工夫": "民生委員と一緒にチラシを手渡しした。",
        "定性的な成果": "家族どうしが連絡を取り合うようになった。",
        "定量的な成果": "参加者 延べ120人\n開催 24回",
    }
    base.update(values)
    return [base[column] for column in HEADER]


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    return register_tests.csv_bytes(rows, header=header, encoding=encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_practices", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_practices", path, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue(), str(excinfo.value)


def problem_at(out, line):
    """The report's line about file line ``line`` (CSV cells with line breaks add a note)."""
    found = [
        text for text in out.splitlines() if re.match(rf"{line}行目[ （]", text) and "［" in text
    ]
    assert len(found) == 1, out
    return found[0]


@pytest.fixture
def practice_index(home_page):
    return make_index(home_page)


@pytest.fixture
def setup(practice_index, org_a, org_b):
    return practice_index


# --- Happy paths ----------------------------------------------------------------


def test_csv_import_creates_a_draft_write_up_with_every_part(tmp_path, setup, org_a, org_b):
    path = write(tmp_path, csv_bytes([row()]))
    out, err = run(path, "--commit")

    assert "新規 1件" in out
    assert "下書き" in out
    assert "1 / 1 行を処理しました" in err
    page = PracticePage.objects.get()
    assert page.organisation == org_a
    assert page.get_parent().specific == setup
    # A draft: a revision is saved, nothing is live until the secretariat publishes.
    assert not page.live
    assert page.latest_revision is not None
    draft = page.get_latest_revision_as_object()
    assert draft.title == "認知症カフェ「ひだまり」"
    assert draft.year == 2024
    assert [p.name for p in draft.areas_prefectures.all()] == ["愛媛県"]
    assert draft.areas_municipalities == "八幡浜市、大洲市"
    assert [(a.activity_type.name, a.is_main) for a in draft.activities.all()] == [
        ("交流の場の提供", True),
        ("居場所づくり", False),
    ]
    assert [(t.target_group.name, t.is_main) for t in draft.targets.all()] == [
        ("高齢者", True),
        ("多世代", False),
    ]
    # Plain-text paragraphs become <p> paragraphs.
    assert draft.purpose == (
        "<p>診断のあとも地域とつながって暮らせるように。</p><p>家族の孤立も防ぐ。</p>"
    )
    assert draft.content == "<p>第2・第4土曜日に公民館でカフェを開いた。</p>"
    # A member is linked by name; any other partner stays text.
    assert [(p.organisation, p.name) for p in draft.partners.all()] == [
        (org_b, ""),
        (None, "八幡浜市地域包括支援センター"),
    ]
    assert [(r.label, r.value, r.unit) for r in draft.results.all()] == [
        ("参加者", "延べ120", "人"),
        ("開催", "24", "回"),
    ]


def test_xlsx_with_japanese_header_and_numeric_cells(tmp_path, setup, org_a):
    values = row()
    values[HEADER.index("実施年度")] = 2023  # a number cell, as Excel stores it
    path = write(tmp_path, xlsx_bytes([values]), "practices.xlsx")
    run(path, "--commit")

    page = PracticePage.objects.get()
    assert page.organisation == org_a
    assert page.get_latest_revision_as_object().year == 2023


def test_publish_makes_the_write_up_live(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row()]))
    out, _err = run(path, "--commit", "--publish")

    page = PracticePage.objects.get()
    assert page.live
    assert page.title == "認知症カフェ「ひだまり」"
    assert "公開しました" in out


def test_dry_run_is_the_default_and_writes_nothing(tmp_path, setup):
    organisations = Organisation.objects.count()
    path = write(tmp_path, csv_bytes([row(団体名="まだない団体")]))
    out, _err = run(path, "--create-missing-organisations")

    assert "確認だけ" in out
    assert "新規 1件" in out
    assert "仮の団体「まだない団体」を作成します" in out
    assert not PracticePage.objects.exists()
    assert Organisation.objects.count() == organisations


def test_english_column_names_are_accepted(tmp_path, setup):
    header = [practice_import.COLUMN_BY_KEY[key].key for key in _keys_of(HEADER)]
    path = write(tmp_path, csv_bytes([row()], header=header))
    run(path, "--commit")
    assert PracticePage.objects.count() == 1


def _keys_of(labels):
    return [practice_import.HEADER_LOOKUP[practice_import._header_key(label)] for label in labels]


# --- Taxonomy marks -----------------------------------------------------------------


@pytest.mark.parametrize(
    "activities",
    [
        "★交流の場の提供、☆居場所づくり",
        "交流の場の提供(main)、居場所づくり(secondary)",
        "交流の場の提供（メイン）, 居場所づくり（サブ）",
        "交流の場の提供(主)\n居場所づくり(従)",
        "交流の場の提供、☆居場所づくり",  # unmarked is main, as in the register
    ],
)
def test_main_and_secondary_marks(tmp_path, setup, activities):
    path = write(tmp_path, csv_bytes([row(取組の種類=activities)]))
    run(path, "--commit")
    draft = PracticePage.objects.get().get_latest_revision_as_object()
    assert [(a.activity_type.name, a.is_main) for a in draft.activities.all()] == [
        ("交流の場の提供", True),
        ("居場所づくり", False),
    ]


# --- Full-width input ------------------------------------------------------------------


def test_full_width_names_digits_and_spaces(tmp_path, setup):
    org = OrganisationFactory(name="NPO法人 くじら", slug="kujira")
    path = write(
        tmp_path,
        csv_bytes(
            [
                row(
                    団体名="ＮＰＯ法人　くじら",
                    実施年度="２０２４年度",
                    取組の種類="★　交流の場の提供",
                    定量的な成果="参加者　延べ１２０人",
                    連携した団体="みなと居場所の会　",
                )
            ]
        ),
    )
    run(path, "--commit")
    page = PracticePage.objects.get()
    assert page.organisation == org
    draft = page.get_latest_revision_as_object()
    assert draft.year == 2024
    assert [(r.label, r.value, r.unit) for r in draft.results.all()] == [
        ("参加者", "延べ120", "人")
    ]
    assert draft.partners.get().organisation.name == "みなと居場所の会"


@pytest.mark.parametrize(
    ("text", "year"),
    [("2024", 2024), ("２０２４", 2024), ("令和6年度", 2024), ("R6", 2024), ("令和元年度", 2019)],
)
def test_years(text, year):
    assert practice_import.parse_year(text) == year


# --- Problems: line numbers, and nothing written ---------------------------------------


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_written(tmp_path, setup):
    rows = [
        row(),  # line 2: fine
        row(取組名="B", 取組の種類="★空を飛ぶ"),  # line 3
        row(取組名="C", 団体名="どこにもない会"),  # line 4
        row(取組名=""),  # line 5
        row(取組名="E", 実施年度="昔"),  # line 6
        row(取組名="F", 実施年度="１９９０"),  # line 7
        row(取組名="G", 取組の種類="☆居場所づくり"),  # line 8: no main item
        row(取組名="H", 定量的な成果="たくさん"),  # line 9
    ]
    path = write(tmp_path, csv_bytes(rows))
    out, error = run_failing(path, "--commit")

    assert "［取組の種類］「空を飛ぶ」は取組の種類にありません。" in problem_at(out, 3)
    assert "［団体名］「どこにもない会」は会員団体にありません。" in problem_at(out, 4)
    assert "--create-missing-organisations" in out
    assert "［取組名］取組名は必須です。" in problem_at(out, 5)
    assert "［実施年度］「昔」を年度として読めません" in problem_at(out, 6)
    assert "［実施年度］年度は2000年度から2100年度まで" in problem_at(out, 7)
    assert "［取組の種類］主な取組の種類（★）を1つ以上" in problem_at(out, 8)
    assert "［定量的な成果］「たくさん」を「項目 数値単位」として読めません" in problem_at(out, 9)
    assert not re.search(r"^2行目", out, re.MULTILINE)
    assert "何も取り込みませんでした" in error
    assert not PracticePage.objects.exists()


def test_a_dry_run_with_problems_fails_too(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(実施年度="")]))
    out, error = run_failing(path)
    assert "［実施年度］実施年度は必須です。" in problem_at(out, 2)
    assert "問題 1件（1行）" in error


def test_a_missing_required_column_is_a_file_problem(tmp_path, setup):
    header = [label for label in HEADER if label != "取組名"]
    rows = [[v for label, v in zip(HEADER, row(), strict=True) if label != "取組名"]]
    path = write(tmp_path, csv_bytes(rows, header=header))
    out, _error = run_failing(path)
    assert "1行目に「取組名」の列が必要です" in out


def test_a_duplicate_row_in_the_file(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(), row(取組名="認知症カフェ 「ひだまり」")]))
    out, _error = run_failing(path)
    assert "［取組名］この取組事例は2行目と重複しています" in problem_at(out, 3)


def test_too_long_rich_text_is_refused(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(目的="あ" * 3001)]))
    out, _error = run_failing(path)
    assert "［目的］" in problem_at(out, 2)
    assert not PracticePage.objects.exists()


def test_a_failure_while_saving_rolls_back_every_row(tmp_path, setup, monkeypatch):
    calls = []
    original = practice_import._fill

    def failing_fill(page, plan):
        calls.append(plan.line)
        if plan.line == 3:
            raise RuntimeError("boom")
        original(page, plan)

    monkeypatch.setattr(practice_import, "_fill", failing_fill)
    path = write(tmp_path, csv_bytes([row(), row(取組名="二つ目")]))
    _out, error = run_failing(path, "--commit")
    assert calls == [2, 3]
    assert "3行目の保存中にエラーが起きたため" in error
    assert not PracticePage.objects.exists()


def test_ambiguous_organisation_names_need_the_prefecture_column(tmp_path, setup):
    OrganisationFactory(name="くじら", slug="kujira-38", prefecture=prefecture("38"))
    kagawa = OrganisationFactory(name="くじら", slug="kujira-37", prefecture=prefecture("37"))
    path = write(tmp_path, csv_bytes([row(団体名="くじら")]))
    out, _error = run_failing(path)
    assert "「くじら」という団体が複数登録されています" in out

    header = [*HEADER, "団体の都道府県"]
    path = write(tmp_path, csv_bytes([[*row(団体名="くじら"), "香川県"]], header=header))
    run(path, "--commit")
    assert PracticePage.objects.get().organisation == kagawa


# --- Placeholder organisations -----------------------------------------------------------


def test_unknown_organisation_is_created_as_a_placeholder_only_when_told(tmp_path, setup):
    rows = [row(団体名="しまなみ子ども食堂"), row(団体名="しまなみ　子ども食堂 ", 取組名="二つ目")]
    path = write(tmp_path, csv_bytes(rows))
    run_failing(path, "--commit")
    assert not Organisation.objects.filter(name="しまなみ子ども食堂").exists()

    out, _err = run(path, "--commit", "--create-missing-organisations")
    placeholder = Organisation.objects.get(name="しまなみ子ども食堂")
    assert "仮の団体「しまなみ子ども食堂」を作成しました" in out
    assert placeholder.status != OrganisationStatus.ACTIVE
    assert "【仮登録】" in placeholder.status_reason
    assert placeholder.prefecture.name == "愛媛県"
    assert not Organisation.objects.listed().filter(pk=placeholder.pk).exists()
    assert PracticePage.objects.filter(organisation=placeholder).count() == 2

    # Its write-ups are not public even when published.
    run(path, "--commit", "--create-missing-organisations", "--publish", "--update")
    assert Organisation.objects.filter(name="しまなみ子ども食堂").count() == 1
    assert not PracticePage.objects.listed().filter(organisation=placeholder).exists()


def test_a_placeholder_is_named_as_the_register_names_organisations(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(団体名="ＮＰＯ法人　しまなみ")]))
    run(path, "--commit", "--create-missing-organisations")
    placeholder = PracticePage.objects.get().organisation
    assert placeholder.name == "NPO法人 しまなみ"
    assert placeholder.slug == "npo-hojin-shimanami"  # the name in romaji


# --- Running again ---------------------------------------------------------------------------


def test_running_the_same_file_again_skips_and_never_duplicates(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(), row(取組名="二つ目")]))
    run(path, "--commit")
    out, _err = run(path, "--commit")
    assert PracticePage.objects.count() == 2
    assert "スキップ 2件" in out
    assert "2行目 スキップ（登録済み）：認知症カフェ「ひだまり」" in out


def test_update_saves_a_new_revision_only_when_the_row_changed(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(), row(取組名="二つ目")]))
    run(path, "--commit", "--publish")
    page = PracticePage.objects.get(title="二つ目")
    revisions = page.revisions.count()

    path = write(tmp_path, csv_bytes([row(), row(取組名="二つ目", 概要="新しい概要です。")]))
    out, _err = run(path, "--commit", "--update")
    assert "更新 1件" in out
    assert "スキップ 1件" in out
    assert PracticePage.objects.count() == 2
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    # Without --publish the live version stays as it was until reviewed.
    assert page.live
    assert page.summary == "認知症の方とご家族が月に2回集まるカフェです。"
    assert page.get_latest_revision_as_object().summary == "新しい概要です。"


def test_a_write_up_made_elsewhere_is_matched_by_organisation_and_title(
    tmp_path, setup, org_a, org_b
):
    make_practice(setup, org_a, title="認知症カフェ「ひだまり」")
    path = write(tmp_path, csv_bytes([row(), row(団体名="みなと居場所の会")]))
    out, _err = run(path, "--commit")
    assert "新規 1件" in out
    assert "スキップ 1件" in out
    assert PracticePage.objects.filter(organisation=org_b).count() == 1


# --- Sanitising -------------------------------------------------------------------------------


def test_html_and_scripts_in_cells_are_sanitised(tmp_path, setup):
    path = write(
        tmp_path,
        csv_bytes(
            [
                row(
                    取組名="<b>夜の</b>相談",
                    目的='<p onclick="x()">目的<script>alert(1)</script></p>',
                    内容=(
                        '<ul style="x"><li>一つ目</li><li><a href="javascript:x()">二</a></li></ul>'
                    ),
                    対象とした人="若者 & 家族 <script>alert(2)</script>",
                    定性的な成果="<strong>よかった</strong>",
                )
            ]
        ),
    )
    run(path, "--commit")
    draft = PracticePage.objects.get().get_latest_revision_as_object()
    assert draft.title == "夜の相談"
    assert draft.purpose == "<p>目的</p>"
    assert draft.content == '<ul><li>一つ目</li><li><a rel="nofollow noopener ugc">二</a></li></ul>'
    assert draft.beneficiaries == "<p>若者 &amp; 家族</p>"
    assert draft.qualitative_results == "<p><strong>よかった</strong></p>"
    for name in practice_import.RICH_TEXT_KEYS:
        assert "script" not in getattr(draft, name)
        assert "alert" not in getattr(draft, name)


# --- Other ---------------------------------------------------------------------------------


def test_no_write_up_index_is_a_clear_error(tmp_path, home_page, org_a):
    path = write(tmp_path, csv_bytes([row()]))
    out, _error = run_failing(path)
    assert "取組事例一覧のページがありません" in out


def test_revisions_can_be_attributed_to_a_user(tmp_path, setup, secretariat):
    path = write(tmp_path, csv_bytes([row()]))
    run(path, "--commit", "--user", secretariat.username)
    page = PracticePage.objects.get()
    assert page.owner == secretariat
    assert page.latest_revision.user == secretariat
    _out, error = run_failing(path, "--commit", "--user", "nobody")
    assert "「nobody」という利用者はいません" in error


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("一行目\n二行目\n\n次の段落", "<p>一行目<br>二行目</p><p>次の段落</p>"),
        ("<script>alert(1)</script>本文", "<p>本文</p>"),
        ('<p style="color:red" onclick="x()">本文</p><iframe src="x"></iframe>', "<p>本文</p>"),
        ("<b>太字</b>と<i>斜体</i>", "<p><b>太字</b>と<i>斜体</i></p>"),
        ("", ""),
    ],
)
def test_rich_text_cells_are_cleaned_before_the_page_sees_them(cell, expected):
    # The page model cleans again on save; the import must not rely on that.
    assert practice_import.rich_text(cell) == expected


def test_one_area_column_as_write_ups_print_it(tmp_path, setup):
    header = [*HEADER, "取組地域"]
    path = write(
        tmp_path,
        csv_bytes(
            [
                [
                    *row(**{"取組地域（都道府県）": "", "取組地域（市区町村）": ""}),
                    "愛媛県 八幡浜市、香川県高松市",
                ]
            ],
            header=header,
        ),
    )
    run(path, "--commit")
    draft = PracticePage.objects.get().get_latest_revision_as_object()
    assert [p.name for p in draft.areas_prefectures.all()] == ["香川県", "愛媛県"]
    assert draft.areas_municipalities == "八幡浜市、高松市"


def test_shift_jis_csv_as_excel_saves_it_on_japanese_windows(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row()], encoding="cp932"))
    run(path, "--commit")
    assert PracticePage.objects.get().get_latest_revision_as_object().activities.count() == 2


def test_a_partner_name_close_to_a_member_is_a_warning_not_a_link(tmp_path, setup):
    path = write(tmp_path, csv_bytes([row(連携した団体="みなと居場所の会議")]))
    out, _err = run(path, "--commit")
    assert (
        "「みなと居場所の会議」は会員団体にないため、名前だけを載せます。もしかして：みなと居場所の会"
        in (problem_at(out, 2))
    )
    partner = PracticePage.objects.get().get_latest_revision_as_object().partners.get()
    assert (partner.organisation, partner.name) == (None, "みなと居場所の会議")


def test_the_sample_file_imports_cleanly(setup):
    """tests/practices/data/practices_sample.csv: the documented format, as people fill it."""
    OrganisationFactory(name="さくらんぼ福祉会", slug="sakuranbo")
    OrganisationFactory(name="みなみ伊予町 保健福祉課", slug="minami-iyo")
    out, _err = run(str(DATA / "practices_sample.csv"), "--commit")
    assert "新規 2件" in out
    drafts = [p.get_latest_revision_as_object() for p in PracticePage.objects.order_by("pk")]
    assert [d.year for d in drafts] == [2024, 2023]
    assert [str(r) for r in drafts[0].results.all()] == [
        "開催 12回",
        "来場者 延べ860人",
        "売上 約31万円",
    ]
    assert drafts[0].partners.first().organisation.slug == "minami-iyo"
    assert "<ul><li>野菜の袋詰めと値付け</li>" in drafts[0].content


def test_xlsx_problems_use_the_sheet_row_numbers(tmp_path, setup):
    rows = [row(), [None] * len(HEADER), row(取組名="二つ目", 取組の対象="★宇宙人")]
    path = write(tmp_path, xlsx_bytes(rows), "practices.xlsx")
    out, _error = run_failing(path, "--commit")
    assert "［取組の対象］「宇宙人」は取組の対象にありません。" in problem_at(out, 4)
    assert not PracticePage.objects.exists()
