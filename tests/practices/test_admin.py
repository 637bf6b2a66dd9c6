"""The page types are created through the Wagtail admin (inline formsets included) and rendered."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from organisations.models import ActivityType, TargetGroup
from practices.models import PracticeIndexPage, PracticePage

from .helpers import make_image, make_index

pytestmark = pytest.mark.django_db


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def practice_data(organisation, image, partner, **overrides):
    activity = ActivityType.objects.get(name="居場所づくり")
    target = TargetGroup.objects.get(name="高齢者")
    return nested_form_data(
        {
            "title": "空き家を使った居場所",
            "slug": "akiya-ibasho",
            "organisation": str(organisation.pk),
            "areas_prefectures": [],
            "areas_municipalities": "宇和島市",
            "year": "2024",
            "summary": "空き家を改装して、誰でも来られる居場所にしました。",
            "purpose": rich_text("<p>孤立を防ぐ</p>"),
            "beneficiaries": rich_text("<p>地域の高齢者</p>"),
            "content": rich_text("<p>週2回の開放</p>"),
            "outreach": rich_text("<p>回覧板でお知らせ</p>"),
            "qualitative_results": rich_text("<p>顔見知りが増えた</p>"),
            "activities": inline_formset([{"activity_type": str(activity.pk), "is_main": "on"}]),
            "targets": inline_formset([{"target_group": str(target.pk), "is_main": ""}]),
            "partners": inline_formset(
                [
                    {"organisation": str(partner.pk), "name": ""},
                    {"organisation": "", "name": "宇和島市役所"},
                ]
            ),
            "results": inline_formset([{"label": "来場者", "value": "延べ300", "unit": "人"}]),
            "photos": inline_formset(
                [{"image": str(image.pk), "alt_text": "縁側で話す人たち", "caption": "開所日"}]
            ),
            "attachments": inline_formset([]),
            **overrides,
        }
    )


def test_index_and_write_up_are_created_in_the_admin(admin_client_su, home_page, org_a, org_b):
    response = admin_client_su.post(
        add_url(PracticeIndexPage, home_page),
        {
            **nested_form_data({"title": "取組事例", "slug": "practices", "intro": ""}),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    index = PracticeIndexPage.objects.get()
    assert index.url == "/practices/"

    image = make_image()
    data = practice_data(org_a, image, org_b)
    response = admin_client_su.post(
        add_url(PracticePage, index), {**data, "action-publish": "action-publish"}
    )
    assert response.status_code == 302, response.context["form"].errors.as_text()
    page = PracticePage.objects.get(slug="akiya-ibasho")
    assert page.live and page.live_revision is not None
    assert page.activities.get().is_main
    assert page.partners.count() == 2
    assert page.url == "/practices/akiya-ibasho/"

    admin_client_su.logout()
    html = admin_client_su.get(page.url).content.decode()
    assert "空き家を使った居場所" in html
    assert "延べ300人" in html
    assert "宇和島市役所" in html


def test_a_partner_must_be_a_member_or_a_name_not_both(admin_client_su, home_page, org_a, org_b):
    index = make_index(home_page)
    data = practice_data(
        org_a,
        make_image(),
        org_b,
        partners=inline_formset([{"organisation": str(org_b.pk), "name": "ほかの名前"}]),
    )
    response = admin_client_su.post(add_url(PracticePage, index), data)
    assert response.status_code == 200
    assert not PracticePage.objects.exists()
    assert "どちらか一方" in response.content.decode()


def test_photo_alt_text_and_year_range_are_required(admin_client_su, home_page, org_a, org_b):
    index = make_index(home_page)
    data = practice_data(
        org_a,
        make_image(),
        org_b,
        year="1999",
        photos=inline_formset([{"image": str(make_image().pk), "alt_text": "", "caption": ""}]),
    )
    response = admin_client_su.post(add_url(PracticePage, index), data)
    assert response.status_code == 200
    assert not PracticePage.objects.exists()


def test_index_is_only_allowed_once_under_the_home_page(home_page):
    make_index(home_page)
    assert not PracticeIndexPage.can_create_at(home_page)
    assert PracticePage.allowed_subpage_models() == []
    assert PracticePage.allowed_parent_page_models() == [PracticeIndexPage]
