"""Known XSS payloads through every forum sink and view: none survives.

Sinks: post body, topic subject, signature, poll question, poll option.
Views: topic page, forum page, preview, RSS feed, member posts list, profile,
forum search. The checker (html_checks.script_problems) works on whole pages,
so the site's own markup is held to the same rule (no inline script or style).
"""

import html
import re

from django.contrib.auth.models import AnonymousUser

import pytest
from machina.core.db.models import get_model

from forum.markup import render, sanitise_forum_html

from .conftest import forum_url, make_topic, reply, url_of
from .html_checks import load_corpus, script_problems

ForumProfile = get_model("forum_member", "ForumProfile")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

CORPUS = load_corpus()
POSTS_PER_PAGE = 15  # machina's MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE default


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 85


@pytest.mark.parametrize("payload", CORPUS)
def test_renderer_output_is_inert_and_a_sanitiser_fixed_point(payload):
    rendered = render(payload)
    assert script_problems(rendered, allow_site_script_src=False) == [], rendered
    assert sanitise_forum_html(rendered) == rendered
    # The dangerous words may survive only as escaped text.
    assert "<script" not in rendered.lower()


def test_markdown_still_works():
    rendered = render("**太字** と [リンク](https://example.org/) と\n\n- 項目")
    assert "<strong>太字</strong>" in rendered
    assert 'href="https://example.org/"' in rendered and 'rel="nofollow noopener ugc"' in rendered
    assert "<li>項目</li>" in rendered


def _assert_clean(response, where):
    assert response.status_code == 200, where
    body = response.content.decode()
    problems = script_problems(body)
    assert problems == [], f"{where}: {problems[:5]}"
    return body


def _feed_descriptions(xml):
    """The HTML inside each RSS <description>, unescaped once (as a reader would)."""
    return [
        html.unescape(text) for text in re.findall(r"<description>(.*?)</description>", xml, re.S)
    ]


@pytest.fixture
def poisoned_topic(s2, other_member):
    """A public topic whose posts, subjects, signature and poll carry the corpus."""
    profile, _ = ForumProfile.objects.get_or_create(user=other_member)
    profile.signature = CORPUS[1] + "\n" + CORPUS[27]
    profile.save()
    topic, _first = make_topic(s2.forum, other_member, "毒入りトピック", CORPUS[0])
    for payload in CORPUS:
        reply(topic, other_member, payload)
    poll = TopicPoll.objects.create(topic=topic, question=CORPUS[2][:255], max_options=1)
    for payload in CORPUS[:30]:
        TopicPollOption.objects.create(poll=poll, text=payload[:255])
    # Subjects are plain text: a few topics titled with payloads.
    for payload in CORPUS[::10]:
        make_topic(s2.forum, other_member, payload[:255], "本文")
    topic.refresh_from_db()
    return topic


def test_no_payload_survives_in_any_view(client, s2, other_member, poisoned_topic):
    topic = poisoned_topic
    pages = (len(CORPUS) + 1) // POSTS_PER_PAGE + 1
    for viewer in (AnonymousUser(), other_member):
        client.logout()
        if viewer.is_authenticated:
            client.force_login(viewer)
        for page in range(1, pages + 1):
            body = _assert_clean(client.get(url_of(topic), {"page": page}), f"topic p{page}")
            assert "alert(1)" in body  # the payloads are there, as text
        _assert_clean(client.get(forum_url(s2.forum)), "forum page")
        _assert_clean(client.get("/forum/"), "forum index")
        _assert_clean(client.get(f"/forum/member/profile/{other_member.pk}/posts/"), "posts")
        _assert_clean(client.get(f"/forum/member/profile/{other_member.pk}/"), "profile")
        _assert_clean(client.get("/forum/search/", {"q": "alert"}, follow=True), "search")
        feed = client.get(f"/forum/feeds/forum/{s2.forum.slug}-{s2.forum.pk}/topics/")
        assert feed.status_code == 200
        descriptions = _feed_descriptions(feed.content.decode())
        assert descriptions
        for description in descriptions:
            assert script_problems(description, allow_site_script_src=False) == [], description


def test_preview_of_every_payload_is_inert(client, s2, other_member):
    topic, _post = make_topic(s2.forum, other_member, "プレビュー", "本文")
    client.force_login(other_member)
    url = url_of(topic) + "post/create/"
    for payload in CORPUS:
        response = client.post(
            url,
            {
                "subject": "Re: プレビュー",
                "content": payload,
                "preview": "1",
                "attachment-TOTAL_FORMS": "0",
                "attachment-INITIAL_FORMS": "0",
            },
        )
        _assert_clean(response, f"preview of {payload!r}")


def test_existing_unsafe_html_is_rerendered(s2, other_member):
    """Rows rendered by an older renderer are fixed by the re-render command."""
    from django.core.management import call_command

    Post = get_model("forum_conversation", "Post")
    _topic, post = make_topic(s2.forum, other_member, "古い投稿", "ふつうの本文")
    Post.objects.filter(pk=post.pk).update(_content_rendered='<img src=x onerror="alert(1)">')
    call_command("rerender_forum_markup")
    post.refresh_from_db()
    assert "onerror" not in post._content_rendered
    assert "ふつうの本文" in post._content_rendered
