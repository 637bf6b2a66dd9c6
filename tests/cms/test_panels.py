"""cms.panels: slots that pages name and apps fill (home, not_found, search_empty)."""

import logging

from django.template import engines

import pytest

from cms import panels
from tests.home.factories import NewsIndexPageFactory

# Small templates of our own, so these tests need neither the database nor
# the real panels' markup.
TEMPLATES = {
    "test/panel.html": "<p>{{ text }}</p>\n",
    "test/request.html": "<p>{{ request.path }}|{{ who|default:'-' }}</p>",
    "test/blank.html": "\n   \n",
    "test/broken.html": "{% include 'test/missing.html' %}",
}


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """Each test registers into a copy: the apps' own panels come back afterwards."""
    copy = {slot: dict(registered) for slot, registered in panels._registry.items()}
    monkeypatch.setattr(panels, "_registry", copy)
    return copy


@pytest.fixture
def render(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]

    def render(slot, **context):
        template = engines["django"].from_string('{% load panel_tags %}{% panels "' + slot + '" %}')
        return template.render(context)

    return render


def text(value):
    return {"text": value}


def test_a_slot_shows_its_panels_by_order_then_name(render):
    panels.register("test", "c", template="test/panel.html", context=text("third"), order=20)
    panels.register("test", "b", template="test/panel.html", context=text("second"), order=10)
    panels.register("test", "a", template="test/panel.html", context=text("first"), order=10)
    panels.register("other", "x", template="test/panel.html", context=text("elsewhere"))

    assert [panel.name for panel in panels.panels_for("test")] == ["a", "b", "c"]
    assert render("test") == "<p>first</p>\n<p>second</p>\n<p>third</p>"


def test_registering_a_name_again_replaces_the_panel(render):
    panels.register("test", "a", template="test/panel.html", context=text("old"))
    panels.register("test", "a", template="test/panel.html", context=text("new"))
    assert render("test") == "<p>new</p>"
    panels.unregister("test", "a")
    assert render("test") == ""


def test_an_unknown_slot_renders_nothing(render):
    assert panels.panels_for("nobody-fills-this") == []
    assert render("nobody-fills-this") == ""


def test_the_context_function_reads_the_page_context_and_the_panel_gets_request(rf, render):
    panels.register("test", "a", template="test/request.html", context=lambda c: {"who": c["me"]})
    panels.register("test", "b", template="test/request.html", order=200)
    html = render("test", request=rf.get("/somewhere/"), me="<b>")
    # The panel sees its own values and the request, not the page's other variables.
    assert html == "<p>/somewhere/|&lt;b&gt;</p>\n<p>/somewhere/|-</p>"


def test_a_panel_with_nothing_to_show_renders_nothing(render):
    panels.register("test", "none", template="test/panel.html", context=lambda c: None)
    panels.register("test", "blank", template="test/blank.html")
    panels.register("test", "shown", template="test/panel.html", context=text("kept"))
    assert render("test") == "<p>kept</p>"


def test_a_failing_panel_is_logged_and_left_out(render, caplog):
    def fail(context):
        raise RuntimeError("provider bug")

    panels.register("test", "fails", template="test/panel.html", context=fail, order=1)
    panels.register("test", "broken", template="test/broken.html", order=2)
    panels.register("test", "missing", template="test/no-such-template.html", order=3)
    panels.register("test", "shown", template="test/panel.html", context=text("kept"), order=4)

    with caplog.at_level(logging.ERROR, logger="cms.panels"):
        assert render("test") == "<p>kept</p>"
    failed = [record.getMessage() for record in caplog.records]
    assert failed == [
        "Panel 'fails' of slot 'test' failed; left out",
        "Panel 'broken' of slot 'test' failed; left out",
        "Panel 'missing' of slot 'test' failed; left out",
    ]


# --- The apps' own panels ----------------------------------------------------


def test_apps_register_their_panels_in_ready():
    def names(slot):
        return [panel.name for panel in panels.panels_for(slot)]

    assert names("home") == [
        "support",
        "news",
        "events",
        "exchange",
        "reports",
        "figures",
        "network",
    ]
    assert names("home_network") == ["directory", "practices", "subcommittees"]
    assert names("not_found") == ["support_crisis", "news", "events", "reports"]
    assert names("search_empty") == ["support_crisis"]


