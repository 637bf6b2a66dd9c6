"""Every forum page a member or a coordinator reaches: the site's look, plain Japanese, accessible.

machina's own templates (Bootstrap, jQuery tabs, "Default topic") must not
show through: each page loads the site's and the forum's stylesheets, the
composer's poll and attachment panels are closed <details>, every page has
one h1 and no skipped heading level, and every link has a name.

One world for the module (tests/worlds.py): the pages are fetched once per
role and each test reads them.
"""

from html.parser import HTMLParser

from django.test import Client, override_settings

import pytest
from machina.core.db.models import get_model

from organisations.choices import MembershipRole
from tests.organisations.conftest import make_member, make_org_a, make_secretariat

from .conftest import attach, forum_url, make_s1, make_topic, reply, url_of

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

pytestmark = pytest.mark.django_db

ROLES = ("member", "coordinator")
COMPOSERS = ("topic_create", "topic_update", "post_create", "post_update", "preview")


def page_urls(world, role):
    topic, forum = world["topic"], world["forum"]
    user = world[role]
    urls = {
        "index": "/forum/",
        "forum": forum_url(forum),
        "topic": url_of(topic),
        "poll_results": url_of(topic) + "?view_results=true",
        "topic_create": forum_url(forum) + "topic/create/",
        "post_create": url_of(topic) + "post/create/",
        "profile": f"/forum/member/profile/{user.pk}/",
        "user_posts": f"/forum/member/profile/{user.pk}/posts/",
        "subscriptions": "/forum/member/subscriptions/",
        "subscribe": f"/forum/member/topic/{world['other_topic'].pk}/subscribe/",
        "unsubscribe": f"/forum/member/topic/{topic.pk}/unsubscribe/",
        "unread": "/forum/tracking/unread-topics/",
    }
    if role == "coordinator":
        held, sticky = world["held"], world["sticky"]
        urls.update(
            {
                "topic_update": url_of(topic) + "update/",
                "queue": "/forum/moderation/queue/",
                "queued_post": f"/forum/moderation/queue/{held.pk}/",
                "approve": f"/forum/moderation/queue/{held.pk}/approve/",
                "disapprove": f"/forum/moderation/queue/{held.pk}/disapprove/",
                "to_normal": f"/forum/moderation/topic/{sticky.slug}-{sticky.pk}/change/topic/",
                "lock": f"/forum/moderation/topic/{topic.slug}-{topic.pk}/lock/",
                "move": f"/forum/moderation/topic/{topic.slug}-{topic.pk}/move/",
                "topic_delete": f"/forum/moderation/topic/{topic.slug}-{topic.pk}/delete/",
                "post_delete": url_of(topic) + f"{world['member_reply'].pk}/post/delete/",
            }
        )
    else:
        urls["post_update"] = url_of(topic) + f"{world['member_reply'].pk}/post/update/"
    return urls


def preview_data():
    """A new topic with a poll, previewed (the composer page again, with both previews)."""
    return {
        "subject": "見出し",
        "content": "下書きの本文です。",
        "preview": "1",
        "poll_question": "参加できますか",
        "poll_max_options": "1",
        "poll_duration": "",
        "poll-TOTAL_FORMS": "2",
        "poll-INITIAL_FORMS": "0",
        "poll-MIN_NUM_FORMS": "0",
        "poll-MAX_NUM_FORMS": "30",
        "poll-0-text": "はい",
        "poll-1-text": "いいえ",
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        "attachment-MIN_NUM_FORMS": "0",
        "attachment-MAX_NUM_FORMS": "5",
    }


