"""Write-ups written from /my-organisation/practices/ and reviewed in Wagtail's workflow."""

import io
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

import pytest

from cms.models import OutboundEmail
from organisations.models import ActivityType, Prefecture, TargetGroup
from practices.models import PracticePage

from .helpers import make_index, make_practice

pytestmark = pytest.mark.django_db

LIST_URL = "/my-organisation/practices/"
NEW_URL = "/my-organisation/practices/new/"


@pytest.fixture
def practice_index(home_page):
    return make_index(home_page)


def edit_url(page):
    return reverse("my_organisation:practice_edit", kwargs={"page_id": page.pk})


def form_data(**overrides):
    activity = ActivityType.objects.first()
    target = TargetGroup.objects.first()
    data = {
        "title": "子ども食堂「みかん」",
        "summary": "地域の子どもと大人が一緒に食卓を囲みます。",
        "year": "２０２４",
        "areas_prefectures": [str(Prefecture.objects.get(code="38").pk)],
        "areas_municipalities": "八幡浜市",
        "purpose": "孤食を防ぐ。\n\n地域のつながりをつくる。",
        "beneficiaries": "小学生とその家族",
        "content": "毎週土曜日に食事を提供。",
        "outreach": "",
        "qualitative_results": "",
        f"activity_{activity.pk}": "main",
        f"target_{target.pk}": "main",
        "result_1_label": "参加者",
        "result_1_value": "延べ120",
        "result_1_unit": "人",
        "draft": "1",
    }
    data.update(overrides)
    return data


def latest(page):
    """The write-up as its latest revision has it (read afresh from the database)."""
    return PracticePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def create_draft(client, **overrides):
    response = client.post(NEW_URL, form_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return PracticePage.objects.latest("pk")


def approve(client, moderator, page, comment=""):
    return _workflow_action(client, moderator, page, "approve", comment)


def request_changes(client, moderator, page, comment):
    return _workflow_action(client, moderator, page, "reject", comment)


def _workflow_action(client, moderator, page, action, comment):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, state.current_task_state.pk],
        ),
        {"comment": comment},
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    return response


