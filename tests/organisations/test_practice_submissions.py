"""Write-ups written from /my-organisation/practices/ and reviewed in Wagtail's workflow."""

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from cms.models import OutboundEmail
from organisations.models import ActivityType, PracticePage, Prefecture, TargetGroup

from .practice_helpers import make_index, make_practice

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

    from .factories import MembershipFactory

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
    Membership.objects.filter(user=org_a_writer).update(can_write_practices=False)
    assert client.get(LIST_URL).status_code == 404
    assert client.get(edit_url(page)).status_code == 404
    assert client.post(edit_url(page), form_data(title="乗っ取り")).status_code == 404
    assert client.post(NEW_URL, form_data()).status_code == 404
    assert latest(page).title == "元の事例"
    assert PracticePage.objects.count() == 1


def test_allowed_staff_of_another_organisation_get_404(client, practice_index, org_a, org_b):
    from organisations.choices import MembershipRole

    from .factories import MembershipFactory

    writer_b = MembershipFactory(
        organisation=org_b, role=MembershipRole.STAFF, can_write_practices=True
    ).user
    page = make_practice(practice_index, org_a, title="元の事例")
    client.force_login(writer_b)
    assert client.get(edit_url(page)).status_code == 404
    assert client.post(edit_url(page), form_data(title="乗っ取り")).status_code == 404
    assert client.get(f"{edit_url(page)}preview/").status_code == 404
    assert latest(page).title == "元の事例"