@pytest.fixture(scope="module")
def pages(module_db, tmp_path_factory):
    """{(role, page name): HTML} for every page in page_urls, fetched once."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        org = make_org_a()
        coordinator = make_member(org, MembershipRole.ADMIN)
        member = make_member(org, MembershipRole.STAFF)
        s1 = make_s1(make_secretariat(), coordinator, member)
        forum = s1.forum
        topic, first = make_topic(forum, coordinator, "次回の定例会について")
        attach(first, "定例会資料.pdf")
        poll = TopicPoll.objects.create(topic=topic, question="参加できますか", max_options=1)
        for text in ("参加します", "欠席します"):
            TopicPollOption.objects.create(poll=poll, text=text)
        member_reply = reply(topic, member, "了解しました。")
        other_topic, _ = make_topic(forum, coordinator, "ほかの話題")
        sticky, _ = make_topic(forum, coordinator, "固定された話題")
        Topic.objects.filter(pk=sticky.pk).update(type=Topic.TOPIC_STICKY)
        sticky.refresh_from_db()
        held = reply(topic, member, "承認待ちの返信です。", approved=False)
        world = {
            "forum": forum,
            "topic": topic,
            "other_topic": other_topic,
            "sticky": sticky,
            "held": held,
            "member_reply": member_reply,
            "member": member,
            "coordinator": coordinator,
        }
        fetched = {}
        for role in ROLES:
            client = Client()
            client.force_login(world[role])
            client.get(f"/forum/member/topic/{topic.pk}/subscribe/")  # a subscription to list
            client.post(f"/forum/member/topic/{topic.pk}/subscribe/")
            for name, url in page_urls(world, role).items():
                response = client.get(url)
                assert response.status_code == 200, (role, name, url, response.status_code)
                fetched[role, name] = response.content.decode()
            response = client.post(forum_url(forum) + "topic/create/", preview_data())
            assert response.status_code == 200, (role, "preview")
            fetched[role, "preview"] = response.content.decode()
        return fetched


def each_page(pages, names=None):
    for (role, name), html in pages.items():
        if names is None or name in names:
            yield f"{role}:{name}", html


class Outline(HTMLParser):
    """Stylesheets, headings, links and <details> of a page, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stylesheets = []
        self.headings = []  # (level, text)
        self.details = []  # (summary text, open, ids inside)
        self.nameless_links = []
        self.ids = []
        self._heading = None
        self._links = []  # open <a>: [attrs, text parts]
        self._details = []
        self._summary = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
            for details in self._details:
                details[2].append(attrs["id"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs.get("href", ""))
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._heading = [int(tag[1]), []]
        elif tag == "a" and "href" in attrs:
            self._links.append([attrs, []])
        elif tag == "img" and self._links and attrs.get("alt", "").strip():
            self._links[-1][1].append(attrs["alt"])
        elif tag == "details":
            self._details.append(["", "open" in attrs, []])
        elif tag == "summary":
            self._summary = []
        if self._heading is not None and tag == "img" and attrs.get("alt"):
            self._heading[1].append(attrs["alt"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self._heading:
            self.headings.append((self._heading[0], " ".join("".join(self._heading[1]).split())))
            self._heading = None
        elif tag == "a" and self._links:
            attrs, text = self._links.pop()
            named = "".join(text).strip() or attrs.get("aria-label", "").strip()
            hidden = attrs.get("aria-hidden") == "true" and attrs.get("tabindex") == "-1"
            if not named and not hidden:
                self.nameless_links.append(attrs.get("href"))
        elif tag == "summary" and self._summary is not None and self._details:
            self._details[-1][0] = " ".join("".join(self._summary).split())
            self._summary = None
        elif tag == "details" and self._details:
            self.details.append(tuple(self._details.pop()))

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1].append(data)
        for link in self._links:
            link[1].append(data)
        if self._summary is not None:
            self._summary.append(data)


def outline(html):
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def test_every_page_loads_the_site_and_forum_stylesheets(pages):
    missing = {}
    for name, html in each_page(pages):
        sheets = outline(html).stylesheets
        wanted = ("home/css/site", "forum/css/forum")
        lacking = [w for w in wanted if not any(w in href for href in sheets)]
        if lacking:
            missing[name] = lacking
    assert not missing


def panels_of(html):
    """{"poll" or "attachments": open?} of the composer's <details> panels."""
    found = {}
    for _summary, is_open, ids in outline(html).details:
        if "add_more_poll_option" in ids:
            found["poll"] = is_open
        if "add_more_attachment" in ids:
            found["attachments"] = is_open
    return found


def test_composer_panels_are_details_closed_unless_filled(pages):
    for name, html in each_page(pages, COMPOSERS):
        assert 'data-toggle="tab"' not in html and "nav-tabs" not in html, name
    for role in ROLES:
        assert panels_of(pages[role, "topic_create"]) == {"poll": False, "attachments": False}
        assert panels_of(pages[role, "post_create"]) == {"attachments": False}
        # A previewed poll stays in sight.
        assert panels_of(pages[role, "preview"]) == {"poll": True, "attachments": False}
    # Editing a topic that has a poll and a file shows both.
    assert panels_of(pages["coordinator", "topic_update"]) == {"poll": True, "attachments": True}
    assert panels_of(pages["member", "post_update"]) == {"attachments": False}


def test_no_machina_jargon_and_plain_topic_types(pages):
    for name, html in each_page(pages):
        assert "デフォルトトピック" not in html, name
        assert "Default topic" not in html, name
        assert "/media/machina/attachments/" not in html, name
    composer = pages["coordinator", "topic_create"]
    for label in ("通常のトピック", "上に固定するトピック"):
        assert label in composer
    # A member may only post ordinary topics: no choice of one.
    assert "通常のトピック" not in pages["member", "topic_create"]


def test_every_page_has_one_h1_and_no_skipped_heading_level(pages):
    problems = {}
    for name, html in each_page(pages):
        headings = outline(html).headings
        levels = [level for level, _text in headings]
        if levels.count(1) != 1 or not levels or levels[0] != 1:
            problems[name] = ("h1", headings)
            continue
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems[name] = ("skip", headings)
                break
    assert not problems


def test_every_link_has_an_accessible_name(pages):
    problems = {}
    for name, html in each_page(pages):
        nameless = outline(html).nameless_links
        if nameless:
            problems[name] = nameless
    assert not problems


def test_the_poll_is_answered_with_a_vote_button(pages):
    """ "送信" beside the topic's "返信" reads like sending a reply: the button says 投票する."""
    html = pages["member", "topic"]
    form = html[html.index('<form method="post" action="/forum/poll/') :]
    form = form[: form.index("</form>")]
    assert 'value="投票する"' in form
    assert 'value="送信"' not in form


def test_buttons_are_submit_buttons_with_no_made_up_role(pages):
    """machina's confirmation pages wrote role="submit", which is no ARIA role (axe: critical)."""
    bad = [name for name, html in each_page(pages) if 'role="submit"' in html]
    assert not bad


def test_approving_says_what_the_buttons_do(pages):
    approve, disapprove = pages["coordinator", "approve"], pages["coordinator", "disapprove"]
    assert ">承認する</button>" in approve
    assert ">却下して削除する</button>" in disapprove
    for html in (approve, disapprove):
        assert "はい" not in html


def test_no_empty_avatar_placeholder(pages):
    """machina's placeholder is a Font Awesome icon (not loaded here) in class="avatar empty",
    which the site's .empty style drew as an empty dashed box beside each post."""
    bad = [name for name, html in each_page(pages) if "avatar empty" in html]
    assert not bad