def test_org_admin_creates_draft_edits_and_submits(as_persona, practice_index, org_a, org_a_admin):
    client = as_persona("org_a_admin")
    page = create_draft(client)
    assert page.organisation == org_a
    assert not page.live
    revision = page.get_latest_revision()
    assert revision.user == org_a_admin
    draft = latest(page)
    assert draft.purpose == "<p>孤食を防ぐ。</p><p>地域のつながりをつくる。</p>"
    assert draft.year == 2024
    results = [(r.label, r.value, r.unit) for r in draft.results.all()]
    assert results == [("参加者", "延べ120", "人")]
    assert "下書き" in client.get(LIST_URL).content.decode()

    response = client.get(edit_url(page))
    assert "地域のつながりをつくる。" in response.content.decode()
    response = client.post(edit_url(page), form_data(title="子ども食堂「みかん」改"))
    assert response.status_code == 302
    assert latest(page).title == "子ども食堂「みかん」改"

    response = client.post(edit_url(page), form_data(title="子ども食堂「みかん」改", submit="1"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live
    listing = client.get(LIST_URL).content.decode()
    assert "審査中" in listing
    assert "子ども食堂「みかん」改" in listing

    preview = client.get(f"{edit_url(page)}preview/")
    assert preview.status_code == 200
    assert "子ども食堂「みかん」改" in preview.content.decode()


def test_moderator_approves_and_submitter_is_emailed(
    client, as_persona, practice_index, org_a_admin, moderator
):
    page = create_draft(as_persona("org_a_admin"), submit="1")
    approve(client, moderator, page)
    page.refresh_from_db()
    assert page.live
    assert page.title == "子ども食堂「みかん」"
    email = OutboundEmail.objects.get(subject__contains="公開しました")
    assert email.to == [org_a_admin.email]


def test_request_changes_emails_comment_and_shows_it(
    client, as_persona, practice_index, org_a_admin, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = create_draft(as_persona("org_a_admin"), submit="1")
        request_changes(client, moderator, page, "成果の数値を追記してください。")
    page.refresh_from_db()
    assert not page.live
    email = OutboundEmail.objects.get(subject__contains="修正依頼")
    assert email.to == [org_a_admin.email]
    assert "成果の数値を追記してください。" in email.body
    # Only our Japanese e-mail: not Wagtail's own English notification as well.
    assert [m.subject for m in mail.outbox if org_a_admin.email in m.to] == [email.subject]

    admin_client = as_persona("org_a_admin")
    listing = admin_client.get(LIST_URL).content.decode()
    assert "修正依頼" in listing
    assert "成果の数値を追記してください。" in listing
    assert "成果の数値を追記してください。" in admin_client.get(edit_url(page)).content.decode()

    # Fixed and resubmitted: back in review, then approved.
    data = form_data(submit="1", result_2_label="回数", result_2_value="12", result_2_unit="回")
    response = admin_client.post(edit_url(page), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    approve(client, moderator, page)
    page.refresh_from_db()
    assert page.live
    assert page.results.count() == 2


def test_editing_a_live_write_up_keeps_it_live_until_approval(
    client, as_persona, practice_index, org_a, moderator
):
    page = make_practice(practice_index, org_a, title="公開中の事例")
    admin_client = as_persona("org_a_admin")
    response = admin_client.post(edit_url(page), form_data(title="改訂した事例", submit="1"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.title == "公開中の事例"
    assert "公開中（改訂審査中）" in admin_client.get(LIST_URL).content.decode()
    approve(client, moderator, page)
    page.refresh_from_db()
    assert page.title == "改訂した事例"


@pytest.mark.parametrize("persona", ["outsider", "org_a_staff", "org_b_admin", "secretariat"])
def test_others_get_404_on_org_a_write_ups(as_persona, persona, practice_index, org_a, org_b):
    page = make_practice(practice_index, org_a, title="元の事例")
    client = as_persona(persona)
    assert client.get(edit_url(page)).status_code == 404
    assert client.get(f"{edit_url(page)}preview/").status_code == 404
    response = client.post(edit_url(page), form_data(title="乗っ取り"))
    assert response.status_code == 404
    page.refresh_from_db()
    assert latest(page).title == "元の事例"
    if persona != "org_b_admin":
        assert client.get(LIST_URL).status_code == 404
        assert client.post(NEW_URL, form_data()).status_code == 404


@pytest.mark.parametrize("url", [LIST_URL, NEW_URL])
def test_anonymous_is_sent_to_login(client, practice_index, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_organisation_in_post_is_ignored(as_persona, practice_index, org_a, org_b):
    page = create_draft(as_persona("org_a_admin"), organisation=str(org_b.pk))
    assert page.organisation == org_a
    assert latest(page).organisation == org_a


def test_script_is_stripped_from_content(as_persona, practice_index, org_a):
    page = create_draft(
        as_persona("org_a_admin"),
        content='毎週<script>alert(1)</script>土曜日\n<b onclick="x()">太字</b>',
    )
    content = latest(page).content
    assert content == "<p>毎週土曜日<br>太字</p>"


def test_failed_submit_keeps_input_and_shows_japanese_errors(as_persona, practice_index):
    client = as_persona("org_a_admin")
    data = form_data(title="", year="１９９０", result_1_value="", submit="1")
    response = client.post(NEW_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert "この項目は必須です" in html
    assert 'id="id_year_error"' in html
    assert "地域のつながりをつくる。" in html
    assert "八幡浜市" in html
    assert "数値を入力してください。" in html
    assert PracticePage.objects.count() == 0


def test_partners_member_or_free_text(as_persona, practice_index, org_a, org_b):
    client = as_persona("org_a_admin")
    page = create_draft(
        client,
        partner_1_organisation=str(org_b.pk),
        partner_2_name="八幡浜市役所",
    )
    partners = [(p.organisation, p.name) for p in latest(page).partners.all()]
    assert partners == [(org_b, ""), (None, "八幡浜市役所")]
    html = client.get(edit_url(page)).content.decode()
    assert "八幡浜市役所" in html

    response = client.post(
        edit_url(page), form_data(partner_1_organisation=str(org_b.pk), partner_1_name="両方")
    )
    assert response.status_code == 200
    assert 'id="id_partner_1_name_error"' in response.content.decode()


def png_upload(name="photo.png"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#336699").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_photos_with_alt_text(as_persona, practice_index, org_a):
    client = as_persona("org_a_admin")
    response = client.post(NEW_URL, form_data(newphoto_1_file=png_upload()))
    assert response.status_code == 200
    assert 'id="id_newphoto_1_alt_error"' in response.content.decode()
    assert PracticePage.objects.count() == 0

    photo = {"newphoto_1_alt": "食卓を囲む様子", "newphoto_1_caption": "春"}
    page = create_draft(client, newphoto_1_file=png_upload(), **photo)
    photos = [(p.alt_text, p.caption) for p in latest(page).photos.all()]
    assert photos == [("食卓を囲む様子", "春")]
    assert "食卓を囲む様子" in client.get(edit_url(page)).content.decode()

    # Kept, with a new caption, through an edit; then deleted.
    client.post(edit_url(page), form_data(photo_1_alt="食卓を囲む様子", photo_1_caption="夏"))
    assert [p.caption for p in latest(page).photos.all()] == ["夏"]
    client.post(edit_url(page), form_data(photo_1_alt="食卓を囲む様子", photo_1_delete="on"))
    assert list(latest(page).photos.all()) == []


# --- Staff the admin allowed to write --------------------------------------------


@pytest.fixture
def org_a_writer(org_a):
    from organisations.choices import MembershipRole
    from tests.organisations.factories import MembershipFactory

    return MembershipFactory(
        organisation=org_a, role=MembershipRole.STAFF, can_write_practices=True
    ).user


def test_allowed_staff_write_and_submit(
    client, practice_index, org_a, org_a_writer, org_a_admin, moderator
):
    client.force_login(org_a_writer)
    assert client.get(LIST_URL).status_code == 200
    page = create_draft(client, submit="1")
    assert page.organisation == org_a
    assert page.get_latest_revision().user == org_a_writer
    # The admin sees (and could edit) the staff member's write-up too.
    client.force_login(org_a_admin)
    assert "子ども食堂「みかん」" in client.get(LIST_URL).content.decode()
    approve(client, moderator, page)
    email = OutboundEmail.objects.get(subject__contains="公開しました")
    assert email.to == [org_a_writer.email]


def test_staff_lose_the_write_ups_when_the_admin_stops_them(
    client, practice_index, org_a, org_a_writer
):
    from organisations.models import Membership

    page = make_practice(practice_index, org_a, title="元の事例")
    client.force_login(org_a_writer)
    assert client.get(edit_url(page)).status_code == 200
    membership = Membership.objects.get(user=org_a_writer)
    membership.can_write_practices = False
    membership.save()  # as the staff page takes it back (services.manage)
    assert client.get(LIST_URL).status_code == 404
    assert client.get(edit_url(page)).status_code == 404
    assert client.post(edit_url(page), form_data(title="乗っ取り")).status_code == 404
    assert client.post(NEW_URL, form_data()).status_code == 404
    assert latest(page).title == "元の事例"
    assert PracticePage.objects.count() == 1


def test_allowed_staff_of_another_organisation_get_404(client, practice_index, org_a, org_b):
    from organisations.choices import MembershipRole
    from tests.organisations.factories import MembershipFactory

    writer_b = MembershipFactory(
        organisation=org_b, role=MembershipRole.STAFF, can_write_practices=True
    ).user
    page = make_practice(practice_index, org_a, title="元の事例")
    client.force_login(writer_b)
    assert client.get(edit_url(page)).status_code == 404
    assert client.post(edit_url(page), form_data(title="乗っ取り")).status_code == 404
    assert client.get(f"{edit_url(page)}preview/").status_code == 404
    assert latest(page).title == "元の事例"


# --- Attachments (添付資料) ----------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="活動報告書.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def attachments_of(page):
    return [(a.title, a.document.title) for a in latest(page).attachments.all()]


def download(client, document):
    url = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response.status_code


def test_attachment_with_japanese_name_is_stored_under_a_random_name(
    as_persona, practice_index, org_a
):
    client = as_persona("org_a_admin")
    page = create_draft(
        client, newattachment_1_file=pdf_upload(), newattachment_1_title="令和6年度 活動報告書"
    )
    assert attachments_of(page) == [("令和6年度 活動報告書", "令和6年度 活動報告書")]
    document = latest(page).attachments.get().document
    assert document.collection.name == "取組事例の添付資料"
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", document.filename)
    assert document.file_size == len(PDF)
    html = client.get(edit_url(page)).content.decode()
    assert "令和6年度 活動報告書" in html
    assert 'name="attachment_1_delete"' in html

    # Renamed, then removed, through edits.
    client.post(edit_url(page), form_data(attachment_1_title="活動報告書（改）"))
    assert [t for t, _ in attachments_of(page)] == ["活動報告書(改)"]  # NFKC-folded
    client.post(
        edit_url(page), form_data(attachment_1_title="活動報告書（改）", attachment_1_delete="on")
    )
    assert attachments_of(page) == []


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (pdf_upload("手順.exe", b"MZ\x90\x00"), "添付できるのは PDF・DOCX・XLSX"),
        (pdf_upload("page.html", b"<html></html>", "text/html"), "添付できるのは"),
        (
            pdf_upload("偽物.pdf", b"<html><script>x</script></html>"),
            "拡張子（.pdf）と一致しません",
        ),
        (pdf_upload("表.xlsx", b"%PDF-1.4"), "拡張子（.xlsx）と一致しません"),
        (pdf_upload("名簿.csv", b"a,b\x00c", "text/csv"), "拡張子（.csv）と一致しません"),
        (pdf_upload("空.pdf", b""), "ファイルが空です"),
        (pdf_upload("拡張子なし", PDF), "添付できるのは"),
    ],
)
def test_bad_attachment_gives_japanese_error_and_keeps_input(
    as_persona, practice_index, upload, error
):
    client = as_persona("org_a_admin")
    response = client.post(
        NEW_URL, form_data(newattachment_1_file=upload, newattachment_1_title="資料")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_newattachment_1_file_error"' in html
    assert error in html
    assert "地域のつながりをつくる。" in html  # the rest of the form is still there
    assert "子ども食堂「みかん」" in html
    assert "選んだ資料のファイルは保存されていません" in html
    assert PracticePage.objects.count() == 0
    assert get_document_model().objects.count() == 0


def test_too_big_attachment_is_refused(as_persona, practice_index, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client = as_persona("org_a_admin")
    big = pdf_upload("大きい.pdf", PDF + b"0" * 2048)
    response = client.post(NEW_URL, form_data(newattachment_1_file=big, newattachment_1_title="x"))
    assert response.status_code == 200
    assert "ファイルが大きすぎます" in response.content.decode()
    assert "1.0\xa0KB" in response.content.decode() or "1.0 KB" in response.content.decode()
    assert PracticePage.objects.count() == 0


def test_attachment_needs_a_title_and_a_title_needs_a_file(as_persona, practice_index):
    client = as_persona("org_a_admin")
    response = client.post(NEW_URL, form_data(newattachment_1_file=pdf_upload()))
    assert "資料の表示名を入力してください。" in response.content.decode()
    response = client.post(NEW_URL, form_data(newattachment_1_title="報告書"))
    assert "資料のファイルを選んでください。" in response.content.decode()
    assert PracticePage.objects.count() == 0


def test_bad_new_attachment_keeps_the_saved_ones(as_persona, practice_index):
    client = as_persona("org_a_admin")
    page = create_draft(client, newattachment_1_file=pdf_upload(), newattachment_1_title="報告書")
    response = client.post(
        edit_url(page),
        form_data(
            title="変えたい題名",
            attachment_1_title="報告書",
            newattachment_1_file=pdf_upload("x.exe", b"MZ"),
            newattachment_1_title="実行ファイル",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "変えたい題名" in html and "報告書" in html
    assert attachments_of(page) == [("報告書", "報告書")]
    assert latest(page).title == "子ども食堂「みかん」"


def test_path_in_the_uploaded_name_goes_nowhere(as_persona, practice_index, settings):
    """A raw multipart body with ../ in the file name: stored under a random name."""
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    client = as_persona("org_a_admin")
    body = encode_multipart(BOUNDARY, form_data(newattachment_1_title="報告書"))
    part = (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="newattachment_1_file"; '
            'filename="../../../etc/報告書.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + b"\r\n"
    )
    body = body.replace(f"--{BOUNDARY}--".encode(), part + f"--{BOUNDARY}--".encode())
    response = client.generic("POST", NEW_URL, body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 302, response.content.decode()[:1000]
    document = latest(PracticePage.objects.get()).attachments.get().document
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert (settings.MEDIA_ROOT / document.file.name).is_file()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("org_a_staff", 404),
        ("org_b_admin", 404),
        ("org_a_admin", 200),
        ("moderator", 200),
    ],
)
def test_draft_attachment_is_not_public(
    client, as_persona, practice_index, org_a_admin, moderator, persona, status
):
    page = create_draft(
        as_persona("org_a_admin"),
        newattachment_1_file=pdf_upload(),
        newattachment_1_title="報告書",
        submit="1",
    )
    document = latest(page).attachments.get().document
    client.logout()
    if persona == "moderator":
        client.force_login(moderator)
    elif persona != "anonymous":
        as_persona(persona)
    assert download(client, document) == status


def test_attachment_becomes_public_on_approval_and_new_ones_wait_for_review(
    client, as_persona, practice_index, moderator
):
    admin_client = as_persona("org_a_admin")
    page = create_draft(
        admin_client, newattachment_1_file=pdf_upload(), newattachment_1_title="報告書", submit="1"
    )
    first = latest(page).attachments.get().document
    approve(client, moderator, page)
    client.logout()
    assert download(client, first) == 200

    # A revision of the live write-up adds a second file: private until approved.
    admin_client = as_persona("org_a_admin")
    admin_client.post(
        edit_url(page),
        form_data(
            attachment_1_title="報告書",
            newattachment_1_file=pdf_upload("チラシ.pdf"),
            newattachment_1_title="チラシ",
            submit="1",
        ),
    )
    second = latest(page).attachments.get(title="チラシ").document
    client.logout()
    assert download(client, first) == 200
    assert download(client, second) == 404
    approve(client, moderator, page)
    client.logout()
    assert download(client, second) == 200


def test_attachments_of_a_suspended_organisation_are_withdrawn(
    client, as_persona, practice_index, org_a, moderator
):
    from organisations.choices import OrganisationStatus

    page = create_draft(
        as_persona("org_a_admin"),
        newattachment_1_file=pdf_upload(),
        newattachment_1_title="報告書",
        submit="1",
    )
    approve(client, moderator, page)
    document = latest(page).attachments.get().document
    org_a.status = OrganisationStatus.SUSPENDED
    org_a.save()
    client.logout()
    assert download(client, document) == 404


# --- Edits during review ------------------------------------------------------------


def withdraw_url(page):
    return reverse("my_organisation:practice_withdraw", kwargs={"page_id": page.pk})


def revision_count(page):
    return PracticePage.objects.get(pk=page.pk).revisions.count()


def test_write_up_in_review_cannot_be_edited(client, as_persona, practice_index, moderator):
    """Wagtail publishes the latest revision on approval: what was reviewed must be it."""
    admin_client = as_persona("org_a_admin")
    page = create_draft(admin_client, submit="1")
    revisions = revision_count(page)

    response = admin_client.get(edit_url(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert "審査中のため、編集できません" in html
    assert 'name="title"' not in html
    assert "審査を取り下げる" in html
    assert withdraw_url(page) in html

    response = admin_client.post(
        edit_url(page), form_data(title="審査中にこっそり変更"), follow=True
    )
    assert "審査中のため保存できませんでした" in response.content.decode()
    assert revision_count(page) == revisions
    assert latest(page).title == "子ども食堂「みかん」"

    approve(client, moderator, page)
    page.refresh_from_db()
    assert page.live and page.title == "子ども食堂「みかん」"


def test_withdrawn_submission_can_be_edited_and_resubmitted(
    client, as_persona, practice_index, moderator
):
    admin_client = as_persona("org_a_admin")
    page = create_draft(admin_client, submit="1")
    response = admin_client.post(withdraw_url(page), follow=True)
    assert "審査を取り下げました" in response.content.decode()
    page.refresh_from_db()
    assert not page.workflow_in_progress
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "cancelled"
    assert "下書き" in admin_client.get(LIST_URL).content.decode()

    response = admin_client.post(edit_url(page), form_data(title="直した題名", submit="1"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    approve(client, moderator, page)
    page.refresh_from_db()
    assert page.live and page.title == "直した題名"


def test_withdrawing_what_is_not_in_review_changes_nothing(as_persona, practice_index):
    admin_client = as_persona("org_a_admin")
    page = create_draft(admin_client)
    response = admin_client.post(withdraw_url(page), follow=True)
    assert "審査中ではありません" in response.content.decode()
    assert not WorkflowState.objects.exists()
    assert admin_client.get(withdraw_url(page)).status_code == 405


@pytest.mark.parametrize("persona", ["outsider", "org_a_staff", "org_b_admin", "secretariat"])
def test_others_cannot_withdraw_org_a_submission(as_persona, persona, practice_index, org_b):
    page = create_draft(as_persona("org_a_admin"), submit="1")
    response = as_persona(persona).post(withdraw_url(page))
    assert response.status_code == 404
    page.refresh_from_db()
    assert page.workflow_in_progress


def test_anonymous_withdraw_goes_to_login(client, as_persona, practice_index):
    page = create_draft(as_persona("org_a_admin"), submit="1")
    client.logout()
    response = client.post(withdraw_url(page))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    page.refresh_from_db()
    assert page.workflow_in_progress


def test_revised_live_write_up_stays_as_published_until_approval(
    client, as_persona, practice_index, org_a, moderator
):
    page = make_practice(
        practice_index, org_a, title="公開中の事例", content="<p>公開中の本文です。</p>"
    )
    public_url = page.url
    assert "公開中の本文です。" in client.get(public_url).content.decode()

    admin_client = as_persona("org_a_admin")
    # A saved draft does not reach the public page...
    admin_client.post(edit_url(page), form_data(title="改訂版の事例", content="改訂した本文です。"))
    client.logout()
    html = client.get(public_url).content.decode()
    assert "公開中の本文です。" in html and "改訂した本文です。" not in html

    # ...nor does a submitted revision, while it is reviewed (and it is locked).
    admin_client = as_persona("org_a_admin")
    admin_client.post(
        edit_url(page), form_data(title="改訂版の事例", content="改訂した本文です。", submit="1")
    )
    assert "公開中（改訂審査中）" in admin_client.get(LIST_URL).content.decode()
    locked = admin_client.get(edit_url(page)).content.decode()
    assert "審査が終わるまで、公開中の内容がそのまま表示されます。" in locked
    client.logout()
    html = client.get(public_url).content.decode()
    assert "公開中の本文です。" in html and "改訂した本文です。" not in html

    approve(client, moderator, page)
    client.logout()
    html = client.get(public_url).content.decode()
    assert "改訂した本文です。" in html and "公開中の本文です。" not in html


def test_requested_changes_can_be_made_in_the_form(client, as_persona, practice_index, moderator):
    admin_client = as_persona("org_a_admin")
    page = create_draft(admin_client, submit="1")
    request_changes(client, moderator, page, "題名を具体的に。")
    admin_client = as_persona("org_a_admin")
    html = admin_client.get(edit_url(page)).content.decode()
    assert 'name="title"' in html and "題名を具体的に。" in html
    response = admin_client.post(edit_url(page), form_data(title="子ども食堂「みかん」毎週土曜"))
    assert response.status_code == 302
    assert latest(page).title == "子ども食堂「みかん」毎週土曜"


# --- ★/☆ marks (organisations.forms.fields.RankField, shared with the profile form) ---


def test_marks_are_saved_and_shown_again(as_persona, practice_index):
    main, other = ActivityType.objects.all()[:2]
    client = as_persona("org_a_admin")
    page = create_draft(client, **{f"activity_{main.pk}": "main", f"activity_{other.pk}": "other"})
    marks = {a.activity_type_id: a.is_main for a in latest(page).activities.all()}
    assert marks == {main.pk: True, other.pk: False}
    html = client.get(edit_url(page)).content.decode()
    radio = r'<input type="radio" name="(activity_\d+)" value="(\w*)"[^>]*checked'
    checked = re.findall(radio, html)
    assert (f"activity_{main.pk}", "main") in checked
    assert (f"activity_{other.pk}", "other") in checked
    assert html.count('id="activity-heading"') == 1
    assert "★ 主な取組" in html and "☆ その他" in html


def test_a_main_mark_is_required(as_persona, practice_index):
    activity = ActivityType.objects.first()
    client = as_persona("org_a_admin")
    response = client.post(NEW_URL, form_data(**{f"activity_{activity.pk}": "other"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="activity-errors"' in html
    assert "主な取組の種類（★）を1つ以上選んでください。" in html
    assert PracticePage.objects.count() == 0
