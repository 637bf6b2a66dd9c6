"""Re-rendering stored markup shows at once on pages kept under the version.

``rerender_forum_markup`` rewrites the stored HTML with QuerySet.update(),
which sends no signal: it moves the page cache's version itself, or a topic
page whose post parts were kept would show the old HTML until the TTL.
"""

from django.core.management import call_command
from django.test import Client

import pytest
from machina.core.db.models import get_model

from home.models import SiteSettings
from subcommittees import services as subcommittee_services
from subcommittees.models import SubcommitteeMembership

from .conftest import make_topic, url_of

Post = get_model("forum_conversation", "Post")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments_kept")]


def test_a_rerendered_post_shows_on_a_kept_topic_page(site, s2, other_member, member):
    SiteSettings.for_site(site)  # made on first read: a save that moves the version
    SubcommitteeMembership.objects.create(subcommittee=s2, user=member)
    subcommittee_services.sync_forum(s2)
    topic, post = make_topic(s2.forum, other_member, "古い投稿", "ふつうの本文")
    Post.objects.filter(pk=post.pk).update(_content_rendered="<p>古い描画の本文</p>")
    client = Client()
    client.force_login(member)
    before = client.get(url_of(topic)).content.decode()
    assert "古い描画の本文" in before  # the part is kept with the stale HTML

    call_command("rerender_forum_markup", verbosity=0)

    after = client.get(url_of(topic)).content.decode()
    assert "古い描画の本文" not in after
    assert "ふつうの本文" in after
