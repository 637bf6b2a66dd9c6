"""Every page of a members-only forum is a 404 to whoever may not read it (forum.guard).

machina answered 403 (or sent signed-out visitors to sign in), which told a
non-member that the forum, topic, post or poll exists. Members keep machina's
answers: a member refused a coordinator's action still gets a 403.
"""

import pytest

from .conftest import TopicPoll, TopicPollOption, attach, forum_url, make_topic, reply, url_of

pytestmark = pytest.mark.django_db

CANARY = "KANARIA-NF1"


@pytest.fixture
def s1_urls(s1, coordinator, member):
    topic, first = make_topic(s1.forum, coordinator, f"{CANARY} 話題")
    post = reply(topic, member, "返信")
    held = reply(topic, member, "承認待ち", approved=False)
    attachment = attach(first, "shiryo.pdf")
    poll = TopicPoll.objects.create(topic=topic, question="日程は？", max_options=1)
    TopicPollOption.objects.create(poll=poll, text="月曜")
    base = url_of(topic)
    moderation = f"/forum/moderation/topic/{topic.slug}-{topic.pk}/"
    reader = {
        "forum": forum_url(s1.forum),
        "topic": base,
        "feed": f"/forum/feeds/forum/{s1.forum.slug}-{s1.forum.pk}/topics/",
        "attachment": f"/forum/attachment/{attachment.pk}/",
        "topic_create": f"{forum_url(s1.forum)}topic/create/",
        "post_create": f"{base}post/create/",
        "post_update": f"{base}{post.pk}/post/update/",
        "post_delete": f"{base}{post.pk}/post/delete/",
        "topic_update": f"{base}update/",
        "poll_vote": f"/forum/poll/{poll.pk}/vote/",
        "subscribe": f"/forum/member/topic/{topic.pk}/subscribe/",
        "mark_read": f"/forum/tracking/mark/forum/{s1.forum.pk}/topics/",
    }
    moderator = {
        "lock": f"{moderation}lock/",
        "unlock": f"{moderation}unlock/",
        "delete": f"{moderation}delete/",
        "move": f"{moderation}move/",
        "sticky": f"{moderation}change/sticky/",
        "announce": f"{moderation}change/announce/",
        "queued_post": f"/forum/moderation/queue/{held.pk}/",
        "approve": f"/forum/moderation/queue/{held.pk}/approve/",
        "disapprove": f"/forum/moderation/queue/{held.pk}/disapprove/",
    }
    return reader, moderator


def answers(client, urls, outsider=False):
    """url name → (GET status, POST status); POSTs carry no data, so they change nothing."""
    result = {}
    for name, url in urls.items():
        get, post = client.get(url), client.post(url)
        for response in (get, post) if outsider else ():
            assert CANARY not in response.content.decode(errors="replace"), (name, response)
        result[name] = (get.status_code, post.status_code)
    return result


# Answers that say nothing about existence: 405 comes before any lookup.
NOTHING_SAID = {(404, 404), (404, 405)}


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "other_member"])
def test_outsiders_get_404_everywhere(client, request, persona, s1, s2, s1_urls):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    reader, moderator = s1_urls
    got = answers(client, reader | moderator, outsider=True)
    assert {name: codes for name, codes in got.items() if codes not in NOTHING_SAID} == {}
    # The queue: a 404 unless one moderates somewhere (S2's coordinator does, not S1's posts).
    queue = client.get("/forum/moderation/queue/")
    assert queue.status_code == (200 if persona == "other_member" else 404)
    assert CANARY not in queue.content.decode()


def test_a_member_is_refused_moderation_with_403(client, member, s1_urls):
    client.force_login(member)
    reader, moderator = s1_urls
    got = answers(client, moderator)
    assert all(get == 403 for get, _post in got.values()), got
    assert client.get("/forum/moderation/queue/").status_code == 404  # no forum to name
    got = answers(client, {"forum": reader["forum"], "topic": reader["topic"]})
    assert got["forum"][0] == 200 and got["topic"][0] == 200


def test_the_coordinator_is_never_told_404(client, coordinator, s1_urls):
    client.force_login(coordinator)
    reader, moderator = s1_urls
    for name, url in (reader | moderator).items():
        if name in {"delete", "disapprove", "post_delete"}:
            assert client.get(url).status_code == 200, name  # the confirmation pages
        else:
            assert client.get(url).status_code != 404, name


def test_a_public_forum_still_sends_signed_out_posters_to_sign_in(client, s2, other_member):
    topic, _post = make_topic(s2.forum, other_member, "公開の話題")
    assert client.get(url_of(topic)).status_code == 200
    response = client.get(f"{url_of(topic)}post/create/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_missing_topic_and_a_hidden_one_look_the_same(client, outsider, s1, s1_urls):
    client.force_login(outsider)
    reader, _moderator = s1_urls
    hidden = client.get(reader["topic"])
    missing = client.get("/forum/forum/x-999999/topic/y-999999/")
    assert hidden.status_code == missing.status_code == 404
