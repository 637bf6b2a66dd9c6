"""The whole journey through HTTP: apply → confirm → vetted → set a password → sign in."""

import re

from django.core import mail
from django.db import transaction

import pytest

from organisations.choices import ApplicationStatus, MembershipRole, Tier
from organisations.models import Application, Organisation

from .test_join import application_data, confirm_path

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tsunagari-minna-de-2025"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def apply_and_confirm(client):
    response = client.post(
        "/join/",
        application_data(postcode="７９６－０００１", applicant_phone="０８９４－１２－３４５６"),
    )
    assert response.status_code == 302
    path = confirm_path(mail.outbox[-1])
    assert client.post(path).status_code == 302
    return Application.objects.get(), path


def test_apply_confirm_accept_set_password_and_sign_in(client, secretariat):
    application, _confirm = apply_and_confirm(client)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.postcode == "796-0001" and application.applicant_phone == "0894-12-3456"
    notice = mail.outbox[-1]
    assert notice.to == [secretariat.email]
    admin_path = re.search(r"http://testserver(/admin/applications/\d+/)", notice.body).group(1)

    # The secretariat finds it in the queue and accepts it.
    client.force_login(secretariat)
    queue = client.get("/admin/applications/").content.decode()
    assert "NPO法人 みらい子ども食堂" in queue and admin_path in queue
    assert client.get(admin_path).status_code == 200
    response = client.post(admin_path + "accept/", {"tier": Tier.GENERAL})
    assert response.status_code == 302
    client.logout()

    organisation = Organisation.objects.get(name="NPO法人 みらい子ども食堂")
    assert organisation.tier == Tier.GENERAL
    assert {(a.activity_type.name, a.is_main) for a in organisation.activities.all()} == {
        ("食を通じたつながり", True),
        ("居場所づくり", False),
    }
    assert {(t.target_group.name, t.is_main) for t in organisation.targets.all()} == {
        ("こども・若者", True),
        ("高齢者", False),
    }
    membership = organisation.memberships.get()
    assert membership.role == MembershipRole.ADMIN

    # The applicant follows the one-time link and chooses a password.
    accepted = mail.outbox[-1]
    assert accepted.to == ["hanako@example.jp"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", accepted.body)
    response = client.get(link.group(1))
    assert response.status_code == 302  # allauth moves the key out of the URL
    form_url = response["Location"]
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    # … and signs in with e-mail and password.
    response = client.post(
        "/accounts/login/", {"login": "hanako@example.jp", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == membership.user_id
    client.logout()

    # The link worked once only.
    response = client.get(link.group(1))
    assert response.status_code == 200 and response.context["token_fail"]


def test_apply_confirm_decline(client, secretariat):
    application, confirm = apply_and_confirm(client)
    client.force_login(secretariat)
    url = f"/admin/applications/{application.pk}/decline/"
    assert client.post(url, {"reason": "推薦書の内容を確認できませんでした。"}).status_code == 302
    client.logout()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    declined = mail.outbox[-1]
    assert declined.to == ["hanako@example.jp"]
    assert "推薦書の内容を確認できませんでした。" in declined.body
    assert not Organisation.objects.filter(name__contains="みらい子ども食堂").exists()

    # The old confirmation link is spent; the organisation may apply again.
    assert "確認済み" in client.get(confirm).content.decode()
    assert client.post("/join/", application_data()).status_code == 302
