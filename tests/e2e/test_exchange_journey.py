"""Issue 19's journey: an organisation posts a need on a phone, sees suggested
offers with why, contacts one; the other organisation replies on a desktop.

Two member organisations in 松山市; the second has an open offer of a
kitchen. Screenshots: test-artifacts/screenshots/exchange-*.png (390 px and
1280 px). axe: no critical or serious violation on each page.
"""

import pytest

from exchange.models import Listing, Message
from organisations.choices import MembershipRole
from organisations.models import ActivityType, TargetGroup
from tests.conftest import point_default_site_at_home
from tests.organisations.factories import PASSWORD, MembershipFactory, OrganisationFactory

from .axe import check_axe
from .test_membership_journey import assert_fits_phone, labelled, new_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def world():
    point_default_site_at_home()
    needing = OrganisationFactory(name="みかんの木 居場所ネットワーク", municipality="松山市")
    offering = OrganisationFactory(name="あおい相談室", municipality="松山市")
    poster = MembershipFactory(
        organisation=needing, role=MembershipRole.ADMIN, user__email="poster@example.org"
    ).user
    helper = MembershipFactory(
        organisation=offering, role=MembershipRole.ADMIN, user__email="helper@example.org"
    ).user
    offer = Listing.objects.create(
        kind="offer",
        resource_type="place",
        title="調理室つきの集会所を夜に貸します",
        description="調理台のある集会所を、平日の夜と土曜日に子ども食堂へ無料で貸し出します。",
        area="松山市",
        organisation=offering,
        status="open",
    )
    offer.target_groups.set(TargetGroup.objects.filter(name="こども・若者"))
    offer.activity_types.set(ActivityType.objects.filter(name="食を通じたつながり"))
    return poster, helper, offer


def test_need_posted_on_a_phone_is_matched_contacted_and_answered(
    world, live_server, open_page, screenshot
):
    poster, helper, offer = world
    base = live_server.url
    page, watcher = new_page(open_page, "phone")
    sign_in(page, base, poster.email, PASSWORD, "/exchange/")
    page.get_by_role("link", name="ニーズを載せる").first.click()
    page.wait_for_url("**/exchange/new/?kind=need")
    page.get_by_label("場所", exact=True).check()
    labelled(page, "見出し").fill("子ども食堂の会場を探しています")
    labelled(page, "くわしい内容").fill(
        "松山市で月２回、子ども食堂を開きたいのですが、調理できる場所が見つかりません。"
    )
    page.select_option("#id_area", "松山市")
    page.get_by_label("こども・若者").check()
    page.get_by_label("食を通じたつながり").check()
    assert_fits_phone(page)
    screenshot(page, "exchange-post-need-phone")
    check_axe(page, "exchange-post-need-phone")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/exchange/*/")

    suggestions = page.locator(".exchange-suggestions")
    assert "調理室つきの集会所を夜に貸します" in suggestions.inner_text()
    reasons = suggestions.locator(".exchange-reasons").first.inner_text()
    assert "同じ地域：松山市" in reasons and "対象：こども・若者" in reasons
    assert_fits_phone(page)
    screenshot(page, "exchange-suggestions-phone")
    check_axe(page, "exchange-suggestions-phone")

    # The need's own page offers no "contact" to its poster: open the offer.
    suggestions.get_by_role("link", name="調理室つきの集会所を夜に貸します").click()
    page.get_by_role("link", name="関心があります").click()
    labelled(page, "メッセージ").fill("土曜日に調理室をお借りできますか。")
    page.get_by_role("button", name="送る").click()
    page.wait_for_url("**/exchange/threads/*/")
    assert "土曜日に調理室をお借りできますか。" in page.locator(".exchange-thread").inner_text()
    assert "関心があります" in page.locator(".page-header").inner_text()
    assert_fits_phone(page)
    screenshot(page, "exchange-thread-phone")
    check_axe(page, "exchange-thread-phone")
    thread_url = page.url
    watcher.assert_clean()

    desk, desk_watcher = new_page(open_page, "desktop")
    sign_in(desk, base, helper.email, PASSWORD, thread_url.replace(base, ""))
    desk.wait_for_url(thread_url)
    labelled(desk, "メッセージ").fill("はい、土曜日の午前ならお使いいただけます。")
    desk.get_by_role("button", name="返信する").click()
    desk.wait_for_url(thread_url)
    assert "土曜日の午前ならお使いいただけます" in desk.locator(".exchange-thread").inner_text()
    screenshot(desk, "exchange-thread-desktop")
    check_axe(desk, "exchange-thread-desktop")
    desk_watcher.assert_clean()
    assert Message.objects.count() == 2
    assert "poster@example.org" not in desk.content()
