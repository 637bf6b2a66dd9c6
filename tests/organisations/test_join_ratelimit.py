"""/join/ is rate-limited: 3 applications an hour per address, 10 per place.

Each valid application sends a site-branded e-mail to the address typed in,
so without a limit the form is a mail cannon (issue 15: twelve rapid
applications were all accepted). Limits are off in the test settings
(RATELIMIT_ENABLE) and switched on here. Over a limit the answer is a 429
with the form and everything typed in it, in the reader's language.
"""

from django.core import mail
from django.core.cache import cache

import pytest

from organisations.models import Application
from tests.organisations.test_join import application_data, mail_at_once  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def apply(client, n, email, prefix="", **extra):
    """Application number ``n``: another organisation each time (no duplicate refusal)."""
    data = application_data(
        name=f"NPO法人 みらい子ども食堂{n}号",
        website=f"https://mirai-{n}.example.jp/",
        applicant_email=email,
    )
    return client.post(f"{prefix}/join/", data, **extra)


def test_limits_are_off_in_the_test_settings(client, settings):
    assert settings.RATELIMIT_ENABLE is False
    for n in range(12):
        assert apply(client, n, "same@example.jp").status_code == 302
    assert Application.objects.count() == 12


def test_three_an_hour_to_one_address(client, limits_on):
    for n in range(3):
        assert apply(client, n, "hanako@example.jp").status_code == 302
    response = apply(client, 3, "Hanako@Example.jp")
    assert response.status_code == 429
    assert Application.objects.count() == 3
    assert len(mail.outbox) == 3
    # Another address from the same place is still fine.
    assert apply(client, 4, "taro@example.jp").status_code == 302


def test_the_limited_form_keeps_what_was_typed(client, limits_on):
    for n in range(3):
        apply(client, n, "hanako@example.jp")
    response = apply(client, 9, "hanako@example.jp")
    assert response.status_code == 429
    html = response.content.decode()
    assert "しばらくしてからお試しください" in html
    assert "申込みはまだ送信されていません" in html
    # The form is there again, filled in.
    assert 'value="NPO法人 みらい子ども食堂9号"' in html
    assert 'value="hanako@example.jp"' in html
    assert "毎週土曜日に子ども食堂を開き" in html
    assert "csrfmiddlewaretoken" in html
    assert 'class="join-form"' in html


def test_ten_an_hour_from_one_place(client, limits_on):
    for n in range(10):
        assert apply(client, n, f"person{n}@example.jp").status_code == 302
    assert apply(client, 10, "person10@example.jp").status_code == 429
    assert Application.objects.count() == 10
    # Someone else, elsewhere, is not held up.
    response = apply(client, 11, "other@example.jp", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302


def test_a_forged_forwarded_for_header_does_not_get_round_the_limit(client, limits_on):
    """With no trusted proxy (TRUSTED_PROXY_COUNT=0) X-Forwarded-For is not believed."""
    for n in range(10):
        apply(client, n, f"person{n}@example.jp", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = apply(client, 10, "person10@example.jp", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_visitor_is_counted_apart(client, limits_on, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        apply(client, n, f"person{n}@example.jp", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert apply(client, 10, "a@example.jp", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert apply(client, 11, "b@example.jp", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_invalid_forms_are_not_counted(client, limits_on):
    for _attempt in range(5):
        response = client.post("/join/", application_data(name="", applicant_email="a@example.jp"))
        assert response.status_code == 200
    assert apply(client, 1, "a@example.jp").status_code == 302


def test_the_limited_page_is_in_the_readers_language(client, limits_on):
    for n in range(3):
        apply(client, n, "hanako@example.jp", prefix="/en")
    response = apply(client, 3, "hanako@example.jp", prefix="/en")
    assert response.status_code == 429
    assert '<html lang="en"' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_the_confirmation_email_repeats_nothing_typed_but_the_link(client):
    assert apply(client, 1, "hanako@example.jp").status_code == 302
    message = mail.outbox[0]
    typed = application_data()
    for value in (
        "みらい子ども食堂",
        typed["applicant_name"],
        typed["applicant_name_kana"],
        typed["representative"],
        typed["activity_summary"],
        "mirai-1.example.jp",
    ):
        assert value not in message.body, value
        assert value not in message.subject, value
    assert message.to == ["hanako@example.jp"]
    assert "http://testserver/join/confirm/" in message.body


def test_the_site_429_page_looks_like_the_404_page(rf):
    from django.utils import translation

    from cms.ratelimit import too_many_requests

    request = rf.get("/")
    with translation.override("ja"):
        response = too_many_requests(request)
    assert response.status_code == 429
    html = response.content.decode()
    assert 'class="page-header__title"' in html and "しばらくしてからお試しください" in html
    assert 'class="site-header"' in html  # the site's own layout


def test_allauths_own_limits_answer_with_the_same_page(client, settings, org_a_staff):
    """allauth renders "429.html" when one of its limits is reached: ours, translated."""
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post("/en/accounts/password/reset/", {"email": org_a_staff.email})
    response = client.post("/en/accounts/password/reset/", {"email": org_a_staff.email})
    cache.clear()
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'class="page-header__title"' in html
    assert "Too Many Requests" not in html  # allauth's bare English fallback
