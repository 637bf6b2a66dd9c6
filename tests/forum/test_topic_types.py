"""The composer's topic types in plain words (forum.topic_types), posted through HTTP."""

import pytest
from machina.core.db.models import get_model

from .conftest import forum_url

Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


def new_topic_data(**extra):
    data = {
        "subject": "新しい話題",
        "content": "本文です。",
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        "attachment-MIN_NUM_FORMS": "0",
        "attachment-MAX_NUM_FORMS": "5",
        "poll-TOTAL_FORMS": "0",
        "poll-INITIAL_FORMS": "0",
        "poll-MIN_NUM_FORMS": "0",
        "poll-MAX_NUM_FORMS": "30",
    }
    data.update(extra)
    return data


def test_coordinator_pins_a_topic_with_the_plain_choice(client, s1, coordinator):
    client.force_login(coordinator)
    url = forum_url(s1.forum) + "topic/create/"
    response = client.post(url, new_topic_data(topic_type=str(Topic.TOPIC_STICKY)))
    assert response.status_code == 302
    assert Topic.objects.get(subject="新しい話題").type == Topic.TOPIC_STICKY


def test_an_unknown_topic_type_is_refused_and_the_text_kept(client, s1, coordinator):
    client.force_login(coordinator)
    url = forum_url(s1.forum) + "topic/create/"
    response = client.post(url, new_topic_data(topic_type="9"))
    assert response.status_code == 200
    assert not Topic.objects.filter(subject="新しい話題").exists()
    page = response.content.decode()
    assert "本文です。" in page and 'class="text-danger error"' in page


def test_a_member_posts_an_ordinary_topic_whatever_is_sent(client, s1, member):
    client.force_login(member)
    url = forum_url(s1.forum) + "topic/create/"
    response = client.post(url, new_topic_data(topic_type=str(Topic.TOPIC_ANNOUNCE)))
    assert response.status_code == 302
    assert Topic.objects.get(subject="新しい話題").type == Topic.TOPIC_POST
