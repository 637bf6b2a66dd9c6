"""The admin's 「名簿の取込み」 and 「名簿の書き出し」: the secretariat's flow, nobody else's."""

import codecs
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import Workbook, load_workbook

from organisations.models import ActivityType, Organisation, RegisterImport
from tests.organisations.factories import OrganisationFactory, UserFactory
from tests.organisations.test_register_import import HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("organisations_register_import")
TEMPLATE_URL = reverse("organisations_register_template")
EXPORT_URL = reverse("organisations_register_export")
NOT_SECRETARIAT = ["anonymous", "outsider", "org_a_staff", "org_a_admin", "org_b_admin"]


def report_url(upload):
    return reverse("organisations_register_import_report", args=[upload.pk])


def clean_csv():
    return csv_bytes(
        [row(), row(団体名="しおかぜ食堂", 取組の種類="★食を通じたつながり、☆居場所づくり")]
    )


def upload(client, content, name="register.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})


def test_secretariat_uploads_reads_the_report_then_imports(as_persona, secretariat):
    client = as_persona("secretariat")
    page = client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert "名簿の取込み" in page.content.decode()
    assert 'enctype="multipart/form-data"' in page.content.decode()

    response = upload(client, clean_csv())
    stored = RegisterImport.objects.get()
    assert response.status_code == 302 and response.url == report_url(stored)
    assert stored.created_by == secretariat
    assert bytes(stored.content) == clean_csv()
    assert Organisation.objects.count() == 0  # a dry run only

    report = client.get(report_url(stored)).content.decode()
    assert "2行を確認しました：問題はありません" in report
    assert "新規 2件" in report
    assert "取り込む" in report

    response = client.post(report_url(stored))
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
    stored.refresh_from_db()
    assert stored.status == RegisterImport.Status.IMPORTED
    assert bytes(stored.content) == b""  # personal data is not kept after the import
    assert stored.imported_at is not None
    page = client.get(report_url(stored)).content.decode()
    assert "新規 2件、更新 0件、変更なし 0件" in page
    assert ">取り込む<" not in page

    # A second POST (a double click) imports nothing more.
    client.post(report_url(stored))
    assert Organisation.objects.count() == 2


def test_the_template_is_an_empty_register_that_imports_as_nothing(as_persona):
    client = as_persona("secretariat")
    response = client.get(TEMPLATE_URL)
    assert response.content.startswith(codecs.BOM_UTF8)
    assert response.content.decode("utf-8-sig").startswith("団体名,ふりがな,法人格")
    upload(client, response.content)
    page = client.get(report_url(RegisterImport.objects.get())).content.decode()
    assert "取り込む行がありません" in page


def test_a_file_with_problems_shows_each_line_and_cannot_be_imported(as_persona):
    client = as_persona("secretariat")
    content = csv_bytes([row(), row(団体名="二番目", 郵便番号="１２３", 取組の種類="★宇宙開発")])
    upload(client, content)
    stored = RegisterImport.objects.get()
    page = client.get(report_url(stored)).content.decode()
    assert "問題 2件（1行）" in page
    assert "<td>3行目</td>" in page
    assert "<td>郵便番号</td>" in page and "<td>取組の種類</td>" in page
    assert "「宇宙開発」は取組の種類にありません" in page
    assert ">取り込む<" not in page
    # POSTing anyway: refused, nothing written.
    client.post(report_url(stored))
    assert Organisation.objects.count() == 0
    assert RegisterImport.objects.get().status == RegisterImport.Status.CHECKED


def test_the_import_checks_the_file_again(as_persona):
    client = as_persona("secretariat")
    upload(client, clean_csv())
    stored = RegisterImport.objects.get()
    # Between the dry run and the import, an activity type is renamed.
    ActivityType.objects.filter(name="食を通じたつながり").update(name="食でつながる")
    response = client.post(report_url(stored), follow=True)
    assert "問題があるため、何も取り込みませんでした" in response.content.decode()
    assert "「食を通じたつながり」は取組の種類にありません" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_xlsx_upload(as_persona):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row(設立年月日=datetime.datetime(2010, 4, 1)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = as_persona("secretariat")
    upload(client, buffer.getvalue(), "名簿.xlsx")
    client.post(report_url(RegisterImport.objects.get()))
    assert Organisation.objects.get().founded_on == datetime.date(2010, 4, 1)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.txt", b"a,b\n", "CSV（.csv）か Excel（.xlsx）"),
        ("register.pdf", b"%PDF-1.4", "CSV（.csv）か Excel（.xlsx）"),
        ("register.xlsx", "団体名\nみかん".encode(), "Excel（.xlsx）のファイルではありません"),
        ("register.csv", b"PK\x03\x04" + b"\x00" * 40, "CSV"),
        ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "CSV"),
        ("register.csv", b"", "ファイル"),
    ],
)
def test_uploads_that_are_not_a_register_are_refused_next_to_the_field(
    as_persona, name, content, message
):
    client = as_persona("secretariat")
    response = upload(client, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert message in page
    assert not RegisterImport.objects.exists()


def test_a_file_over_5_mb_is_refused(as_persona):
    client = as_persona("secretariat")
    big = clean_csv() + b"#" * (5 * 1024 * 1024)
    response = upload(client, big)
    assert "5MBまで" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_another_secretary_cannot_open_or_import_my_upload(as_persona, secretariat):
    as_persona("secretariat")
    other = UserFactory(username="jimukyoku2", groups=["事務局", "Moderators"])
    client = as_persona("secretariat")
    upload(client, clean_csv())
    stored = RegisterImport.objects.get()
    client.force_login(other)
    assert client.get(report_url(stored)).status_code == 404
    assert client.post(report_url(stored)).status_code == 404
    assert Organisation.objects.count() == 0


def test_stale_uploads_expire_and_are_purged(as_persona):
    client = as_persona("secretariat")
    upload(client, clean_csv())
    stale = RegisterImport.objects.get()
    RegisterImport.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert client.get(report_url(stale)).status_code == 404
    assert client.post(report_url(stale)).status_code == 404
    upload(client, clean_csv())  # the next upload purges it
    assert not RegisterImport.objects.filter(pk=stale.pk).exists()
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("persona", NOT_SECRETARIAT)
def test_nobody_else_may_import_or_export(as_persona, secretariat, persona, request):
    owner = as_persona("secretariat")
    upload(owner, clean_csv())
    stored = RegisterImport.objects.get()

    client = as_persona(persona)
    for response in (
        client.get(UPLOAD_URL),
        client.get(TEMPLATE_URL),
        upload(client, clean_csv()),
        client.get(report_url(stored)),
        client.post(report_url(stored)),
        client.get(EXPORT_URL),
        client.post(EXPORT_URL, {"file_format": "csv"}),
    ):
        if persona == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response.url or "/admin/login/" in response.url
        else:
            # Signed in without admin access: the refusal page (cms/middleware.py).
            assert response.status_code == 403
        assert "attachment" not in response.get("Content-Disposition", "")
    assert RegisterImport.objects.count() == 1
    assert Organisation.objects.filter(name="みかん食堂").count() == 0


def test_an_admin_user_without_the_register_permissions_is_turned_away(client, editor):
    """Wagtail's Editors reach the admin, but not the register."""
    OrganisationFactory()
    client.force_login(editor)
    for response in (
        client.get(UPLOAD_URL),
        upload(client, clean_csv()),
        client.get(EXPORT_URL),
        client.post(EXPORT_URL, {"file_format": "csv"}),
    ):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not RegisterImport.objects.exists()


def test_the_menu_shows_only_to_the_secretariat(secretariat, editor):
    from organisations.wagtail_hooks.register import register_menu

    factory = RequestFactory()
    for user, expected in ((secretariat, 2), (editor, 0)):
        request = factory.get("/admin/")
        request.user = user
        assert len(register_menu.menu_items_for_request(request)) == expected


def test_secretariat_exports_csv_and_xlsx(as_persona):
    OrganisationFactory(name="書き出し見守り隊", email="kanaria-export@example.org")
    client = as_persona("secretariat")
    assert client.get(EXPORT_URL).status_code == 200

    response = client.post(EXPORT_URL, {"file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(codecs.BOM_UTF8)
    text = response.content.decode("utf-8-sig")
    assert "書き出し見守り隊" in text and "kanaria-export@example.org" in text

    response = client.post(EXPORT_URL, {"file_format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert rows[0][0] == "団体名" and rows[1][0] == "書き出し見守り隊"

    response = client.post(EXPORT_URL, {"file_format": "pdf"})
    assert response.status_code == 200 and "attachment" not in response.get(
        "Content-Disposition", ""
    )


def test_export_then_upload_reports_nothing_to_change(as_persona):
    OrganisationFactory(activities=[("居場所づくり", True), ("交流の場の提供", False)])
    OrganisationFactory()
    client = as_persona("secretariat")
    exported = client.post(EXPORT_URL, {"file_format": "xlsx"}).content
    upload(client, exported, "register.xlsx")
    page = client.get(report_url(RegisterImport.objects.get())).content.decode()
    assert "問題はありません" in page and "変更なし 2件" in page


def test_posts_need_the_csrf_token(secretariat):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    assert upload(client, clean_csv()).status_code == 403
    assert client.post(EXPORT_URL, {"file_format": "csv"}).status_code == 403
    assert not RegisterImport.objects.exists()
