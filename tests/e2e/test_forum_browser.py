"""The forum in a real browser: the site's look on a phone, no CSP violation, posting works.

Screenshots: test-artifacts/screenshots/forum-*.png (look at them).
"""

import pytest

from tests.e2e.axe import check_axe
from tests.e2e.test_membership_journey import assert_fits_phone, new_page
from tests.forum.conftest import (  # noqa: F401 (fixtures, found by name)
    attach,
    coordinator,
    make_topic,
    member,
    org_a,
    org_a_admin,
    org_a_staff,
    reply,
    s1,
    secretariat,
    url_of,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in_with_cookie(page, base, user):
    """A session made by Django's test client, handed to the browser."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base}]
    )


def test_forum_on_a_phone(live_server, open_page, screenshot, s1, member, coordinator):  # noqa: F811
    # Here in tests/e2e, not tests/forum: a second import of the session-wide
    # browser fixture would start a second Playwright inside the first's loop.
    from machina.core.db.models import get_model

    TopicPoll = get_model("forum_polls", "TopicPoll")
    TopicPollOption = get_model("forum_polls", "TopicPollOption")
    topic, first = make_topic(
        s1.forum,
        coordinator,
        "次回の定例会について",
        "次回は **3月10日** です。\n\n- 会場：県民会館\n- 資料は添付をご覧ください。",
    )
    attach(first, "定例会資料.pdf")
    poll = TopicPoll.objects.create(topic=topic, question="参加できますか", max_options=1)
    for text in ("参加します", "欠席します"):
        TopicPollOption.objects.create(poll=poll, text=text)
    for number in range(3):
        reply(topic, member, f"> 次回は 3月10日\n\n了解しました（{number + 1}）。")

    base = live_server.url
    page, watcher = new_page(open_page, "phone")
    sign_in_with_cookie(page, base, member)
    page.goto(f"{base}/forum/")
    assert page.get_by_text("ひきこもり支援分科会").first.is_visible()
    assert_fits_phone(page)
    screenshot(page, "forum-index-phone")
    check_axe(page, "forum-index-phone")

    page.goto(base + url_of(topic))
    assert page.get_by_text("了解しました（3）").is_visible()
    assert page.locator("link[href*='machina.board_theme']").count() == 0
    assert_fits_phone(page)
    screenshot(page, "forum-topic-phone")
    check_axe(page, "forum-topic-phone")

    # The new-topic composer: styled, its poll and attachment panels closed
    # until opened (<details>, no script).
    page.goto(base + url_of(topic).split("topic/")[0] + "topic/create/")
    assert page.locator("link[href*='forum/css/forum']").count() == 1
    panels = page.locator("details.forum-panel")
    assert panels.count() == 2
    assert not page.locator("#id_poll_question").is_visible()
    assert_fits_phone(page)
    screenshot(page, "forum-composer-phone")
    for summary in panels.locator("summary").all():
        summary.click()
    assert page.locator("#id_poll_question").is_visible()
    assert page.locator("#id_attachment-0-file").is_visible()
    page.locator("#add_more_poll_option").click()
    assert page.locator("input[name='poll-2-text']").count() == 1
    assert_fits_phone(page)
    screenshot(page, "forum-composer-panels-open-phone")
    check_axe(page, "forum-composer-phone")

    page.goto(base + url_of(topic) + "post/create/")
    assert_fits_phone(page)
    check_axe(page, "forum-reply-phone")
    page.locator("textarea[name=content]").fill("ブラウザからの返信です。")
    page.locator("[type=submit]").filter(has_text="送信").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("ブラウザからの返信です。").is_visible()
    screenshot(page, "forum-topic-after-reply-phone")
    watcher.assert_clean()
