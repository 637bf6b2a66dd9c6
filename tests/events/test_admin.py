"""The secretariat's registrations: list, export, counts, check-in; nobody else's."""

import csv
import io

from django.contrib.auth.models import Group

import pytest

from events.models import Registration, RegistrationStatus
from tests.events.factories import open_event
from tests.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    return open_event(event_index, capacity=10, days_ahead=1)


@pytest.fixture
def registrations(event):
    return [
        Registration.objects.create(
            event=event,
            name="県民 花子",
            email="hanako@example.jp",
            status="confirmed",
            accessibility=["wheelchair"],
            answers={"動機": "学びたい"},
        ),
        Registration.objects.create(
            event=event, name="=HYPERLINK(1)", email="evil@example.jp", status="confirmed"
        ),
        Registration.objects.create(
            event=event, name="佐藤 一郎", email="ichiro@example.jp", status="cancelled"
        ),
    ]


@pytest.fixture
def secretariat(db):
    user = UserFactory(username="jimukyoku", email="jimukyoku@example.jp")
    user.groups.add(Group.objects.get(name="事務局"))
    return user


def test_secretariat_lists_and_filters(client, secretariat, registrations, event):
    client.force_login(secretariat)
    response = client.get(f"/admin/events/registrations/?event={event.pk}&status=confirmed")
    assert response.status_code == 200
    html = response.content.decode()
    assert "県民 花子" in html
    assert "佐藤 一郎" not in html


def test_csv_export_has_japanese_headings_bom_and_no_formulas(
    client, secretariat, registrations, event
):
    client.force_login(secretariat)
    response = client.get(f"/admin/events/registrations/?event={event.pk}&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["申込日時", "イベント", "状態", "お名前", "メールアドレス"]
    names = [row[3] for row in rows[1:]]
    assert "県民 花子" in names
    assert "'=HYPERLINK(1)" in names
    hanako = next(row for row in rows if row[3] == "県民 花子")
    assert "車いす席" in hanako and "参加確定" in hanako
    assert "動機: 学びたい" in hanako


def test_summary_counts_per_event_and_year(client, secretariat, registrations, event):
    client.force_login(secretariat)
    response = client.get("/admin/events/summary/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "つながりフォーラム" in html and "年度の合計" in html


def test_check_in_one_tap_saves_and_says_so(client, secretariat, registrations, event):
    client.force_login(secretariat)
    hanako = registrations[0]
    Registration.objects.filter(pk=hanako.pk).update(party_size=3)
    page = client.get(f"/admin/events/{event.pk}/check-in/?q=花子").content.decode()
    assert "県民 花子（3名）" in page and "=HYPERLINK" not in page
    response = client.post(
        f"/admin/events/check-in/{hanako.pk}/",
        {"attended": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"id": hanako.pk, "status": "attended", "attended": True}
    hanako.refresh_from_db()
    assert hanako.status == RegistrationStatus.ATTENDED and hanako.checked_in_at
    # Without the script: a plain form post comes back to the search.
    response = client.post(f"/admin/events/check-in/{hanako.pk}/", {"attended": "0", "q": "花子"})
    assert response.status_code == 302
    assert response["Location"].endswith("?q=%E8%8A%B1%E5%AD%90")
    hanako.refresh_from_db()
    assert hanako.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("persona", ["editor", "moderator", "member"])
def test_others_get_no_registrations(client, request, persona, registrations, event):
    if persona == "member":
        from tests.organisations.factories import MembershipFactory

        user = MembershipFactory().user
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    for url in (
        "/admin/events/summary/",
        f"/admin/events/{event.pk}/check-in/",
    ):
        assert client.get(url).status_code == 403
    response = client.post(f"/admin/events/check-in/{registrations[0].pk}/", {"attended": "1"})
    assert response.status_code == 403
    # Wagtail sends editors without the permission back to the dashboard; a
    # member without admin access gets the admin's 403.
    response = client.get("/admin/events/registrations/")
    assert response.status_code == (403 if persona == "member" else 302)
    registrations[0].refresh_from_db()
    assert registrations[0].status == RegistrationStatus.CONFIRMED


def test_excel_export(client, secretariat, registrations, event):
    client.force_login(secretariat)
    response = client.get(f"/admin/events/registrations/?event={event.pk}&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headings[:4] == ["申込日時", "イベント", "状態", "お名前"]


def test_message_to_all_registrants_once(
    client, secretariat, registrations, event, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(secretariat)
    page = client.get(f"/admin/events/{event.pk}/message/")
    assert page.status_code == 200
    key = page.context["form"].initial["key"]
    data = {
        "audience": "registered",
        "subject": "会場の変更",
        "body": "2階に変わりました。",
        "key": key,
    }
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/events/{event.pk}/message/", data)
        assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["evil@example.jp", "hanako@example.jp"]
    message = mail.outbox[0]
    assert message.subject == "【つながりフォーラム】会場の変更"
    assert "2階に変わりました。" in message.body and "/register/cancel/" in message.body
    # An empty form comes back with Japanese errors, nothing sent.
    response = client.post(f"/admin/events/{event.pk}/message/", {"audience": "registered"})
    assert response.status_code == 200
    assert "この項目は必須です" in response.content.decode()
    assert len(mail.outbox) == 2
