"""The member directory (/organisations/) and organisation profiles (/organisations/<slug>/)."""

import datetime
import re

from django.core.cache import cache
from django.urls import reverse

import pytest

from organisations.choices import LegalForm, OrganisationStatus, Tier, Visibility
from organisations.models import ActivityType, Organisation, OrganisationPhoto, TargetGroup

from .conftest import PERSONAS
from .factories import OrganisationFactory, prefecture

pytestmark = pytest.mark.django_db

LIST_URL = "/organisations/"


@pytest.fixture(autouse=True)
def _site(home_page):
    """The pages extend base.html, which needs the default site's home page."""


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Facet counts and vocabularies are cached briefly; every test starts without them."""
    cache.clear()


def activity(name):
    return str(ActivityType.objects.get(name=name).pk)


def target(name):
    return str(TargetGroup.objects.get(name=name).pk)


def listed_names(response):
    """Organisation names in the order the directory shows them."""
    return [org.name for org in response.context["organisations"]]


def facet_counts(response, name):
    """The counts shown for one facet, read from the page itself."""
    html = response.content.decode()
    options = re.findall(
        rf'name="{name}" value="([^"]+)"[^>]*><label[^>]*>[^<]*'
        r'<span class="facet__count">(\d+)<',
        html,
    )
    return {value: int(count) for value, count in options}


@pytest.fixture
def network(org_a, org_b):
    """Five active organisations with distinct facets, and three that are not active.

    - aozora, minato: 愛媛 (38), general, NPO, ★居場所づくり, ★高齢者
    - kawa: 香川 (37), steering, voluntary, ★食を通じたつながり ☆居場所づくり,
      ★こども・若者 ☆高齢者
    - yama: 高知 (39), steering, company, ★SNS等を活用した相談支援, ★外国人
    - sora: 愛媛 (38), general, government, ☆食を通じたつながり, ☆こども・若者
    """
    OrganisationFactory(
        name="川べり食堂",
        name_kana="カワベリショクドウ",
        slug="kawa",
        prefecture=prefecture("37"),
        tier=Tier.STEERING,
        legal_form=LegalForm.VOLUNTARY,
        activities=[("食を通じたつながり", True), ("居場所づくり", False)],
        targets=[("こども・若者", True), ("高齢者", False)],
    )
    OrganisationFactory(
        name="山なみ相談室",
        name_kana="ヤマナミソウダンシツ",
        slug="yama",
        prefecture=prefecture("39"),
        tier=Tier.STEERING,
        legal_form=LegalForm.COMPANY,
        activities=[("SNS等を活用した相談支援", True)],
        targets=[("外国人", True)],
    )
    OrganisationFactory(
        name="空の会",
        name_kana="ソラノカイ",
        slug="sora",
        legal_form=LegalForm.GOVERNMENT,
        activities=[("食を通じたつながり", False)],
        targets=[("こども・若者", False)],
    )
    for status in (
        OrganisationStatus.SUSPENDED,
        OrganisationStatus.WITHDRAWN,
        OrganisationStatus.EXPELLED,
    ):
        OrganisationFactory(
            name=f"非掲載の会 {status}", name_kana="アアア", slug=f"gone-{status}", status=status
        )


# --- Listing and sorting ------------------------------------------------------


def test_lists_active_organisations_only_sorted_by_reading(client, network):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed_names(response) == [
        "あおぞら見守りネット",  # アオゾラ
        "川べり食堂",  # カワベリ
        "空の会",  # ソラ
        "みなと居場所の会",  # ミナト
        "山なみ相談室",  # ヤマナミ
    ]
    html = response.content.decode()
    assert "非掲載の会" not in html
    assert "5件" in html


def test_sorting_follows_the_reading_not_the_kanji(client, db, home_page):
    # By code point 夕 (U+5915) sorts before 朝 (U+671D); by reading アサヒ comes first.
    OrganisationFactory(name="夕焼けの会", name_kana="ユウヤケノカイ")
    OrganisationFactory(name="朝日の会", name_kana="アサヒノカイ")
    OrganisationFactory(name="NPOみどり", name_kana="エヌピーオーミドリ")
    assert listed_names(client.get(LIST_URL)) == ["朝日の会", "NPOみどり", "夕焼けの会"]


def test_cards_show_main_items_and_no_contact_fields(client, network):
    html = client.get(LIST_URL).content.decode()
    start = html.rindex("<article", 0, html.index("川べり食堂"))
    card = html[start : html.index("</article>", start)]
    assert "食を通じたつながり" in card  # main ★
    assert "居場所づくり</li>" not in card  # secondary ☆ items are left out of the card
    assert "こども・若者" in card
    assert "任意団体" in card and "幹事団体" in card
    assert "主な取組" in card  # the text alternative of ★
    assert "香川県 八幡浜市" in card


def test_pagination_keeps_the_filters(client, db, home_page):
    for n in range(25):
        OrganisationFactory(name=f"ページの会{n:02d}", name_kana=f"ページノカイ{'ア' * (n + 1)}")
    first = client.get(LIST_URL, {"tier": "general"})
    assert len(listed_names(first)) == 20
    assert "25件" in first.content.decode()
    assert "?tier=general&amp;page=2" in first.content.decode()
    second = client.get(LIST_URL, {"tier": "general", "page": "2"})
    assert len(listed_names(second)) == 5
    assert "2ページ目" in second.content.decode()  # in the <title> and the count


# --- Filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"activity": "食を通じたつながり"}, {"川べり食堂", "空の会"}),
        ({"target": "こども・若者"}, {"川べり食堂", "空の会"}),
        ({"pref": "38"}, {"あおぞら見守りネット", "みなと居場所の会", "空の会"}),
        ({"tier": "steering"}, {"川べり食堂", "山なみ相談室"}),
        ({"legal_form": "company"}, {"山なみ相談室"}),
        ({"legal_form": ["company", "voluntary"]}, {"山なみ相談室", "川べり食堂"}),  # OR
        ({"pref": ["37", "39"]}, {"川べり食堂", "山なみ相談室"}),
        ({"activity": "居場所づくり", "pref": "37"}, {"川べり食堂"}),  # AND across facets
        ({"activity": "食を通じたつながり", "tier": "general"}, {"空の会"}),
        ({"target": "高齢者", "tier": "steering", "legal_form": "voluntary"}, {"川べり食堂"}),
        ({"tier": "steering", "pref": "38"}, set()),
    ],
)
def test_each_facet_alone_and_combined(client, network, params, expected):
    query = {}
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        if name == "activity":
            values = [activity(v) for v in values]
        elif name == "target":
            values = [target(v) for v in values]
        query[name] = values
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert set(listed_names(response)) == expected
    assert f"{len(expected)}件" in response.content.decode()


def test_counts_without_filters(client, network):
    response = client.get(LIST_URL)
    assert facet_counts(response, "tier") == {"steering": 2, "general": 3}
    assert facet_counts(response, "pref") == {"37": 1, "38": 3, "39": 1}  # only prefectures in use
    counts = facet_counts(response, "activity")
    assert counts[activity("居場所づくり")] == 3
    assert counts[activity("食を通じたつながり")] == 2
    assert counts[activity("官民連携プラットフォームの構築")] == 0  # the whole vocabulary is shown
    assert facet_counts(response, "legal_form") == {
        "npo": 2,
        "voluntary": 1,
        "company": 1,
        "government": 1,
    }


def test_counts_reflect_the_other_facets_but_not_their_own(client, network):
    response = client.get(LIST_URL, {"tier": "steering"})
    # The tier facet ignores its own selection, so the other tier is still offered.
    assert facet_counts(response, "tier") == {"steering": 2, "general": 3}
    # Every other facet counts steering members only.
    assert facet_counts(response, "pref") == {"37": 1, "39": 1}
    activity_counts = facet_counts(response, "activity")
    assert activity_counts[activity("居場所づくり")] == 1  # 川べり (☆), not あおぞら/みなと
    assert activity_counts[activity("SNS等を活用した相談支援")] == 1

    response = client.get(
        LIST_URL, {"activity": activity("食を通じたつながり"), "pref": ["37", "38"]}
    )
    assert set(listed_names(response)) == {"川べり食堂", "空の会"}
    assert facet_counts(response, "pref") == {"37": 1, "38": 1}  # activity applied, pref not
    assert facet_counts(response, "tier") == {"steering": 1, "general": 1}
    activity_counts = facet_counts(response, "activity")  # pref applied, activity not
    assert activity_counts[activity("居場所づくり")] == 3
    assert activity_counts[activity("SNS等を活用した相談支援")] == 0


def test_main_only_toggle(client, network):
    food = activity("食を通じたつながり")
    assert set(listed_names(client.get(LIST_URL, {"activity": food}))) == {"川べり食堂", "空の会"}
    response = client.get(LIST_URL, {"activity": food, "main": "1"})
    assert listed_names(response) == ["川べり食堂"]  # 空の会 has it as ☆ only
    counts = facet_counts(response, "activity")
    assert counts[food] == 1
    assert counts[activity("居場所づくり")] == 2  # あおぞら, みなと (★); 川べり's is ☆
    target_counts = facet_counts(response, "target")
    assert target_counts[target("こども・若者")] == 1
    assert '<input type="checkbox" id="directory-main" name="main" value="1" checked' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "query",
    ["ＮＰＯ", "NPO", "npo", "ｎｐｏ", "えぬぴーおー", "エヌピーオー", "ｴﾇﾋﾟｰｵｰ", " ミドリ "],
)
def test_name_filter_folds_width_and_kana(client, db, home_page, query):
    OrganisationFactory(name="NPOみどりの家", name_kana="エヌピーオーミドリノイエ")
    OrganisationFactory(name="あおい会", name_kana="アオイカイ")
    response = client.get(LIST_URL, {"q": query})
    assert listed_names(response) == ["NPOみどりの家"]


def test_name_filter_combines_with_facets(client, network):
    response = client.get(LIST_URL, {"q": "の会", "pref": "38"})
    assert set(listed_names(response)) == {"みなと居場所の会", "空の会"}


def test_bad_values_are_ignored(client, network):
    response = client.get(
        LIST_URL
        + "?pref=99&activity=abc&activity=999999&target=-1&tier=gold&legal_form=%3Cscript%3E"
        "&main=yes&page=zzz&q=" + "あ" * 500
    )
    assert response.status_code == 200
    # Everything but the (over-long, truncated) name filter is dropped.
    directory = response.context["directory"]
    assert not any(directory.selected.values()) and not directory.main_only
    assert len(directory.text) == 100
    assert "<script>" not in response.content.decode()

    response = client.get(LIST_URL + "?pref=99&activity=abc&target=&tier=gold&page=zzz")
    assert response.status_code == 200
    assert len(listed_names(response)) == 5
    assert client.get(LIST_URL, {"page": "9999"}).status_code == 200  # the last page
    # A valid value next to an invalid one still applies.
    response = client.get(LIST_URL + "?pref=99&pref=37")
    assert listed_names(response) == ["川べり食堂"]


def test_active_filters_can_be_removed_one_by_one_and_all_at_once(client, network):
    food = activity("食を通じたつながり")
    response = client.get(LIST_URL, {"activity": food, "pref": ["37", "38"], "page": "1"})
    chips = {chip.label: chip.remove_url for chip in response.context["active_filters"]}
    assert chips["食を通じたつながり"] == "/organisations/?pref=37&pref=38"
    assert chips["香川県"] == f"/organisations/?activity={food}&pref=38"
    html = response.content.decode()
    assert 'href="/organisations/">条件をすべて解除' in html
    assert "選択中の条件" in html
    assert "条件をすべて解除" not in client.get(LIST_URL).content.decode()


def test_counts_are_cached_but_the_list_is_live(client, network, org_b):
    first = client.get(LIST_URL, {"tier": "general"})
    assert "みなと居場所の会" in listed_names(first)
    assert facet_counts(first, "tier") == {"steering": 2, "general": 3}
    org_b.status = OrganisationStatus.SUSPENDED
    org_b.save()
    second = client.get(LIST_URL, {"tier": "general"})
    assert "みなと居場所の会" not in listed_names(second)  # at once
    assert "みなと居場所の会" not in second.content.decode()
    assert facet_counts(second, "tier") == {"steering": 2, "general": 3}  # until it expires
    cache.clear()
    third = client.get(LIST_URL, {"tier": "general"})
    assert facet_counts(third, "tier") == {"steering": 2, "general": 2}


def test_filter_form_is_accessible_markup(client, network):
    html = client.get(LIST_URL, {"activity": activity("居場所づくり")}).content.decode()
    form = html[html.index('<form class="directory-filter"') : html.index("</form>")]
    assert form.count("<ul") == form.count("</ul>") == 5 + 4  # activity types: 5 groups
    assert form.count("<details") == form.count("<fieldset") == form.count("<legend") == 5
    # Closed even with a choice: the chips above the results name it, and on a
    # phone the results no longer start 2,000 px down.
    assert form.count('<details class="facet" open>') == 0
    # Every checkbox has its label.
    ids = re.findall(r'<input type="checkbox" id="([^"]+)"', form)
    # Every activity type and target group; prefectures and legal forms in use; main-only.
    assert len(ids) == ActivityType.objects.count() + TargetGroup.objects.count() + 2 + 2 + 2 + 1
    for control in ids:
        assert f'<label for="{control}">' in form


def test_no_results_message(client, network):
    html = client.get(LIST_URL, {"q": "存在しない団体"}).content.decode()
    assert "条件に合う団体はありません" in html
    assert "0件" in html


# --- Contact details never reach the directory ------------------------------

CANARIES = {
    "street_address": "KANARIA-street-11aa",
    "contact_name": "KANARIA-name-22bb",
    "phone": "KANARIA-phone-7f3a",
    "email": "kanaria-mail-33cc@example.org",
}


def set_canaries(organisation, **visibility):
    for field, value in CANARIES.items():
        setattr(organisation, field, value)
        setattr(organisation, f"{field}_visibility", visibility.get(field, Visibility.PUBLIC))
    organisation.save()


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_never_shows_contact_fields(as_persona, persona, org_a, org_b):
    set_canaries(org_a)  # even public ones: the directory lists no contact fields at all
    set_canaries(org_b, phone=Visibility.MEMBERS, email=Visibility.SECRETARIAT)
    client = as_persona(persona)
    for url in (LIST_URL, LIST_URL + "?q=あおぞら", LIST_URL + "?pref=38&main=1"):
        html = client.get(url).content.decode().lower()
        for canary in CANARIES.values():
            assert canary.lower() not in html, (persona, url, canary)


# --- The profile ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_phone", "sees_email"),
    [
        ("anonymous", False, False),
        ("outsider", False, False),
        ("org_b_admin", True, False),
        ("org_a_staff", True, True),  # its own staff see everything
        ("org_a_admin", True, True),
        ("secretariat", True, True),
    ],
)
def test_profile_shows_the_contact_fields_each_persona_may_see(
    as_persona, org_a, persona, sees_phone, sees_email
):
    set_canaries(
        org_a,
        street_address=Visibility.PUBLIC,
        contact_name=Visibility.PUBLIC,
        phone=Visibility.MEMBERS,
        email=Visibility.SECRETARIAT,
    )
    response = as_persona(persona).get(org_a.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert CANARIES["street_address"] in html and CANARIES["contact_name"] in html
    assert (CANARIES["phone"] in html) is sees_phone
    assert (CANARIES["email"] in html) is sees_email


def test_members_only_street_address_hides_the_postcode_too(as_persona, org_a):
    set_canaries(org_a, street_address=Visibility.MEMBERS)
    org_a.postcode = "796-0042"
    org_a.save()
    html = as_persona("anonymous").get(org_a.get_absolute_url()).content.decode()
    assert CANARIES["street_address"] not in html and "796-0042" not in html
    assert "愛媛県八幡浜市" in html  # prefecture and municipality are always shown
    assert "連絡先の一部は会員団体だけに公開しています" in html
    html = as_persona("org_b_admin").get(org_a.get_absolute_url()).content.decode()
    assert CANARIES["street_address"] in html and "〒796-0042" in html


@pytest.mark.parametrize(
    "status",
    [OrganisationStatus.SUSPENDED, OrganisationStatus.WITHDRAWN, OrganisationStatus.EXPELLED],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_inactive_profile_is_404_except_for_the_secretariat(as_persona, org_a, persona, status):
    set_canaries(org_a)
    org_a.status = status
    org_a.save()
    response = as_persona(persona).get(org_a.get_absolute_url())
    if persona == "secretariat":
        assert response.status_code == 200
        html = response.content.decode()
        assert "事務局だけが閲覧できます" in html
        assert org_a.get_status_display() in html
    else:
        assert response.status_code == 404
        assert org_a.name not in response.content.decode()
        assert CANARIES["phone"] not in response.content.decode()


def test_unknown_slug_is_404(client, db, home_page):
    assert client.get("/organisations/no-such-org/").status_code == 404


def test_profile_contents(client, org_a):
    org_a.founded_on = datetime.date(2005, 4, 1)
    org_a.staff_count = 12
    org_a.tier = Tier.STEERING
    org_a.website = "https://aozora.example.org/about/"
    org_a.description = "一行目\n二行目\n\n二段落目"
    org_a.areas_municipalities = "八幡浜市、大洲市"
    org_a.message = "地域の見守りを続けています。" * 20
    org_a.save()
    org_a.areas_prefectures.set([prefecture("38"), prefecture("37")])
    org_a.activities.all().delete()
    ranked = [("居場所づくり", True), ("交流の場の提供", False), ("情報発信の充実", True)]
    for name, is_main in ranked:
        org_a.activities.create(activity_type=ActivityType.objects.get(name=name), is_main=is_main)
    org_a.targets.create(target_group=TargetGroup.objects.get(name="単身世帯"), is_main=False)

    response = client.get(org_a.get_absolute_url())
    html = response.content.decode()
    assert "<title>あおぞら見守りネット" in html
    description = r'<meta name="description" content="地域の見守りを続けています。[^"]{50,}…">'
    assert re.search(description, html)
    assert 'aria-label="パンくずリスト"' in html and 'href="/organisations/">会員団体一覧' in html
    assert "2005年4月1日" in html
    assert "12名" in html
    assert "幹事団体" in html
    assert "理事長 佐藤 一郎" in html
    assert '<a href="https://aozora.example.org/about/" rel="nofollow noopener">' in html
    assert "<p>一行目<br>二行目</p>" in html and "<p>二段落目</p>" in html
    assert "香川県、愛媛県" in html and "八幡浜市、大洲市" in html
    assert "取組事例" in html
    # Activity types grouped under their group, ★/☆ with words for screen readers.
    groups = [group.name for group, _links in response.context["activity_groups"]]
    assert groups == ["つながりの場づくり", "情報提供・相談支援"]
    assert html.count("主な取組：") == 2 and html.count("その他の取組：") == 1
    assert "主な対象：" in html and "その他の対象：" in html  # 高齢者 ★, 単身世帯 ☆


def test_photos_have_alt_text_and_captions(client, org_a):
    from wagtail_factories import ImageFactory

    OrganisationPhoto.objects.create(
        organisation=org_a,
        image=ImageFactory(),
        alt_text="公民館でお茶を飲む人たち",
        caption="毎月の茶話会",
    )
    html = client.get(org_a.get_absolute_url()).content.decode()
    assert 'alt="公民館でお茶を飲む人たち"' in html
    assert "<figcaption>毎月の茶話会</figcaption>" in html


def test_signed_in_profile_is_not_cached_by_shared_caches(as_persona, org_a):
    response = as_persona("org_b_admin").get(org_a.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_organisation_admin_gets_an_edit_link(as_persona, org_a):
    edit = reverse("my_organisation:edit_profile")
    assert edit in as_persona("org_a_admin").get(org_a.get_absolute_url()).content.decode()
    for persona in ("org_a_staff", "org_b_admin", "anonymous"):
        assert edit not in as_persona(persona).get(org_a.get_absolute_url()).content.decode()


# --- XSS ---------------------------------------------------------------------------


def test_member_text_is_escaped_and_unsafe_websites_are_not_links(client, org_a):
    # Straight through the ORM: the validators are bypassed, as an import or a bug might.
    Organisation.objects.filter(pk=org_a.pk).update(
        name='あおぞら<img src=x onerror="alert(1)">',
        message="<script>alert(1)</script>",
        description="<b>太字</b>\n<script>alert(2)</script>",
        representative="<i>代表</i>",
        website="javascript:alert(1)",
        municipality="<svg onload=alert(3)>",
    )
    for url in (LIST_URL, org_a.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<svg onload" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "javascript:" not in html
    html = client.get(org_a.get_absolute_url()).content.decode()
    assert "<b>太字</b>" not in html and "&lt;b&gt;太字&lt;/b&gt;" in html
    assert "<i>代表</i>" not in html


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>", "//evil"],
)
def test_only_http_websites_become_links(client, org_a, website):
    Organisation.objects.filter(pk=org_a.pk).update(website=website)
    html = client.get(org_a.get_absolute_url()).content.decode()
    assert "ウェブサイト" not in html
    assert "evil" not in html and "alert(1)" not in html.lower()