@pytest.mark.django_db
def test_home_page_shows_the_apps_sections_and_cards_in_order(client, home_page):
    html = client.get("/").content.decode()
    headings = [
        "相談窓口をさがす",
        "お知らせ",
        "イベント",
        "報告書・会議資料",
        "会員団体とつながる",
    ]
    positions = [html.index(f'">{heading}</h2>') for heading in headings]
    assert positions == sorted(positions)
    network = html[positions[-1] :]
    cards = ["団体を探す</a></h3>", "取組事例</h3>", "分科会</h3>"]
    positions = [network.index(card) for card in cards]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_not_found_page_links_the_sections_that_exist(client, home_page, event_index):
    NewsIndexPageFactory(parent=home_page)
    html = client.get("/no-such-page/").content.decode()
    assert (
        '<li><a href="/news/">お知らせ</a></li>\n<li><a href="/events/">イベント</a></li>' in html
    )
    assert "/reports/" not in html  # this site has no report index


@pytest.mark.django_db
def test_an_empty_search_shows_the_search_empty_slot(client, event_index):
    panels.register(
        "search_empty",
        "events",
        template="includes/section_link.html",
        context=lambda context: {"section": "events", "query": context["query"]},
    )
    link = '<li><a href="/events/">イベント</a></li>'
    assert link in client.get("/search/", {"q": "どこにもない言葉"}).content.decode()
    assert link not in client.get("/search/").content.decode()  # no search, no slot


# --- Shared panels: kept under the page cache's version ------------------------


@pytest.fixture
def kept(render, settings):
    """Fragments on (as with Redis), in the test cache; a request to render for."""
    from django.core.cache import caches
    from django.test import RequestFactory

    settings.FRAGMENT_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()

    def render_kept(slot, request=None):
        # A new request each time, as each reader's is: each reads the version afresh.
        return render(slot, request=request or RequestFactory().get("/"))

    return render_kept


def counting(value):
    calls = []

    def context(page_context):
        calls.append(1)
        return text(value)

    context.calls = calls
    return context


def test_a_shared_panel_is_rendered_once_per_version(kept):
    from cms import page_cache

    context = counting("共有")
    panels.register("test", "shared", template="test/panel.html", context=context, shared=True)
    assert kept("test") == kept("test") == "<p>共有</p>"
    assert len(context.calls) == 1
    page_cache.bump_version()  # something public pages show changed
    assert kept("test") == "<p>共有</p>"
    assert len(context.calls) == 2


def test_a_shared_panel_is_kept_per_language(kept):
    from django.utils import translation

    context = counting("共有")
    panels.register("test", "shared", template="test/panel.html", context=context, shared=True)
    kept("test")
    with translation.override("en"):
        kept("test")
    kept("test")
    assert len(context.calls) == 2


def test_a_panel_that_is_not_shared_is_rendered_every_time(kept):
    context = counting("毎回")
    panels.register("test", "own", template="test/panel.html", context=context)
    kept("test")
    kept("test")
    assert len(context.calls) == 2


def test_a_shared_panel_that_fails_is_not_kept(kept, caplog):
    state = {"fail": True}

    def context(page_context):
        if state["fail"]:
            raise RuntimeError("データベースが一時的に使えない")
        return text("戻った")

    panels.register("test", "shared", template="test/panel.html", context=context, shared=True)
    with caplog.at_level(logging.ERROR, logger="cms.panels"):
        assert kept("test") == ""
    state["fail"] = False
    assert kept("test") == "<p>戻った</p>"


def test_a_panel_that_changes_with_time_shortens_the_page_even_when_kept(kept, settings):
    panels.register(
        "test",
        "soon",
        template="test/panel.html",
        context=text("まもなく"),
        shared=True,
        changes_with_time=True,
    )
    from django.test import RequestFactory

    kept("test")
    request = RequestFactory().get("/")
    kept("test", request)  # from the cache this time
    assert request._page_cache_timeout == settings.PAGE_CACHE_TIME_VARYING_TIMEOUT


def test_the_home_pages_public_panels_are_shared():
    shared = {panel.name for panel in panels.panels_for("home") if panel.shared}
    assert shared == {"news", "events", "exchange", "reports", "figures"}
    # Whose content depends on the reader: never shared.
    assert not any(panel.shared for panel in panels.panels_for("home_network"))
